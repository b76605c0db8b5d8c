"""The provider faults of the year simulator, each over a few simulated days around its day (a
whole year takes minutes): a slow SMS provider and a dropped connection never give a parent a
second SMS (each message reaches the provider at most once), and dead mailboxes bounce through
the Mailgun webhook and the messages go on by SMS; every other invariant holds meanwhile (the
two new invariants fail when broken: tests/simulation/test_invariants.py)."""

import datetime

import pytest

from messaging.models import Message, MessageAttempt, Status
from ouderbetrokkenheid.school.models import Guardian
from simulation.context import YearContext
from simulation.faults import plan_faults
from simulation.providers import world
from simulation.simulator import simulate

from .test_simulate_year import assert_holds


def around(school, year, fault, *, before=10, after=3):
    day = plan_faults(YearContext(school=school, year=year), [fault], start=year.first_day, end=year.last_day)[0].day
    world.reset()
    return simulate(
        school=school, seed=3, faults=[fault], start=day - datetime.timedelta(days=before),
        end=day + datetime.timedelta(days=after),
    )  # fmt: skip


def unanswered_messages(school):
    return Message.objects.filter(school=school, attempt_log__error__contains="after the request was sent").distinct()


@pytest.mark.parametrize("fault", ["sms-slow", "sms-dropped"])
def test_an_unanswered_sms_request_never_gives_a_second_sms(small_school, sim_year, fault):
    result = around(small_school, sim_year, fault)
    assert_holds(result)
    (planned,) = result.faults
    assert world.unanswered.get("sms", 0) > 0, "no SMS went out in the fault's hour"
    assert planned.details["unanswered"] == world.unanswered["sms"]
    assert world.duplicates() == {}
    messages = list(unanswered_messages(small_school))
    assert messages and all(m.status == Status.SENT for m in messages)
    for message in messages:
        taken = world.accepted[f"{message.idempotency_key}/{message.channel}"]
        assert len(taken) == 1 and message.provider_id == taken[0][1]  # the looked-up SID, not a second send
    assert not MessageAttempt.objects.filter(message__school=small_school, outcome_unknown=True).exists()
    if fault == "sms-dropped":  # some requests were lost before the provider took them: sent again, once
        assert 0 < planned.details["taken_before_drop"] < world.dropped_requests
    assert fault in result.faults[0].name and planned.notes[-1].startswith("unanswered:")


def test_dead_mailboxes_bounce_through_the_webhook_and_messages_go_on_by_sms(small_school, sim_year):
    result = around(small_school, sim_year, "email-bounce", after=5)
    assert_holds(result)
    (planned,) = result.faults
    dead = set(planned.details["addresses"])
    assert world.bounced and {address.lower() for _at, _pid, address in world.bounced} <= dead
    bounced_guardians = Guardian.objects.filter(school=small_school, email_bounced__in=dead)
    assert bounced_guardians.exists()
    for guardian in bounced_guardians:
        assert guardian.email_bounced == guardian.email and not guardian.email_works
    bounced = Message.objects.filter(school=small_school, attempt_log__error__contains="bounced").distinct()
    assert bounced.exists()
    for message in bounced.select_related("guardian"):
        if message.guardian.mobile:
            assert message.channel == "sms" and message.status in (Status.SENT, Status.PENDING)
        else:
            assert message.status == Status.FAILED
    assert bounced.filter(status=Status.SENT, channel="sms").exists()
    first_bounce = min(at for at, _pid, _address in world.bounced)
    later_email = Message.objects.filter(
        guardian__in=bounced_guardians, channel="email", status=Status.SENT, sent_at__gt=first_bounce
    )
    assert not later_email.exists()
    assert world.duplicates() == {}
