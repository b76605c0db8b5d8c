"""A session shared by several groups moves only by leadership or its organiser; the other teachers
propose a move, and the families hear of it only when the proposal is accepted (issue 17, point 6)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.invitations import invitations_send, session_update
from meetings.models import MoveOutcome, Session, SessionMoveProposal
from meetings.moves import MoveNeedsProposal, session_move_decide
from meetings.programme import programme_install
from messaging.models import Message, Purpose

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(world):
    """Session 1 for groep 3 (Tess: Pim, Anna) and groep 6 (Otto: Bo, Bert), invitations sent."""
    item = programme_install(school=world.school_a)[0]
    starts_at = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=20)
    session = Session.objects.create(item=item, school_year=world.year_a, year_levels=[3, 6], starts_at=starts_at,
                                     location="Aula")  # fmt: skip
    invitations_send(session=session, by=world.lea, base_url="https://ouders.example.nl")
    return session


def walk_proposal(world):
    """Tess's proposal to move the walk's session (the access walk's `proposal_id`)."""
    from tests.meetings.test_attendance import walk_invitation

    session = walk_invitation(world).session
    existing = SessionMoveProposal.objects.filter(session=session).first()
    return existing or SessionMoveProposal.objects.create(
        session=session, proposed_by=world.tess, starts_at=session.starts_at, duration_minutes=60, location="Gymzaal"
    )


def notices(session):
    return Message.objects.filter(purpose=Purpose.NOTICE, parts__source=f"meetings.session:{session.pk}:change")


def edit(client, session, *, days=1, time="08:30", location="Gymzaal", **extra):
    local = timezone.localtime(session.starts_at) + datetime.timedelta(days=days)
    data = {"day": local.date().isoformat(), "time": time, "duration_minutes": "60", "location": location, **extra}
    return client.post(reverse("meetings:session_edit", kwargs={"session_id": session.pk}), data)


def test_a_teacher_cannot_move_a_session_other_groups_share_it_becomes_a_proposal(world, shared, login_as):
    before = shared.starts_at
    client = login_as(world.tess)
    assert "move-is-a-proposal" in client.get(reverse("meetings:session_edit", args=[shared.pk])).content.decode()
    response = edit(client, shared, reason="Ouderavond botst met de sportdag")
    assert response.status_code == 302
    shared.refresh_from_db()
    assert (shared.starts_at, shared.location) == (before, "Aula")  # nothing moved
    assert not notices(shared).exists()  # and no family heard of it
    [proposal] = SessionMoveProposal.objects.filter(session=shared)
    assert (proposal.proposed_by, proposal.location, proposal.outcome) == (world.tess, "Gymzaal", MoveOutcome.PENDING)
    assert timezone.localtime(proposal.starts_at).time() == datetime.time(8, 30)


def test_the_service_refuses_the_teachers_move_too(world, shared):
    with pytest.raises(MoveNeedsProposal):
        session_update(session=shared, by=world.otto, location="Gymzaal")
    shared.refresh_from_db()
    assert shared.location == "Aula" and not notices(shared).exists()


def test_leadership_accepts_the_proposal_and_only_then_the_families_hear_of_it(world, shared, login_as):
    edit(login_as(world.tess), shared)
    proposal = SessionMoveProposal.objects.get(session=shared)
    page = login_as(world.lea).get(reverse("meetings:session", args=[shared.pk])).content.decode()
    assert f'data-proposal="{proposal.pk}"' in page and "Aannemen en ouders bericht sturen" in page
    url = reverse("meetings:session_move_decision", args=[shared.pk, proposal.pk])
    assert login_as(world.lea).post(url, {"decision": "accept"}).status_code == 302
    shared.refresh_from_db()
    assert shared.location == "Gymzaal" and shared.starts_at == proposal.starts_at
    assert set(notices(shared).values_list("guardian", flat=True)) == {world.anna.pk, world.bert.pk}
    proposal.refresh_from_db()
    assert (proposal.outcome, proposal.decided_by) == (MoveOutcome.ACCEPTED, world.lea)


def test_a_declined_proposal_changes_nothing_and_tells_nobody(world, shared, login_as):
    edit(login_as(world.otto), shared)
    proposal = SessionMoveProposal.objects.get(session=shared)
    url = reverse("meetings:session_move_decision", args=[shared.pk, proposal.pk])
    assert login_as(world.lea).post(url, {"decision": "decline"}).status_code == 302
    shared.refresh_from_db()
    assert shared.location == "Aula" and not notices(shared).exists()
    assert SessionMoveProposal.objects.get().outcome == MoveOutcome.DECLINED
    with pytest.raises(Exception, match="al besloten"):
        session_move_decide(proposal=proposal, by=world.lea, accept=True)


def test_other_teachers_may_not_decide(world, shared, login_as):
    edit(login_as(world.tess), shared)
    proposal = SessionMoveProposal.objects.get(session=shared)
    url = reverse("meetings:session_move_decision", args=[shared.pk, proposal.pk])
    assert login_as(world.otto).post(url, {"decision": "accept"}).status_code == 403
    assert login_as(world.tess).post(url, {"decision": "accept"}).status_code == 403
    assert login_as(world.lars).post(url, {"decision": "accept"}).status_code == 404  # another school
    assert login_as(world.anna).post(url, {"decision": "accept"}).status_code == 403
    assert SessionMoveProposal.objects.get().outcome == MoveOutcome.PENDING and not notices(shared).exists()


def test_the_organiser_moves_it_directly_and_decides_proposals(world, shared, login_as):
    session_update(session=shared, by=world.lea, organiser=world.otto)
    assert edit(login_as(world.otto), shared, location="Lokaal 6").status_code == 302
    shared.refresh_from_db()
    assert shared.location == "Lokaal 6" and notices(shared).count() == 2
    edit(login_as(world.tess), shared, location="Gymzaal")
    proposal = SessionMoveProposal.objects.get()
    url = reverse("meetings:session_move_decision", args=[shared.pk, proposal.pk])
    assert login_as(world.otto).post(url, {"decision": "accept"}).status_code == 302
    shared.refresh_from_db()
    assert shared.location == "Gymzaal"


def test_only_leadership_names_the_organiser(world, shared, login_as):
    with pytest.raises(Exception):  # noqa: B017 (PermissionDenied)
        session_update(session=shared, by=world.tess, organiser=world.tess)
    same_time = timezone.localtime(shared.starts_at).strftime("%H:%M")
    edit(login_as(world.tess), shared, location="Aula", days=0, time=same_time, organiser=world.tess.pk)
    shared.refresh_from_db()
    assert shared.organiser is None


def test_a_teacher_still_moves_a_session_only_her_groups_attend(world, login_as):
    item = programme_install(school=world.school_a)[0]
    own = Session.objects.create(item=item, school_year=world.year_a, year_levels=[3], location="Aula",
                                 starts_at=timezone.now() + datetime.timedelta(days=20))  # fmt: skip
    assert edit(login_as(world.tess), own).status_code == 302
    own.refresh_from_db()
    assert own.location == "Gymzaal" and not SessionMoveProposal.objects.exists()


def test_a_proposal_that_changes_nothing_is_refused_with_a_clear_message(world, shared, login_as):
    local = timezone.localtime(shared.starts_at)
    response = edit(login_as(world.tess), shared, days=0, time=local.strftime("%H:%M"), location="Aula",
                    childcare="on")  # fmt: skip
    assert response.status_code == 302  # nothing of the move changed: an ordinary edit
    assert not SessionMoveProposal.objects.exists()
