import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conversations.models import Availability, Round, Slot
from conversations.rounds import round_audience, round_update
from tests import factories as f

from .test_rounds_support import DAY, make_round, t, with_slots

pytestmark = pytest.mark.django_db


def test_a_round_must_lie_in_the_school_year_with_year_levels_and_forms(world):
    with pytest.raises(ValidationError):
        make_round(world, first_day=datetime.date(2030, 1, 7), last_day=datetime.date(2030, 1, 8))
    with pytest.raises(ValidationError):
        make_round(world, year_levels=[])
    with pytest.raises(ValidationError):
        make_round(world, forms=["fax"])
    round = make_round(world)
    with pytest.raises(ValidationError):
        round_update(round=round, last_day=DAY - datetime.timedelta(days=1))
    assert round_update(round=round, slot_minutes=20).slot_minutes == 20


def test_the_audience_has_separated_parents_as_separate_guardians(world):
    piet = f.GuardianFactory(school=world.school_a, first_name="Piet", last_name="Prins")
    f.GuardianOfFactory(guardian=piet, pupil=world.pim, invite_separately=True)
    audience = {i.pupil: i for i in round_audience(round=make_round(world, year_levels=[3]))}
    assert list(audience) == [world.pim]
    assert audience[world.pim].separated
    assert set(audience[world.pim].guardians) == {world.anna, piet}


def test_leadership_creates_a_round(world, login_as):
    client = login_as(world.lea)
    data = {"kind": "start", "title": "Startgesprekken", "year_levels": ["3", "4"], "first_day": DAY.isoformat(),
            "last_day": (DAY + datetime.timedelta(days=3)).isoformat(), "slot_minutes": "15",
            "family_gap_minutes": "5", "forms": ["at_school", "video"],
            "booking_closes_hours_before": "24"}  # fmt: skip
    response = client.post(reverse("conversations:round_add"), data)
    round = Round.objects.get(title="Startgesprekken")
    assert response.status_code == 302 and round.year_levels == [3, 4] and round.school_year == world.year_a
    assert client.get(reverse("conversations:rounds")).content.decode().count("Startgesprekken") == 1


def test_a_teacher_cannot_create_rounds(world, login_as):
    assert login_as(world.tess).get(reverse("conversations:round_add")).status_code == 403


def test_a_teacher_enters_availability_and_generates_slots(world, login_as):
    round = make_round(world)
    client = login_as(world.tess)
    url = reverse("conversations:availability", kwargs={"round_id": round.pk})
    response = client.post(url, {"day": DAY.isoformat(), "start": "15:00", "end": "16:00", "room": "3a"})
    assert response.status_code == 302
    assert Availability.objects.get(round=round, staff=world.tess).starts_at == t(15)
    client.post(reverse("conversations:slots_generate", kwargs={"round_id": round.pk}))
    assert Slot.objects.filter(round=round, staff=world.tess).count() == 4


def test_staff_of_another_school_gets_404(world, login_as):
    round = make_round(world)
    for staff, name in ((world.sven, "availability"), (world.lars, "round"), (world.lars, "coverage"),
                        (world.lars, "plan"), (world.lars, "round_edit")):  # fmt: skip
        assert login_as(staff).get(reverse(f"conversations:{name}", kwargs={"round_id": round.pk})).status_code == 404


def test_leadership_sees_coverage_and_the_proposal_with_unplaced_families(world, login_as):
    round = with_slots(make_round(world, year_levels=[3, 6]), (world.tess, t(15), t(15, 15)))
    client = login_as(world.lea)
    page = client.get(reverse("conversations:coverage", kwargs={"round_id": round.pk})).content.decode()
    assert "groep 3" in page and "groep 5/6" in page
    page = client.get(reverse("conversations:plan", kwargs={"round_id": round.pk})).content.decode()
    assert "Pim Prins" in page and "Bo Bakker (groep 5/6): geen gespreksplekken bij leerkracht" in page


def test_leadership_applies_the_plan(world, login_as):
    pytest.importorskip("conversations.booking")
    round = with_slots(make_round(world), (world.tess, t(15), t(16)), (world.otto, t(15), t(16)))
    response = login_as(world.lea).post(reverse("conversations:plan", kwargs={"round_id": round.pk}))
    assert response.status_code == 302
    assert round.bookings.filter(status="proposed").count() == 2


def test_the_round_list_takes_a_fixed_number_of_queries(world, login_as, django_assert_max_num_queries):
    for n in range(5):
        with_slots(make_round(world, title=f"Ronde {n}"), (world.tess, t(15 + n), t(15 + n, 30)))
    client = login_as(world.lea)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("conversations:rounds")).content.decode()
    assert page.count("Ronde ") >= 5
