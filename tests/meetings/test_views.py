"""The pages: RSVP by token without login, the portal list, staff pages with scoping, calendar files."""

import datetime
import re

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.invitations import invitations_send
from meetings.models import Invitation, Response, Session
from meetings.programme import programme_install
from messaging.models import Message, Purpose
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def evening(world):
    """Session 1 for groep 3/4 of school A, invitations sent to Anna (Pim's guardian)."""
    item = programme_install(school=world.school_a)[0]
    starts_at = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=20)
    session = Session.objects.create(item=item, school_year=world.year_a, year_levels=[3, 4], starts_at=starts_at,
                                     location="Aula", childcare=True, interpreter_languages=["ar"])  # fmt: skip
    invitations_send(session=session, by=world.lea, base_url="https://ouders.example.nl")
    return session


def token_of(guardian):
    text = Message.objects.get(guardian=guardian, purpose=Purpose.NOTICE).text
    return re.search(r"https://ouders\.example\.nl/bijeenkomsten/antwoord/([\w-]+)/", text).group(1)


def test_token_link_works_without_login_and_records_the_answer(world, evening, client):
    url = reverse("meetings:rsvp", kwargs={"token": token_of(world.anna)})
    page = client.get(url)
    assert page.status_code == 200 and "Ik kom" in page.content.decode() and "Pim" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"

    response = client.post(url, {"response": "coming", "childcare_children": "2", "interpreter_language": "ar",
                                 "question": "Mag mijn zus mee?"})  # fmt: skip

    assert response.status_code == 302
    invitation = Invitation.objects.get(session=evening, guardian=world.anna)
    assert (invitation.response, invitation.childcare_children, invitation.interpreter_language) == ("coming", 2, "ar")
    assert invitation.question == "Mag mijn zus mee?"


def test_wrong_token_is_404(world, evening, client):
    assert client.get(reverse("meetings:rsvp", kwargs={"token": "not-a-real-token"})).status_code == 404
    assert client.get(reverse("meetings:rsvp_ics", kwargs={"token": "not-a-real-token"})).status_code == 404


def test_token_answers_only_its_own_invitation(world, evening, client):
    other = f.GuardianFactory(school=world.school_a, email="zus@example.nl")
    f.GuardianOfFactory(guardian=other, pupil=world.pim)
    invitations_send(session=evening, by=None, base_url="https://ouders.example.nl")
    client.post(reverse("meetings:rsvp", kwargs={"token": token_of(world.anna)}), {"response": "not_coming"})
    assert Invitation.objects.get(guardian=world.anna).response == Response.NOT_COMING
    assert Invitation.objects.get(guardian=other).response == Response.NONE


def test_rsvp_page_is_in_the_guardians_language(world, evening, client):
    world.anna.language = "ar"
    world.anna.save(update_fields=["language"])
    page = client.get(reverse("meetings:rsvp", kwargs={"token": token_of(world.anna)}))
    assert 'lang="ar"' in page.content.decode() and 'dir="rtl"' in page.content.decode()


def test_counts_update_after_an_answer(world, evening, client, login_as):
    client.post(reverse("meetings:rsvp", kwargs={"token": token_of(world.anna)}),
                {"response": "maybe", "childcare_children": "1", "interpreter_language": "tr"})  # fmt: skip
    page = login_as(world.tess).get(reverse("meetings:session", kwargs={"session_id": evening.pk}))
    assert page.status_code == 200
    counts = page.context["counts"]
    assert (counts.invited, counts.maybe, counts.no_answer, counts.childcare_children) == (1, 1, 0, 1)
    assert counts.interpreters == {"tr": 1}


def test_portal_lists_only_my_invitations(world, evening, login_as):
    bo_evening = Session.objects.create(item=evening.item, school_year=world.year_a, year_levels=[6],
                                        starts_at=evening.starts_at + datetime.timedelta(days=1))  # fmt: skip
    invitations_send(session=bo_evening, by=None)
    client = login_as(world.bert)
    page = client.get(reverse("meetings:my_invitations"))
    assert [inv.session for inv in page.context["invitations"]] == [bo_evening]
    assert client.get(reverse("meetings:my_rsvp", kwargs={"session_id": evening.pk})).status_code == 404
    assert client.get(reverse("meetings:my_session_ics", kwargs={"session_id": evening.pk})).status_code == 404


def test_guardian_answers_in_the_portal(world, evening, login_as):
    client = login_as(world.anna)
    url = reverse("meetings:my_rsvp", kwargs={"session_id": evening.pk})
    assert client.get(url).status_code == 200
    client.post(url, {"response": "coming", "childcare_children": "0"})
    assert Invitation.objects.get(guardian=world.anna).response == Response.COMING


@pytest.mark.parametrize("persona", ["sven", "lars", "otto"])
def test_staff_of_another_school_or_other_year_levels_get_404(world, evening, login_as, persona):
    client = login_as(getattr(world, persona))
    for name in ("session", "session_edit", "session_ics"):
        assert client.get(reverse(f"meetings:{name}", kwargs={"session_id": evening.pk})).status_code == 404, name
    assert evening not in client.get(reverse("meetings:sessions")).context["rows"]


def test_teacher_sees_sessions_for_the_year_levels_of_her_groups(world, evening, login_as):
    page = login_as(world.tess).get(reverse("meetings:sessions"))
    assert [s for s, _counts in page.context["rows"]] == [evening]


