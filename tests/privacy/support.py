"""Anna's family with data in every app (tests/conftest.py's world): a sent message, an invitation
with an answer, a booking with a published record, a test result, a login link."""

import datetime

from django.utils import timezone


def sent_message(world, guardian, *, text="Pim las deze week een heel boek."):
    from messaging.models import Message, Purpose, Status

    now = timezone.now()
    return Message.objects.create(
        school=guardian.school, guardian=guardian, purpose=Purpose.NOTICE, day=timezone.localdate(),
        channel="email", subject="Nieuws", text=text, scheduled_at=now, status=Status.SENT, sent_at=now,
        idempotency_key=f"test:{guardian.pk}:{now.isoformat()}:{text[:10]}",
    )  # fmt: skip


def login_link(guardian):
    from ouderbetrokkenheid.accounts.models import MagicLink

    now = timezone.now()
    return MagicLink.objects.create(
        guardian=guardian, token_hash=f"hash-{guardian.pk}-{now.timestamp()}", sent_to="email",
        expires_at=now + datetime.timedelta(minutes=15),
    )  # fmt: skip


def add_test_result(pupil):
    from development.models import TestResult

    return TestResult.objects.create(
        pupil=pupil, domain="maths", year_level=3, phase="M", taken_on=timezone.localdate(),
        school_year_start=timezone.localdate().year, test_name="Cito", ability_score=40,
    )  # fmt: skip


def build_family(world):
    """Anna and Pim with data in every app; returns the world."""
    from tests.conversations.test_records_support import walk_record
    from tests.meetings.test_attendance import walk_invitation

    invitation = walk_invitation(world)
    invitation.response = "yes"
    invitation.question = "Mag mijn zus mee?"
    invitation.save(update_fields=["response", "question"])
    walk_record(world)
    sent_message(world, world.anna)
    sent_message(world, world.bert, text="Bo deed goed mee met rekenen.")
    login_link(world.anna)
    add_test_result(world.pim)
    return world


def leave_school(pupil, day):
    """End the pupil's enrollments on `day` (the pupil left)."""
    pupil.enrollments.update(end_date=day)
