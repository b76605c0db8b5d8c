"""Every invariant can fail: each test breaks one rule on purpose (raw rows where the apps would
refuse) and asserts the checker names the rule and the person. Days are taken from the school
year the demo made for the suite's day, never written down."""

import datetime
import itertools

from django.db import connection

from conversations.models import Booking, BookingGuardian, Record, Round, RoundKind, Slot
from meetings.models import Invitation, Response, Session
from meetings.programme import programme_install
from messaging.models import Message, MessageAttempt, MessagePart, Purpose, Status, Subscription
from ouderbetrokkenheid.school.calendar import week_start
from ouderbetrokkenheid.school.clock import at_local
from ouderbetrokkenheid.school.models import Enrollment, GuardianOf, PeriodKind
from simulation.invariants import RULES, Checker
from simulation.providers import world
from yearplan.planning import advice_timeline

T = datetime.time
_keys = itertools.count()


def school_day(ctx, week, weekday=0):
    """The first school day on or after `weekday` of school week `week`."""
    return ctx.next_school_day(ctx.calendar.week_one + datetime.timedelta(weeks=week - 1, days=weekday))


def family(ctx, *, separated=None):
    """(pupil, enrollment, [guardians with parental authority]) of a pupil with two reachable guardians."""
    for enrollment in Enrollment.objects.filter(group__school_year=ctx.year).select_related("pupil", "group"):
        links = list(GuardianOf.objects.filter(pupil=enrollment.pupil, has_parental_authority=True))
        guardians = [link.guardian for link in links if link.guardian.email or link.guardian.mobile]
        if len(guardians) == 2 and (separated is None or all(lk.invite_separately == separated for lk in links)):
            return enrollment.pupil, enrollment, guardians
    raise AssertionError("the demo has no family with two reachable guardians: these tests need one")


def sent(guardian, *, at, purpose=Purpose.ENGAGEMENT, kind="", source="", text="x", week=None):
    n = next(_keys)
    message = Message.objects.create(
        school_id=guardian.school_id, guardian=guardian, purpose=purpose, kind=kind,
        week=(week or week_start(at.date())) if purpose == Purpose.ENGAGEMENT else None, day=at.date(),
        channel="email", text=text, scheduled_at=at, status=Status.SENT, sent_at=at, idempotency_key=f"test:{n}",
    )  # fmt: skip
    MessagePart.objects.create(message=message, source=source or f"test:{n}", text=text)
    return message


def violations(ctx, day, rule):
    found = [v for v in Checker(ctx).check_day(day) if v.rule == rule]
    assert found, f"the checker did not see the broken rule {rule} on {day}"
    return found


def names(found):
    return " ".join(" ".join(v.people) for v in found)


def a_round(ctx, kind, first, last=None, levels=None):
    levels = levels or list(range(1, 9))
    return Round.objects.create(school_year=ctx.year, kind=kind, title=f"Ronde {kind}", year_levels=levels,
                                first_day=first, last_day=last or first, forms=["at_school"])  # fmt: skip


def booked(round, pupil, guardians, staff, at, minutes=15, party=""):
    """`party`: the guardian's pk for a conversation of their own (the database allows one per party)."""
    slot = Slot.objects.create(round=round, staff=staff, starts_at=at, ends_at=at + datetime.timedelta(minutes=minutes))
    booking = Booking.objects.create(round=round, slot=slot, pupil=pupil, party=party)
    for guardian in guardians:
        BookingGuardian.objects.create(booking=booking, guardian=guardian, round=round, pupil=pupil,
                                       starts_at=slot.starts_at, ends_at=slot.ends_at)  # fmt: skip
    return booking


def teacher_of(enrollment):
    return enrollment.group.teachers.first()


def test_every_rule_has_a_test_below():
    tested = {name.removeprefix("test_").split("__")[0] for name in globals() if name.startswith("test_")}
    assert set(RULES) <= tested