def test_teacher_cannot_send_invitations_or_plan(world, evening, login_as):
    client = login_as(world.tess)
    assert client.post(reverse("meetings:session_invite", kwargs={"session_id": evening.pk})).status_code == 403
    assert client.get(reverse("meetings:plan", kwargs={"school_year_id": world.year_a.pk})).status_code == 403


def test_leadership_sends_invitations_from_the_session_page(world, login_as):
    item = programme_install(school=world.school_a)[1]
    session = Session.objects.create(item=item, school_year=world.year_a, year_levels=[3],
                                     starts_at=timezone.now() + datetime.timedelta(days=30))  # fmt: skip
    response = login_as(world.lea).post(reverse("meetings:session_invite", kwargs={"session_id": session.pk}))
    assert response.status_code == 302
    assert list(Invitation.objects.filter(session=session).values_list("guardian", flat=True)) == [world.anna.pk]


def test_teacher_adjusts_a_session_and_it_is_fixed(world, evening, login_as):
    url = reverse("meetings:session_edit", kwargs={"session_id": evening.pk})
    local = timezone.localtime(evening.starts_at) + datetime.timedelta(days=1)
    data = {
        "day": local.date().isoformat(),
        "time": "08:30",
        "duration_minutes": "60",
        "location": "Lokaal 3",
        "presenters": [world.tess.pk],
        "guest_presenters": "Pedagoog",
        "childcare": "on",
        "fixed": "on",
    }
    assert login_as(world.tess).post(url, data).status_code == 302
    evening.refresh_from_db()
    assert evening.fixed and evening.location == "Lokaal 3" and list(evening.presenters.all()) == [world.tess]
    assert timezone.localtime(evening.starts_at).time() == datetime.time(8, 30)


def test_leadership_plans_the_year_on_the_page(world, login_as):
    """Leadership plans next year's programme before it starts (the running year's weeks 1–9 may be
    past: nothing is ever placed before a week from today)."""
    programme_install(school=world.school_a)
    first = world.year_a.last_day + datetime.timedelta(days=45)
    first -= datetime.timedelta(days=first.weekday())
    next_year = f.SchoolYearFactory(school=world.school_a, first_day=first)
    client = login_as(world.lea)
    url = reverse("meetings:plan", kwargs={"school_year_id": next_year.pk})
    preview = client.get(url, {"time_of_day": "19:30", "location": "Aula"})
    assert preview.status_code == 200 and preview.context["proposal"].sessions
    assert client.post(url, {"time_of_day": "19:30", "location": "Aula"}).status_code == 302
    assert Session.objects.filter(school_year=next_year).count() == len(preview.context["proposal"].sessions)


def test_planning_in_the_running_year_places_nothing_within_a_week(world, login_as):
    programme_install(school=world.school_a)
    client = login_as(world.lea)
    url = reverse("meetings:plan", kwargs={"school_year_id": world.year_a.pk})
    proposal = client.get(url, {"time_of_day": "19:30"}).context["proposal"]
    horizon = timezone.localdate() + datetime.timedelta(days=7)
    assert all(timezone.localtime(p.starts_at).date() >= horizon for p in proposal.sessions if p.session is None)
    if timezone.localdate() + datetime.timedelta(days=7) > world.year_a.first_day + datetime.timedelta(weeks=9):
        # past weeks 1–9: the earliest good days are proposed, the card's advice is a warning
        assert proposal.sessions and not proposal.unplaced
        assert all("De kaart raadt week 1–9 aan" in text for text in proposal.warnings)


def test_leadership_edits_and_adds_programme_items(world, login_as):
    item = programme_install(school=world.school_a)[2]
    client = login_as(world.lea)
    data = {
        "title": "Het schoolsysteem",
        "topics": "Advies",
        "year_levels": ["3", "7"],
        "lateral_entrants": "on",
        "duration_minutes": "75",
        "active": "on",
    }
    assert client.post(reverse("meetings:programme_item", kwargs={"item_id": item.pk}), data).status_code == 302
    item.refresh_from_db()
    assert (item.title, item.year_levels, item.duration_minutes) == ("Het schoolsysteem", [3, 7], 75)
    assert client.post(reverse("meetings:programme_item_add"), {**data, "title": "Extra"}).status_code == 302
    assert world.school_a.programme.get(title="Extra").number == 4
    assert login_as(world.lars).get(reverse("meetings:programme_item", kwargs={"item_id": item.pk})).status_code == 404


def test_ical_parses_with_a_stable_uid_for_staff_and_guardian(world, evening, client, login_as):
    token_url = reverse("meetings:rsvp_ics", kwargs={"token": token_of(world.anna)})
    guardian_ics = client.get(token_url)
    staff_ics = login_as(world.tess).get(reverse("meetings:session_ics", kwargs={"session_id": evening.pk}))
    events = []
    for response in (guardian_ics, staff_ics):
        assert response["Content-Type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(response.content)
        events += [c for c in calendar.walk("VEVENT")]
    assert {str(e["UID"]) for e in events} == {f"session-{evening.pk}@ouderbetrokkenheid"}
    assert events[0].decoded("DTSTART") == evening.starts_at
    assert str(events[0]["SUMMARY"]) == evening.item.title and str(events[0]["LOCATION"]) == "Aula"
