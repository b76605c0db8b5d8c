"""The default programme and leadership's edits."""

import pytest
from django.core.exceptions import ValidationError

from meetings.models import ProgrammeItem
from meetings.programme import programme_install, programme_item_add, programme_item_update
from tests import factories as f

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
    assert (three.year_levels, three.lateral_entrants, three.pupils_welcome) == ([3, 7, 8], True, True)


def test_session_3_is_for_groep_7_too_and_the_school_may_narrow_it(school):
    """Issue 14, point 14: the card's session 3 (school system, advice) is for groep 3, lateral
    entrants and groep 7/8; the default left groep 7 out."""
    three = programme_install(school=school)[2]
    assert three.key == "school_system" and 7 in three.year_levels and 8 in three.year_levels

    programme_item_update(item=three, year_levels=[8])

    three.refresh_from_db()
    assert three.year_levels == [8]
    assert programme_install(school=school)[2].year_levels == [8]  # installing again keeps the school's choice


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


def test_groep_7_parents_are_invited_to_session_3_by_default(school):
    import datetime

    from django.utils import timezone

    from meetings.invitations import invitations_send
    from meetings.models import Session

    from .conftest import Family, make_year

    today = timezone.localdate()
    family = Family(make_year(school, today - datetime.timedelta(days=20), today + datetime.timedelta(days=300)))
    three = programme_install(school=school)[2]
    groep_7, groep_6 = family.guardian(family.pupil("7", 7)), family.guardian(family.pupil("6", 6))
    session = Session.objects.create(item=three, school_year=family.year, year_levels=three.year_levels,
                                     lateral_entrants=three.lateral_entrants,
                                     starts_at=timezone.now() + datetime.timedelta(days=20))  # fmt: skip

    invitations_send(session=session, by=None)

    assert set(session.invitations.values_list("guardian_id", flat=True)) == {groep_7.pk}
    assert groep_6.pk not in set(session.invitations.values_list("guardian_id", flat=True))


def test_the_migration_gives_untouched_programmes_groep_7_and_keeps_a_schools_choice(school):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("meetings.migrations.0004_school_system_includes_groep_7")
    three = programme_install(school=school)[2]
    ProgrammeItem.objects.filter(pk=three.pk).update(year_levels=[3, 8])  # the old default
    narrowed = programme_item_update(item=programme_install(school=f.SchoolFactory())[2], year_levels=[8])

    migration.add_groep_7(apps, None)

    assert ProgrammeItem.objects.get(pk=three.pk).year_levels == [3, 7, 8]
    assert ProgrammeItem.objects.get(pk=narrowed.pk).year_levels == [8]
