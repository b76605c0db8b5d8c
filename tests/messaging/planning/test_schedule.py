"""When a week's messages go out: the school's days and time in Amsterdam, stored as UTC, across
the DST changes; weekend days when the school chooses them; nothing in holidays (a public holiday
moves the day within the week, a study day does not count); reading tips in the summer holiday."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from messaging.models import Kind, Message, MessagePart, SendSettings
from messaging.planning import (
    send_moment,
    send_settings_update,
    summer_reading_schedule,
    week_plan_approve,
)
from ouderbetrokkenheid.school.models import CalendarPeriod, PeriodKind
from tests import factories as f

from .conftest import SPRING_DST, WINTER, D
from .helpers import ALL_KINDS, approve_week, messages_of, plan_week

UTC = datetime.UTC


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def period(world, kind, name, start, end):
    return CalendarPeriod.objects.create(school_year=world.year_a, kind=kind, name=name, start_date=start, end_date=end)


def test_default_days_are_monday_wednesday_friday_at_six_in_the_evening_stored_as_utc(world, library):
    approve_week(world.group_3, WINTER, world.tess, {world.pim.pk: "Goed geoefend met tafels"})
    scheduled = {kind: m.scheduled_at for kind, m in messages_of(world.anna, WINTER).items()}
    assert scheduled == {  # CET: 18:00 in Amsterdam is 17:00 UTC
        Kind.PROGRESS: utc(2027, 1, 11, 17),
        Kind.TIP: utc(2027, 1, 13, 17),
        Kind.ENCOURAGEMENT: utc(2027, 1, 15, 17),
    }


def test_weekend_sending_across_the_spring_dst_change(world, library):
    send_settings_update(
        school=world.school_a, progress_weekday=4, tip_weekday=5, encouragement_weekday=6,
        send_time=datetime.time(18, 0), summer_reading=True, by=world.lea,
    )  # fmt: skip
    approve_week(world.group_3, SPRING_DST, world.tess, {world.pim.pk: "Leest al lange woorden"})
    messages = messages_of(world.anna, SPRING_DST)
    assert messages[Kind.PROGRESS].scheduled_at == utc(2027, 3, 26, 17)  # Friday, still CET
    assert messages[Kind.TIP].scheduled_at == utc(2027, 3, 27, 17)  # Saturday, CET
    assert messages[Kind.ENCOURAGEMENT].scheduled_at == utc(2027, 3, 28, 16)  # Sunday: CEST from 02:00
    assert messages[Kind.ENCOURAGEMENT].day == D("2027-03-28")


def test_send_moments_across_the_autumn_dst_change_of_2026():
    settings = SendSettings(progress_weekday=5, tip_weekday=6, send_time=datetime.time(18, 0))
    week = D("2026-10-19")
    assert send_moment(settings=settings, week=week, kind=Kind.PROGRESS) == utc(2026, 10, 24, 16)  # CEST
    assert send_moment(settings=settings, week=week, kind=Kind.TIP) == utc(2026, 10, 25, 17)  # CET again
    assert send_moment(settings=settings, week=D("2026-10-26"), kind=Kind.ENCOURAGEMENT) == utc(2026, 10, 30, 17)


def test_no_engagement_messages_in_a_holiday_week(world, library):
    period(world, PeriodKind.HOLIDAY, "Voorjaarsvakantie", D("2027-02-20"), D("2027-02-28"))
    result = approve_week(world.group_3, D("2027-02-22"), world.tess, {world.pim.pk: "Oefent met lezen"})
    assert set(result.skipped_kinds) == ALL_KINDS
    assert not Message.objects.exists()


def test_a_public_holiday_moves_the_send_day_to_the_next_free_day_of_the_week(world, library):
    period(world, PeriodKind.PUBLIC_HOLIDAY, "Tweede paasdag", D("2027-03-29"), D("2027-03-29"))
    approve_week(world.group_3, D("2027-03-29"), world.tess, {world.pim.pk: "Oefent met lezen"})
    messages = messages_of(world.anna)
    assert messages[Kind.PROGRESS].scheduled_at == utc(2027, 3, 30, 16)  # Tuesday, CEST
    assert messages[Kind.TIP].scheduled_at == utc(2027, 3, 31, 16)


def test_a_holiday_that_starts_on_friday_leaves_that_week_without_encouragement(world, library):
    period(world, PeriodKind.HOLIDAY, "Meivakantie", D("2027-04-23"), D("2027-05-02"))
    result = approve_week(world.group_3, D("2027-04-19"), world.tess)
    assert result.skipped_kinds == [Kind.ENCOURAGEMENT]
    assert set(messages_of(world.anna)) == {Kind.TIP}


def test_a_study_day_does_not_block_messages(world, library):
    period(world, PeriodKind.STUDY_DAY, "Studiedag", D("2027-01-13"), D("2027-01-13"))
    approve_week(world.group_3, WINTER, world.tess)
    assert messages_of(world.anna)[Kind.TIP].scheduled_at == utc(2027, 1, 13, 17)


def test_a_week_plan_outside_the_school_year_or_in_the_past_is_refused(world, library):
    summer = world.year_a.last_day + datetime.timedelta(days=10)
    with pytest.raises(ValidationError):
        plan_week(world.group_3, summer - datetime.timedelta(days=summer.weekday()), world.tess)
    with pytest.raises(ValidationError):
        plan_week(world.group_3, D("2026-11-09"), world.tess)


def test_a_send_moment_already_past_goes_out_now_within_the_week(world, library, monkeypatch):
    from django.utils import timezone

    wednesday_evening = utc(2026, 12, 2, 21, 30)  # 22:30 in Amsterdam: quiet hours
    monkeypatch.setattr(timezone, "now", lambda: wednesday_evening)
    plan = plan_week(world.group_3, D("2026-11-30"), world.tess, {world.pim.pk: "Goed gewerkt"})
    week_plan_approve(plan=plan, by=world.tess)
    scheduled = {kind: m.scheduled_at for kind, m in messages_of(world.anna).items()}
    assert scheduled[Kind.PROGRESS] == utc(2026, 12, 3, 7)  # Thursday 08:00, after the quiet hours
    assert scheduled[Kind.TIP] == utc(2026, 12, 3, 7)
    assert scheduled[Kind.ENCOURAGEMENT] == utc(2026, 12, 4, 17)


SUMMER_WEEK = D("2027-07-19")  # the school year of the tests ends on Friday 16 July 2027


def test_summer_reading_sends_one_reading_tip_a_week_with_siblings_in_one_message(world, library, sibling):
    assert summer_reading_schedule(school=world.school_a, week=SUMMER_WEEK) == 3  # Pim, Sara (Anna), Bo (Bert)
    parts = list(MessagePart.objects.order_by("pk").values_list("pk", "text"))
    assert summer_reading_schedule(school=world.school_a, week=SUMMER_WEEK) == 0  # idempotent: nothing new
    assert list(MessagePart.objects.order_by("pk").values_list("pk", "text")) == parts
    [message] = Message.objects.filter(guardian=world.anna)
    assert (message.kind, message.week, message.scheduled_at) == (Kind.TIP, SUMMER_WEEK, utc(2027, 7, 21, 16))
    assert "Pim" in message.text and "Sara" in message.text and "Zomerlezen" in message.text
    assert Message.objects.filter(guardian=world.bert).count() == 1


def test_no_summer_reading_during_the_school_year_or_when_the_school_turned_it_off(world, library):
    assert summer_reading_schedule(school=world.school_a, week=WINTER) == 0
    send_settings_update(
        school=world.school_a, progress_weekday=0, tip_weekday=2, encouragement_weekday=4,
        send_time=datetime.time(18, 0), summer_reading=False, by=world.lea,
    )  # fmt: skip
    assert summer_reading_schedule(school=world.school_a, week=SUMMER_WEEK) == 0
    assert not Message.objects.exists()


def test_groep_8_leavers_get_no_summer_reading(world, library):
    leaver = f.PupilFactory(school=world.school_a, first_name="Lotte")
    f.EnrollmentFactory(pupil=leaver, group=world.group_56, year_level=8)
    parent = f.GuardianFactory(school=world.school_a)
    f.GuardianOfFactory(guardian=parent, pupil=leaver)
    summer_reading_schedule(school=world.school_a, week=SUMMER_WEEK)
    assert not Message.objects.filter(guardian=parent).exists()


def test_the_daily_beat_task_runs_the_reading_programme_in_the_summer_holiday(world, library, monkeypatch):
    from django.utils import timezone

    from messaging.tasks import schedule_summer_reading

    monkeypatch.setattr(timezone, "now", lambda: utc(2027, 7, 19, 6))  # Monday of SUMMER_WEEK, 08:00 Amsterdam
    assert schedule_summer_reading() == 2  # Pim (Anna) and Bo (Bert)
    assert schedule_summer_reading() == 0  # idempotent: running every few hours adds nothing
    assert Message.objects.filter(kind=Kind.TIP, week=SUMMER_WEEK).count() == 2
