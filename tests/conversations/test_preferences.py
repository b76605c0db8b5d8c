import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conversations.models import Preference
from conversations.preferences import preference_save

from .test_rounds_support import make_round, t, with_slots

pytestmark = pytest.mark.django_db


def window(start, end):
    return {"start": start.isoformat(), "end": end.isoformat()}


def test_windows_must_lie_on_the_round_days(world):
    round = make_round(world)
    with pytest.raises(ValidationError):
        preference_save(
            round=round, guardian=world.anna, windows=[window(t(15, day=round.last_day.replace(day=1)), t(16))]
        )
    with pytest.raises(ValidationError):
        preference_save(round=round, guardian=world.anna, windows=[{"start": "gisteren", "end": "morgen"}])
    with pytest.raises(ValidationError):
        preference_save(round=round, guardian=world.karel, windows=[window(t(15), t(16))])
    saved = preference_save(round=round, guardian=world.anna, windows=[window(t(15), t(16))], topics=" lezen ")
    assert saved.topics == "lezen" and len(saved.windows) == 1


def test_the_guardian_page_lists_only_rounds_of_their_children(world, login_as):
    mine = make_round(world, title="Ronde groep 3", year_levels=[3], preferences_open_at=timezone.now())
    make_round(world, title="Ronde groep 8", year_levels=[8], preferences_open_at=timezone.now())
    make_round(world, title="Ronde nog niet open", year_levels=[3])
    page = login_as(world.anna).get(reverse("conversations:preferences")).content.decode()
    assert "Ronde groep 3" in page and "Ronde groep 8" not in page
    assert "Ronde nog niet open" not in page  # before its preference period or invitation: the school's own
    assert mine.title in page


def test_a_guardian_gives_preferences_on_the_page(world, login_as):
    round = with_slots(make_round(world, year_levels=[3], forms=["at_school", "video"],
                                  preferences_open_at=timezone.now()), (world.tess, t(15), t(17)))  # fmt: skip
    client = login_as(world.anna)
    url = reverse("conversations:preference", kwargs={"round_id": round.pk})
    page = client.get(url).content.decode()
    assert "15:00–16:00" in page and "16:00–17:00" in page and "Pim" in page
    value = f"{t(16).isoformat()}|{t(17).isoformat()}"
    response = client.post(
        url, {"windows": [value], "form": "video", "topics": "Rekenen", "interpreter_language": "ar"}
    )
    assert response.status_code == 302
    saved = Preference.objects.get(round=round, guardian=world.anna)
    assert (saved.form, saved.topics, saved.interpreter_language, saved.joint) == ("video", "Rekenen", "ar", True)
    assert saved.windows == [{"start": t(16).isoformat(), "end": t(17).isoformat()}]


def test_guardians_of_another_family_or_school_get_404(world, login_as):
    round = make_round(world, year_levels=[3])
    url = reverse("conversations:preference", kwargs={"round_id": round.pk})
    assert login_as(world.karel).get(url).status_code == 404
    assert login_as(world.bert).get(url).status_code == 404
    assert login_as(world.tess).get(url).status_code == 403
