"""Buddies: consent from both, reminders to the buddy once per session in their language,
same school only, never one's own buddy, and the pair visible to the parent's teacher."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from meetings.models import Invitation
from messaging.models import Message, MessagePart, Status
from ouderbetrokkenheid.school.clock import AMSTERDAM
from reach.buddies import buddy_consent_record, buddy_pair_create, buddy_pair_end, buddy_reminders_schedule
from reach.models import BuddyPair, BuddyReminder
from tests.meetings.test_attendance import invite, make_session
from tests.reach.support import walk_pair


@pytest.fixture
def session(world):
    """An information session in ten days to which Anna is invited."""
    session = make_session(world.year_a, days=10)
    invite(session, world.anna, world.pim)
    return session


def parts():
    return MessagePart.objects.filter(source__startswith="buddy:")


def pair_both_consented(world, **kwargs):
    return buddy_pair_create(guardian=world.anna, buddy=world.bert, by=world.iris, guardian_consent="mondeling",
                             buddy_consent="schriftelijk", **kwargs)  # fmt: skip


def test_pair_is_active_only_when_both_consented_and_consent_is_recorded(
    world, session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pair = buddy_pair_create(guardian=world.anna, buddy=world.bert, by=world.iris, guardian_consent="mondeling")
    assert not pair.is_active and not parts().exists()
    with django_capture_on_commit_callbacks(execute=True):
        pair = buddy_consent_record(pair=pair, who="buddy", how="schriftelijk", by=world.lea)
    assert pair.is_active
    assert (pair.guardian_consent_how, pair.guardian_consent_by) == ("mondeling", world.iris)
    assert (pair.buddy_consent_how, pair.buddy_consent_by) == ("schriftelijk", world.lea)
    assert pair.buddy_consent_at is not None
    assert parts().count() == 1  # activating schedules the buddy's reminder


def test_consent_without_how_is_refused_in_dutch(world):
    pair = buddy_pair_create(guardian=world.anna, buddy=world.bert, by=world.iris)
    with pytest.raises(ValidationError, match="mondeling of schriftelijk"):
        buddy_consent_record(pair=pair, who="guardian", how="", by=world.iris)
    pair.refresh_from_db()
    assert pair.guardian_consent_at is None


def test_buddy_is_reminded_once_however_often_the_scheduler_runs(world, session):
    pair_both_consented(world)
    assert buddy_reminders_schedule() == 1
    assert buddy_reminders_schedule() == 0
    buddy_reminders_schedule()
    part = parts().get()
    assert part.message.guardian == world.bert and part.message.purpose == "reminder"
    assert part.text.startswith("Neemt u Anna mee naar de bijeenkomst van ")
    assert BuddyReminder.objects.count() == 1


def test_a_new_session_brings_a_new_reminder_and_a_declined_one_none(world, session):
    pair_both_consented(world)
    buddy_reminders_schedule()
    later = make_session(world.year_a, "school_system", days=30)
    invite(later, world.anna, world.pim)
    declined = make_session(world.year_a, "work_attitude", days=40)
    invite(declined, world.anna, world.pim, response="not_coming")
    assert buddy_reminders_schedule() == 1
    assert set(BuddyReminder.objects.values_list("session_id", flat=True)) == {session.pk, later.pk}


def test_reminder_is_in_the_buddys_language(world, session):
    world.bert.language = "ar"
    world.bert.save(update_fields=["language"])
    pair_both_consented(world)
    buddy_reminders_schedule()
    message = parts().get().message
    assert message.language == "ar"
    assert "Neemt u" not in message.text and any("\u0600" <= ch <= "\u06ff" for ch in message.text)
    assert "Anna" in message.text


def test_ending_the_pair_withdraws_the_pending_reminder(world, session):
    pair = pair_both_consented(world)
    buddy_reminders_schedule()
    buddy_pair_end(pair=pair, by=world.iris, reason="op verzoek van het maatje")
    assert Message.objects.get(guardian=world.bert).status == Status.CANCELLED
    assert buddy_reminders_schedule() == 0
    pair.refresh_from_db()
    assert (pair.ended_by, pair.ended_reason, pair.is_active) == (world.iris, "op verzoek van het maatje", False)


def test_a_parent_is_never_paired_with_someone_from_another_school(world):
    with pytest.raises(ValidationError, match="op deze school"):
        buddy_pair_create(guardian=world.anna, buddy=world.karel, by=world.iris)
    with pytest.raises(ValidationError, match="op deze school"):
        buddy_pair_create(guardian=world.karel, buddy=world.anna, by=world.iris)
    assert not BuddyPair.objects.exists()


def test_a_parent_is_never_their_own_buddy(world):
    with pytest.raises(ValidationError, match="eigen maatje"):
        buddy_pair_create(guardian=world.anna, buddy=world.anna, by=world.iris)
    with pytest.raises(IntegrityError), transaction.atomic():
        BuddyPair.objects.create(school=world.school_a, guardian=world.anna, buddy=world.anna)


def test_the_same_two_parents_are_paired_once(world):
    buddy_pair_create(guardian=world.anna, buddy=world.bert, by=world.iris)
    with pytest.raises(ValidationError, match="al aan elkaar gekoppeld"):
        buddy_pair_create(guardian=world.anna, buddy=world.bert, by=world.iris)


def test_teacher_of_the_parents_child_sees_the_pair_on_the_session_page(world, session, login_as):
    invite(session, world.bert, world.bo)
    pair_both_consented(world)
    seen = " ".join(login_as(world.tess).get(reverse("meetings:session", args=[session.pk])).content.decode().split())
    assert "Bert Bakker neemt Anna Prins mee" in seen
    other = " ".join(login_as(world.otto).get(reverse("meetings:session", args=[session.pk])).content.decode().split())
    assert "neemt Anna Prins mee" not in other


def test_teacher_sees_the_pair_on_the_group_and_pupil_pages(world, login_as):
    buddy_pair_create(guardian=world.anna, buddy=world.bert, by=world.iris, guardian_consent="mondeling")
    group_page = reverse("staffpages:group", args=[world.group_3.pk])
    assert "Maatje:" not in login_as(world.tess).get(group_page).content.decode()  # not yet consented

    pair = BuddyPair.objects.get()
    pair.buddy_consent_at, pair.buddy_consent_how = timezone.now(), "mondeling"
    pair.save(update_fields=["buddy_consent_at", "buddy_consent_how"])
    for page in (group_page, reverse("staffpages:pupil", args=[world.pim.pk])):
        assert "Maatje: Bert Bakker" in " ".join(login_as(world.tess).get(page).content.decode().split())


def test_pair_waiting_for_consent_is_not_shown_to_the_teacher(world, session, login_as):
    buddy_pair_create(guardian=world.anna, buddy=world.bert, by=world.iris, guardian_consent="mondeling")
    body = login_as(world.tess).get(reverse("meetings:session", args=[session.pk])).content.decode()
    assert "neemt Anna Prins mee" not in " ".join(body.split())


def test_ib_pairs_records_consent_and_ends_through_the_pages(world, session, login_as):
    client = login_as(world.iris)
    response = client.post(
        reverse("reach:buddies"),
        {"guardian": world.anna.pk, "buddy": world.bert.pk, "guardian_consent": "mondeling", "note": "zelfde straat"},
    )
    pair = BuddyPair.objects.get()
    assert response.url == reverse("reach:buddy", args=[pair.pk]) and not pair.is_active
    client.post(reverse("reach:buddy", args=[pair.pk]), {"action": "consent", "who": "buddy", "how": "schriftelijk"})
    pair.refresh_from_db()
    assert pair.is_active and pair.buddy_consent_by == world.iris
    client.post(reverse("reach:buddy", args=[pair.pk]), {"action": "end", "reason": "op verzoek van de ouder"})
    pair.refresh_from_db()
    assert pair.ended_at is not None and pair.ended_reason == "op verzoek van de ouder"


def test_buddy_pages_refuse_the_own_buddy_and_outsiders(world, login_as):
    response = login_as(world.lea).post(reverse("reach:buddies"), {"guardian": world.anna.pk,
                                                                   "buddy": world.anna.pk})  # fmt: skip
    assert "eigen maatje" in response.content.decode() and not BuddyPair.objects.exists()
    response = login_as(world.lea).post(reverse("reach:buddies"), {"guardian": world.anna.pk,
                                                                   "buddy": world.karel.pk})  # fmt: skip
    assert response.status_code == 200 and not BuddyPair.objects.exists()  # Karel is not on the list
    pair = pair_both_consented(world)
    assert login_as(world.tess).get(reverse("reach:buddies")).status_code == 403
    assert login_as(world.lars).get(reverse("reach:buddy", args=[pair.pk])).status_code == 404
    assert "Anna" not in login_as(world.lars).get(reverse("reach:buddies")).content.decode()


def test_reminder_follows_a_moved_session_and_is_withdrawn_when_it_is_called_off(world, session):
    from meetings.invitations import session_cancel

    pair_both_consented(world)
    buddy_reminders_schedule()
    first = parts().get().message
    session.starts_at += datetime.timedelta(days=7)
    session.save(update_fields=["starts_at"])
    assert buddy_reminders_schedule() == 1
    first.refresh_from_db()
    assert first.status == Status.CANCELLED
    moved = parts().filter(message__status=Status.PENDING).get().message
    assert moved.day == (session.starts_at.astimezone(AMSTERDAM) - datetime.timedelta(days=2)).date()
    assert buddy_reminders_schedule() == 0
    session_cancel(session=session, by=world.lea)
    buddy_reminders_schedule()
    moved.refresh_from_db()
    assert moved.status == Status.CANCELLED and not BuddyReminder.objects.exists()


def test_reminder_is_withdrawn_when_the_parent_says_no(world, session):
    pair_both_consented(world)
    buddy_reminders_schedule()
    Invitation.objects.filter(session=session, guardian=world.anna).update(response="not_coming")
    buddy_reminders_schedule()
    assert Message.objects.get(guardian=world.bert).status == Status.CANCELLED


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_remind_the_buddy_once(world):
    import threading

    from django.db import connection

    session = make_session(world.year_a, days=10)
    invite(session, world.anna, world.pim)
    walk_pair(world)  # both consented, nothing scheduled yet
    assert not parts().exists()
    barrier, counts = threading.Barrier(2), []

    def run():
        try:
            barrier.wait(timeout=10)
            counts.append(buddy_reminders_schedule())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(counts) == [0, 1]
    assert parts().count() == 1 and BuddyReminder.objects.count() == 1


def test_the_periodic_task_schedules_the_reminders(world, session):
    from reach.tasks import buddy_reminders

    walk_pair(world)
    buddy_reminders.run()
    buddy_reminders.run()
    assert parts().count() == 1
