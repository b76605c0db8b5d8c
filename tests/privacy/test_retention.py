"""The retention periods (docs/privacy.md): the nightly task removes what is past its period, per
kind, and stores a run record; on the controlled clock, moved past the school year's end."""

import datetime

import pytest
from django.utils import timezone

from conversations.models import Record
from development.models import TestResult
from meetings.models import Invitation
from messaging.models import Message
from ouderbetrokkenheid.accounts.models import MagicLink
from ouderbetrokkenheid.privacy import services, tasks
from ouderbetrokkenheid.privacy.models import RetentionRun
from ouderbetrokkenheid.school.datakinds import DataKind, kinds, register
from ouderbetrokkenheid.school.models import Guardian, Pupil

from .support import leave_school, login_link, sent_message


def at(day, hour=3):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


def test_every_kind_with_a_period_can_find_its_expired_rows(db):
    """Each registered queryset runs on PostgreSQL (no typo in a path hides until the night)."""
    now = timezone.now()
    for kind in kinds():
        if kind.period is not None:
            assert kind.expired(now, kind.period).count() >= 0, kind.key


def test_login_links_go_a_day_after_they_expired_and_no_sooner(world, clock):
    link = login_link(world.anna)
    clock.move_to(link.expires_at + datetime.timedelta(hours=23))
    run = services.retention_run()
    assert MagicLink.objects.filter(pk=link.pk).exists()
    assert run.removed["accounts.magic_links"] == {"action": "delete", "count": 0}

    clock.move_to(link.expires_at + datetime.timedelta(days=1, minutes=1))
    run = services.retention_run()
    assert not MagicLink.objects.filter(pk=link.pk).exists()
    assert run.removed["accounts.magic_links"]["count"] == 1


def test_nothing_of_the_running_year_is_removed(family):
    services.retention_run()
    assert Message.objects.filter(guardian=family.anna).exists()
    assert Invitation.objects.filter(guardian=family.anna).exists()
    assert Record.objects.filter(booking__pupil=family.pim).exists()
    assert TestResult.objects.filter(pupil=family.pim).exists()


def test_messages_and_answers_go_six_weeks_after_the_school_year(family, clock):
    from messaging.models import Status

    waiting = sent_message(family, family.bert, text="Nog niet verstuurd.")
    waiting.status, waiting.sent_at = Status.PENDING, None
    waiting.save(update_fields=["status", "sent_at"])
    last_day = family.year_a.last_day

    clock.move_to(at(last_day + datetime.timedelta(days=42)))
    services.retention_run()
    assert Message.objects.filter(guardian=family.anna).exists(), "kept through the summer holiday"

    clock.move_to(at(last_day + datetime.timedelta(days=44)))
    run = services.retention_run()
    assert not Message.objects.filter(guardian=family.anna).exists()
    assert not Invitation.objects.filter(guardian=family.anna).exists()
    assert Message.objects.filter(pk=waiting.pk).exists(), "a waiting message is never removed"
    assert run.removed["messaging.messages"]["count"] == 2
    assert run.removed["meetings.invitations"]["count"] == 1
    # The record of a conversation stays (the pupil is still at school); the booking with it too.
    assert Record.objects.filter(booking__pupil=family.pim).exists()
    assert Pupil.objects.filter(pk=family.pim.pk).exists()


def test_records_development_data_and_the_pupil_go_two_years_after_leaving(family, clock):
    left_on = family.year_a.last_day
    leave_school(family.pim, left_on)

    clock.move_to(at(left_on + datetime.timedelta(days=2 * 365 - 2)))
    services.retention_run()
    assert Record.objects.filter(booking__pupil=family.pim).exists()
    assert TestResult.objects.filter(pupil=family.pim).exists()

    clock.move_to(at(left_on + datetime.timedelta(days=2 * 365 + 1)))
    run = services.retention_run()
    assert run.removed["conversations.records"]["count"] == 1
    assert run.removed["development.test_results"]["count"] == 1
    assert run.removed["school.leavers"]["count"] == 1
    assert not Pupil.objects.filter(pk=family.pim.pk).exists()
    # Anna has no child left in the school's data: she goes too. Bo (still at school) and Bert stay.
    assert run.removed["school.guardians"]["count"] == 1
    assert not Guardian.objects.filter(pk=family.anna.pk).exists()
    assert Pupil.objects.filter(pk=family.bo.pk).exists() and Guardian.objects.filter(pk=family.bert.pk).exists()


def test_a_run_is_recorded_per_kind_even_when_nothing_was_due(db):
    run = services.retention_run()
    periodic = {kind.key for kind in kinds() if kind.period is not None}
    assert set(run.removed) == periodic
    assert run.total == 0 and run.finished_at is not None


def test_a_failing_kind_is_recorded_and_does_not_stop_the_others(world, clock, monkeypatch):
    from ouderbetrokkenheid.school import datakinds

    def broken(now, period):
        raise RuntimeError("kapot")

    key = "tests.broken"
    monkeypatch.setitem(
        datakinds._REGISTRY,
        key,
        DataKind(key=key, label="kapot", category="", period_text="", reason="", period=datetime.timedelta(0),
                 expired=broken, order=1),
    )  # fmt: skip
    link = login_link(world.anna)
    clock.move_to(link.expires_at + datetime.timedelta(days=2))
    run = services.retention_run()
    assert run.removed[key] == {"action": "delete", "count": 0, "failed": True}
    assert run.removed["accounts.magic_links"]["count"] == 1


def test_an_installation_may_set_a_longer_period(world, clock, settings):
    settings.RETENTION_DAYS = {"accounts.magic_links": 30}
    link = login_link(world.anna)
    clock.move_to(link.expires_at + datetime.timedelta(days=2))
    services.retention_run()
    assert MagicLink.objects.filter(pk=link.pk).exists()


def test_registering_a_kind_twice_or_without_its_parts_is_refused():
    existing = kinds()[0]
    with pytest.raises(ValueError):
        register(DataKind(key=existing.key, label="x", category="", period_text="", reason=""))
    with pytest.raises(ValueError):
        register(DataKind(key="tests.no_expired", label="x", category="", period_text="", reason="",
                          period=datetime.timedelta(days=1)))  # fmt: skip
    with pytest.raises(ValueError):
        register(DataKind(key="tests.no_anonymise", label="x", category="", period_text="", reason="",
                          action="anonymise"))  # fmt: skip


def test_the_beat_runs_the_task_every_night(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["retention"]
    assert entry["task"] == tasks.apply_retention.name
    assert entry["schedule"].hour == {2}


@pytest.mark.celery_worker
def test_a_real_worker_runs_the_nightly_task_on_the_controlled_clock(celery_worker_process, world, clock):
    link = login_link(world.anna)
    clock.move_to(link.expires_at + datetime.timedelta(days=2))
    celery_worker_process.move_clock(timezone.now())
    tasks.apply_retention.delay()
    done = celery_worker_process.wait_for(lambda: RetentionRun.objects.filter(finished_at__isnull=False).exists(), 30)
    assert done, celery_worker_process.log()
    run = RetentionRun.objects.get()
    assert run.removed["accounts.magic_links"]["count"] == 1
    assert not MagicLink.objects.filter(pk=link.pk).exists()
