"""A late but still useful message says what changed: sent more than three hours after its
planned moment it starts with "Dit bericht komt later dan gepland."; an invitation or reminder
whose session or conversation moved since it was written names the new time; the note is
the same on every retry (so the unknown-outcome lookup finds the text) and never doubled."""

import datetime
import json

import pytest
from django.utils import timezone

from messaging import engine
from messaging.channels import locmem as locmem_module
from messaging.channels.base import UnknownOutcomeError
from messaging.lateness import late_notes_apply
from messaging.models import Purpose, Status
from messaging.services import message_part_add
from ouderbetrokkenheid.school.clock import at_local, local_day
from tests.meetings.test_attendance import make_session

from .conftest import outbox_row
from .test_worker import file_settings, lines, wait_until

LATE = "Dit bericht komt later dan gepland."


@pytest.fixture(autouse=True)
def no_enqueue(monkeypatch):
    monkeypatch.setattr(engine, "_enqueue", lambda ids: None)


def noon(days=0):
    """12:00 Amsterdam, `days` after the suite's day (outside quiet hours)."""
    return at_local(timezone.localdate() + datetime.timedelta(days=days), datetime.time(12, 0))


def sent_at(row, now):
    """Claim `row` and deliver it at `now`; the text the provider received."""
    assert engine.claim_due(now=now) == [row.pk]
    engine.deliver(message_id=row.pk, now=now)
    row.refresh_from_db()
    return row


def test_a_message_sent_hours_after_its_planned_moment_says_it_comes_later(world, locmem):
    now = noon(1)
    row = sent_at(outbox_row(world.anna, at=now - datetime.timedelta(hours=4)), now)
    assert row.status == Status.SENT
    assert locmem.outbox[0].text.startswith(f"{LATE}\n\nMorgen is de school dicht.")


def test_a_message_a_little_late_gets_no_note(world, locmem):
    now = noon(1)
    sent_at(outbox_row(world.anna, at=now - datetime.timedelta(hours=2, minutes=59)), now)
    assert locmem.outbox[0].text.startswith("Morgen is de school dicht.")
    assert LATE not in locmem.outbox[0].text


def test_the_note_is_in_the_guardians_language(world, locmem):
    world.anna.language = "en"
    world.anna.save(update_fields=["language"])
    now = noon(1)
    row = outbox_row(world.anna, at=now - datetime.timedelta(days=1))
    assert row.language == "en"
    sent_at(row, now)
    assert locmem.outbox[0].text.startswith("This message is later than planned.")


def test_a_retry_after_an_unknown_outcome_carries_the_same_text_once(world, locmem, settings):
    settings.MESSAGING_LEASE_SECONDS = 60
    now = noon(1)
    row = outbox_row(world.anna, at=now - datetime.timedelta(hours=4))
    locmem_module.fail_next(UnknownOutcomeError("no answer"))
    assert engine.claim_due(now=now) == [row.pk]
    assert engine.deliver(message_id=row.pk, now=now) == engine.Outcome.RETRY
    row.refresh_from_db()
    first_text = row.text
    assert first_text.startswith(LATE)
    later = now + datetime.timedelta(minutes=5)
    assert engine.deliver(message_id=row.pk, now=later) == engine.Outcome.SENT
    row.refresh_from_db()
    assert row.text == first_text and row.text.count(LATE) == 1
    late_notes_apply([row], now=later + datetime.timedelta(days=1))
    assert row.text == first_text


def test_an_invitation_for_a_session_that_moved_names_the_new_time(world, locmem):
    session = make_session(world.year_a, days=10)
    old_start = session.starts_at
    message = message_part_add(
        guardian=world.anna, purpose=Purpose.NOTICE, source=f"meetings.session:{session.pk}:invite",
        text="Welkom bij de informatieavond.", scheduled_at=timezone.now(), valid_until=old_start,
    )  # fmt: skip
    new_start = old_start + datetime.timedelta(days=2, hours=1)
    session.starts_at = new_start
    session.save(update_fields=["starts_at"])
    now = timezone.now() + datetime.timedelta(minutes=1)
    sent_at(message, now)
    local = timezone.localtime(new_start)
    text = locmem.outbox[0].text
    assert text.startswith("Let op: de tijd is veranderd: nu op ")
    assert f"om {local:%H:%M} uur." in text.splitlines()[0]
    assert str(local.day) in text.splitlines()[0]
    assert "Welkom bij de informatieavond." in text and LATE not in text


def test_an_invitation_for_a_session_still_at_its_time_gets_no_note(world, locmem):
    session = make_session(world.year_a, days=10)
    message = message_part_add(
        guardian=world.anna, purpose=Purpose.NOTICE, source=f"meetings.session:{session.pk}:invite",
        text="Welkom bij de informatieavond.", scheduled_at=timezone.now(), valid_until=session.starts_at,
    )  # fmt: skip
    sent_at(message, timezone.now() + datetime.timedelta(minutes=1))
    assert locmem.outbox[0].text.startswith("Welkom bij de informatieavond.")


@pytest.mark.celery_worker
def test_a_worker_back_after_an_outage_sends_the_still_valid_message_with_the_note(
    messaging_workers, daytime_clock, world, tmp_path
):
    now = engine.clock()  # 10:00 Amsterdam, two days from now (the workers share this clock)
    late = outbox_row(world.anna, at=now - datetime.timedelta(hours=5), expires_at=now + datetime.timedelta(days=1))
    on_time = outbox_row(world.bert, at=now - datetime.timedelta(minutes=5))
    path, settings = file_settings(tmp_path)
    worker = messaging_workers(settings=settings)
    wait_until(lambda: len(lines(path)) == 2, 60, worker)
    texts = {line["key"]: line["text"] for line in map(json.loads, lines(path))}
    assert texts[f"{late.idempotency_key}/email"].startswith(f"{LATE}\n\n")
    assert texts[f"{on_time.idempotency_key}/email"].startswith("Morgen is de school dicht.")
    assert local_day(now) == local_day(engine.clock())