def test_weekly_cap__a_fourth_message_in_a_week(ctx):
    _pupil, _e, (guardian, _other) = family(ctx)
    day = school_day(ctx, 6, 4)
    for offset, kind in enumerate(("progress", "tip", "encouragement")):
        sent(guardian, at=at_local(day - datetime.timedelta(days=4 - offset), T(18)), kind=kind)
    # a fourth, stored under next week's key but sent this week: counted by the moment it was sent
    sent(guardian, at=at_local(day, T(18)), kind="tip", week=week_start(day) + datetime.timedelta(weeks=1))
    found = violations(ctx, day, "weekly_cap")
    assert f"guardian {guardian.pk} {guardian.full_name}" in names(found)


def test_one_per_kind__two_tips_in_a_week(ctx):
    _pupil, _e, (guardian, _other) = family(ctx)
    day = school_day(ctx, 7, 3)
    sent(guardian, at=at_local(day - datetime.timedelta(days=1), T(18)), kind="tip")
    sent(guardian, at=at_local(day, T(18)), kind="tip", week=week_start(day) + datetime.timedelta(weeks=1))
    found = violations(ctx, day, "one_per_kind")
    assert f"guardian {guardian.pk}" in names(found) and "'tip'" in found[0].detail


def test_invitation_notice__sent_three_days_before(ctx):
    _pupil, _e, (guardian, _other) = family(ctx)
    item = programme_install(school=ctx.school)[0]
    day = school_day(ctx, 8, 1)
    session = Session.objects.create(item=item, school_year=ctx.year, year_levels=[1], location="Aula",
                                     starts_at=at_local(day, T(19)))  # fmt: skip
    invited = day - datetime.timedelta(days=3)
    sent(guardian, at=at_local(invited, T(15)), purpose=Purpose.NOTICE, source=f"meetings.session:{session.pk}:invite")
    found = violations(ctx, invited, "invitation_notice")
    assert f"guardian {guardian.pk}" in names(found) and f"session {session.pk}" in names(found)
    assert "3 days before" in found[0].detail


def test_invitation_content__round_invitation_without_goal(ctx):
    _pupil, _e, (guardian, _other) = family(ctx)
    day = school_day(ctx, 10, 1)
    round = a_round(ctx, RoundKind.DEVELOPMENT_1, day + datetime.timedelta(days=14))
    text = f"Uitnodiging: {round.title}\nEen gesprek duurt 15 minuten.\nHoe: Op school"
    sent(guardian, at=at_local(day, T(15)), purpose=Purpose.NOTICE, source=f"conversations.round:{round.pk}:invite",
         text=text)  # fmt: skip
    found = violations(ctx, day, "invitation_content")
    assert f"guardian {guardian.pk}" in names(found)
    assert "time" in found[0].detail and "goal" in found[0].detail and "duration" not in found[0].detail


def test_day_off__a_session_in_the_holiday(ctx):
    holiday = ctx.year.periods.filter(kind=PeriodKind.HOLIDAY, start_date__gt=ctx.year.first_day).first()
    day = holiday.start_date + datetime.timedelta(days=(7 - holiday.start_date.weekday()) % 7)  # a Monday in it
    assert ctx.calendar.day_off_reason(day)
    item = programme_install(school=ctx.school)[0]
    session = Session.objects.create(item=item, school_year=ctx.year, year_levels=[3], starts_at=at_local(day, T(19)))
    found = violations(ctx, day, "day_off")
    assert f"session {session.pk}" in names(found) and holiday.name in found[0].detail


def test_session_programme__a_session_in_week_twelve(ctx):
    day = school_day(ctx, 12, 1)
    item = programme_install(school=ctx.school)[1]
    session = Session.objects.create(item=item, school_year=ctx.year, year_levels=[3], starts_at=at_local(day, T(19)))
    found = violations(ctx, day, "session_programme")
    assert f"session {session.pk}" in names(found) and "week 12" in found[0].detail


def test_start_round_weeks__start_conversation_in_week_six(ctx):
    pupil, enrollment, guardians = family(ctx)
    day = school_day(ctx, 6, 1)
    round = a_round(ctx, RoundKind.START, day)
    booked(round, pupil, guardians[:1], teacher_of(enrollment), at_local(day, T(15)))
    found = violations(ctx, day, "start_round_weeks")
    assert f"pupil {pupil.pk} {pupil.full_name}" in names(found) and "week 6" in found[0].detail


