"""The default programme and leadership's edits."""

import pytest
from django.core.exceptions import ValidationError

from meetings.models import ProgrammeItem
from meetings.programme import programme_install, programme_item_add, programme_item_update

pytestmark = pytest.mark.django_db


def test_defaults_are_installed_once_by_key(school):
    first = programme_install(school=school)
    programme_item_update(item=first[2], title="Onze school en het advies", year_levels=[3, 7])
    again = programme_install(school=school)
    assert [(i.number, i.key) for i in again] == [(1, "milestones"), (2, "work_attitude"), (3, "school_system")]
    assert ProgrammeItem.objects.filter(school=school).count() == 3
    assert again[2].title == "Onze school en het advies" and again[2].year_levels == [3, 7]


def test_the_three_defaults_have_the_issue_audiences(school):
    one, two, three = programme_install(school=school)
    assert (one.year_levels, one.lateral_entrants) == ([1, 2, 3, 4, 5, 6, 7, 8], False)
    assert (two.year_levels, two.lateral_entrants) == ([3], True)
    assert (three.year_levels, three.lateral_entrants, three.pupils_welcome) == ([3, 8], True, True)


def test_a_school_adds_a_session_after_the_others_and_a_deleted_default_comes_back(school):
    programme_install(school=school)
    extra = programme_item_add(school=school, title="Mediawijsheid", topics="Schermtijd", year_levels=[5, 6])
    assert extra.number == 4
    ProgrammeItem.objects.filter(school=school, key="work_attitude").delete()
    programme_install(school=school)
    assert ProgrammeItem.objects.get(school=school, key="work_attitude").number == 2


@pytest.mark.parametrize("levels", [[], [0], [9], ["x"]])
def test_year_levels_are_validated(school, levels):
    item = programme_install(school=school)[0]
    with pytest.raises(ValidationError):
        programme_item_update(item=item, year_levels=levels)
