"""Invitations through a real Celery worker process (tests/plugins/celery_worker.py)."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import Invitation, Session
from meetings.programme import programme_install
from meetings.tasks import send_invitations
from messaging.models import Message, Purpose
from tests import factories as f

pytestmark = pytest.mark.celery_worker


def test_worker_sends_the_invitations_of_a_session(celery_worker_process, world):
    sibling = f.PupilFactory(school=world.school_a, first_name="Pien")
    f.EnrollmentFactory(pupil=sibling, group=f.GroupFactory(school_year=world.year_a, name="8"), year_level=8)
    f.GuardianOfFactory(guardian=world.anna, pupil=sibling)
    no_contact = f.GuardianFactory(school=world.school_a, email="", mobile="")
    f.GuardianOfFactory(guardian=no_contact, pupil=world.pim)
    item = programme_install(school=world.school_a)[2]
    session = Session.objects.create(item=item, school_year=world.year_a, year_levels=[3, 8], lateral_entrants=True,
                                     starts_at=timezone.now() + datetime.timedelta(days=21))  # fmt: skip

    send_invitations.delay(session.pk, world.lea.pk, "https://ouders.example.nl")

    done = celery_worker_process.wait_for(
        lambda: Session.objects.filter(pk=session.pk, invitations_sent_at__isnull=False).exists(), timeout=30
    )
    assert done, celery_worker_process.log()
    invitations = Invitation.objects.filter(session=session)
    assert {inv.guardian for inv in invitations} == {world.anna, no_contact}
    assert sorted(p.first_name for p in invitations.get(guardian=world.anna).pupils.all()) == ["Pien", "Pim"]
    notice = Message.objects.get(guardian=world.anna, purpose=Purpose.NOTICE)
    assert notice.channel == "email" and "https://ouders.example.nl/bijeenkomsten/antwoord/" in notice.text
    assert Message.objects.filter(guardian=world.anna, purpose=Purpose.REMINDER).count() == 2
    assert not Message.objects.filter(guardian=no_contact).exists()
    assert "meetings.tasks.send_invitations" in celery_worker_process.log()