def test_advice_deadline__final_advice_after_its_deadline(ctx):
    pupil, enrollment, guardians = family(ctx)
    late = ctx.next_school_day(advice_timeline(ctx.year)["final_advice_by"] + datetime.timedelta(days=7))
    round = a_round(ctx, RoundKind.ADVICE_FINAL, late, levels=[8])
    booked(round, pupil, guardians[:1], teacher_of(enrollment), at_local(late, T(15)))
    found = violations(ctx, late, "advice_deadline")
    assert f"pupil {pupil.pk}" in names(found)


def test_followup_listed__a_group_without_teacher(ctx):
    pupil, enrollment, guardians = family(ctx)
    enrollment.group.teachers.clear()  # e.g. a late export put the pupil in a group nobody teaches
    invited = school_day(ctx, 8, 0)
    round = a_round(ctx, RoundKind.DEVELOPMENT_1, invited + datetime.timedelta(days=21),
                    invited + datetime.timedelta(days=30), levels=[enrollment.year_level])  # fmt: skip
    Round.objects.filter(pk=round.pk).update(invited_at=at_local(invited, T(15)))
    round.refresh_from_db()
    from conversations.followup import followup_due_on, school_days_after

    day = school_days_after(school_year=ctx.year, day=followup_due_on(round), count=3)
    found = violations(ctx, day, "followup_listed")
    assert f"guardian {guardians[0].pk}" in names(found) and f"pupil {pupil.pk}" in names(found)
    assert "no teacher" in found[0].detail


def test_slot_double_booked__two_bookings_in_one_slot(ctx):
    (pupil, enrollment, guardians), day = family(ctx), school_day(ctx, 14, 1)
    other = Enrollment.objects.filter(group__school_year=ctx.year).exclude(pupil=pupil).select_related("pupil").first()
    round = a_round(ctx, RoundKind.DEVELOPMENT_1, day)
    booking = booked(round, pupil, guardians[:1], teacher_of(enrollment), at_local(day, T(15)))
    with connection.cursor() as cursor:  # the database would refuse it: break the rule below the app
        cursor.execute("DROP INDEX booking_one_per_slot")
    Booking.objects.create(round=round, slot=booking.slot, pupil=other.pupil)
    found = violations(ctx, day, "slot_double_booked")
    assert f"pupil {pupil.pk}" in names(found) and f"pupil {other.pupil.pk}" in names(found)


def test_guardian_two_places__a_conversation_during_a_session_they_come_to(ctx):
    pupil, enrollment, (guardian, _other) = family(ctx)
    day = school_day(ctx, 15, 1)
    item = programme_install(school=ctx.school)[0]
    session = Session.objects.create(item=item, school_year=ctx.year, year_levels=[enrollment.year_level],
                                     starts_at=at_local(day, T(19)))  # fmt: skip
    Invitation.objects.create(session=session, guardian=guardian, token_hash="t" * 64, response=Response.COMING)
    round = a_round(ctx, RoundKind.DEVELOPMENT_1, day)
    booked(round, pupil, [guardian], teacher_of(enrollment), at_local(day, T(19, 15)))
    found = violations(ctx, day, "guardian_two_places")
    assert f"guardian {guardian.pk} {guardian.full_name}" in names(found)


def test_one_per_child_round__both_parents_book_their_own(ctx):
    pupil, enrollment, (mother, father) = family(ctx, separated=False)
    day = school_day(ctx, 16, 1)
    round = a_round(ctx, RoundKind.DEVELOPMENT_1, day)
    teacher = teacher_of(enrollment)
    # each booked as a party of their own (as for separated parents), though they did not ask for it
    booked(round, pupil, [mother], teacher, at_local(day, T(15)), party=str(mother.pk))
    booked(round, pupil, [father], teacher, at_local(day, T(16)), party=str(father.pk))
    found = violations(ctx, day, "one_per_child_round")
    assert f"pupil {pupil.pk}" in names(found) and f"guardian {father.pk}" in names(found)


def test_one_per_child_round__separated_parents_may_each_have_one(ctx):
    pupil, enrollment, (mother, father) = family(ctx)
    GuardianOf.objects.filter(pupil=pupil).update(invite_separately=True)
    day = school_day(ctx, 16, 2)
    round = a_round(ctx, RoundKind.DEVELOPMENT_1, day)
    booked(round, pupil, [mother], teacher_of(enrollment), at_local(day, T(15)), party=str(mother.pk))
    booked(round, pupil, [father], teacher_of(enrollment), at_local(day, T(16)), party=str(father.pk))
    assert not [v for v in Checker(ctx).check_day(day) if v.rule == "one_per_child_round"]


def test_evaluation_reminder__no_reminder_on_the_evaluation_date(ctx):
    pupil, enrollment, guardians = family(ctx)
    held, evaluation = school_day(ctx, 10, 1), school_day(ctx, 16, 1)
    round = a_round(ctx, RoundKind.DEVELOPMENT_1, held)
    booking = booked(round, pupil, guardians, teacher_of(enrollment), at_local(held, T(15)))
    Record.objects.create(booking=booking, evaluation_date=evaluation, published_at=at_local(held, T(16)),
                          author=teacher_of(enrollment))  # fmt: skip
    found = violations(ctx, evaluation, "evaluation_reminder")
    assert f"guardian {guardians[0].pk}" in names(found) and f"pupil {pupil.pk}" in names(found)


def test_quiet_hours__a_message_at_half_past_ten_at_night(ctx):
    _pupil, _e, (guardian, _other) = family(ctx)
    day = school_day(ctx, 9, 2)
    sent(guardian, at=at_local(day, T(22, 30)), purpose=Purpose.REMINDER)
    found = violations(ctx, day, "quiet_hours")
    assert f"guardian {guardian.pk}" in names(found) and "22:30" in found[0].detail


def test_stop_respected__a_tip_after_stop(ctx):
    _pupil, _e, (guardian, _other) = family(ctx)
    day = school_day(ctx, 9, 2)
    Subscription.objects.create(guardian=guardian, topic="tip", active=False, changed_at=at_local(day, T(9)),
                                changed_via="sms")  # fmt: skip
    sent(guardian, at=at_local(day, T(18)), kind="tip")
    found = violations(ctx, day, "stop_respected")
    assert f"guardian {guardian.pk}" in names(found)


def test_provider_once__a_message_that_reached_the_provider_twice(ctx, at_day):
    day = school_day(ctx, 3)
    at_day(day)
    world.reset()
    now = at_local(day, T(18))
    world.accepted["engagement:1:week:tip/sms"] = [(now, "sim-1", "+31600000001"), (now, "sim-2", "+31600000001")]
    try:
        found = violations(ctx, day, "provider_once")
    finally:
        world.reset()
    assert len(found) == 1 and "2 times" in found[0].detail


def test_bounce_fallback__an_email_to_an_address_that_bounced(ctx, at_day):
    day = school_day(ctx, 3)
    at_day(day)
    world.reset()
    now = at_local(day, T(18))
    world.bounced.append((now, "sim-1", "dood@example.nl"))
    world.accepted["notice:2:x/email"] = [(now + datetime.timedelta(hours=1), "sim-2", "dood@example.nl")]
    try:
        found = violations(ctx, day, "bounce_fallback")
    finally:
        world.reset()
    assert len(found) == 1 and "dood@example.nl" in found[0].detail


def test_bounce_fallback__a_bounced_message_left_on_email(ctx, at_day):
    _pupil, _e, (guardian, _other) = family(ctx)
    day = school_day(ctx, 3)
    at_day(day)
    message = sent(guardian, at=at_local(day, T(18)), purpose=Purpose.NOTICE)
    MessageAttempt.objects.create(message=message, channel="email", at=at_local(day, T(18)), ok=True,
                                  delivery_status="undelivered", error="undelivered bounced 550")  # fmt: skip
    found = violations(ctx, day, "bounce_fallback")
    assert f"message {message.pk} bounced" in found[0].detail and guardian.full_name in names(found)
