"""Every rule of the programme as an invariant over the data, checked for one simulated day.

Each check is a small function `check_x(day_context) -> list[Violation]`; a violation names the
day, the rule and the people concerned (ids and names). The checks read only what the data of
that day allows (messages by the moment they were actually sent, bookings by their slot's day),
so they can run at the end of every simulated day, and on any database (tests break a rule on
purpose and call `Checker.check_day`).

Where the card's advice cannot be met because the school started using the app late (the
information-session window, the start conversations in weeks 3–4), a miss is a warning, as
DESIGN.md says; everything else is an error.
"""

import datetime
import re
import time
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from conversations.followup import followup_due_on, non_responders, school_days_after
from conversations.invitations import invite_source as round_invite_source
from conversations.models import ACTIVE, Booking, BookingGuardian, ConversationForm, Record, Round, RoundKind, Slot
from conversations.records import evaluation_source, informed_guardians
from conversations.rounds import round_audience
from conversations.texts import round_texts
from meetings.invitations import invite_source as session_invite_source
from meetings.models import Invitation, Response, Session
from meetings.planning import MAX_GAP, MIN_GAP, WEEKS
from meetings.texts import item_texts
from messaging.consent import is_subscribed
from messaging.models import Message, MessageAttempt, MessagePart, Purpose, Status, Subscription, Topic
from messaging.services import channels_for
from messaging.timing import QUIET_FROM, QUIET_UNTIL
from ouderbetrokkenheid.school.clock import AMSTERDAM, local_day
from ouderbetrokkenheid.school.dates import day_month
from ouderbetrokkenheid.school.models import GuardianOf
from yearplan.planning import advice_timeline

from .context import YearContext, day_bounds, week_bounds
from .providers import world

ERROR, WARNING = "error", "warning"
NOTICE = datetime.timedelta(days=7)
FOLLOWUP_SCHOOL_DAYS = 3
WEEKLY_CAP = 3

RULES = {
    "weekly_cap": _("Hoogstens 3 berichten per ouder per week"),
    "one_per_kind": _("Hoogstens 1 bericht per soort per ouder per week"),
    "invitation_notice": _("Uitnodiging minstens 7 dagen vooraf"),
    "invitation_content": _("Uitnodiging noemt tijd, duur, vorm en doel"),
    "day_off": _("Niets op een vakantiedag, feestdag of studiedag"),
    "session_programme": _("Bijeenkomsten in week 1–9, 14–21 dagen uit elkaar, op volgorde"),
    "start_round_weeks": _("Startgesprekken in week 3–4"),
    "advice_deadline": _("Adviesgesprekken vóór de deadline"),
    "followup_listed": _("Niet-reageerders binnen 3 schooldagen op de opvolglijst"),
    "slot_double_booked": _("Geen gespreksplek dubbel geboekt"),
    "guardian_two_places": _("Geen ouder op twee plaatsen tegelijk"),
    "one_per_child_round": _("Eén gesprek per kind per ronde (behalve gescheiden ouders)"),
    "evaluation_reminder": _("Herinnering op het evaluatiemoment"),
    "quiet_hours": _("Geen bericht in de stille uren"),
    "stop_respected": _("Geen betrokkenheidsbericht na STOP"),
    "provider_once": _("Elk bericht hoogstens één keer bij de provider"),
    "bounce_fallback": _("Na een bounce het volgende kanaal, nooit meer naar het dode adres"),
}


@dataclass
class Violation:
    day: datetime.date
    rule: str
    detail: str
    people: list = field(default_factory=list)  # "guardian 12 Anna Prins", "pupil 7 Pim Prins", …
    severity: str = ERROR

    def __str__(self):
        who = "; ".join(self.people)
        return f"{self.day} [{self.rule}] {self.detail}" + (f" — {who}" if who else "")


def person(kind, obj) -> str:
    name = getattr(obj, "full_name", None) or getattr(obj, "title", None) or str(obj)
    return f"{kind} {obj.pk} {name}"


@dataclass
class Day:
    """What a check needs: the day, the year and its calendar, and the messages sent that day."""

    day: datetime.date
    ctx: YearContext

    @property
    def year(self):
        return self.ctx.year

    @property
    def bounds(self):
        return day_bounds(self.day)

    engagement_week: list | None = None
    invites: list | None = None
    _sent: list | None = None

    def sent_today(self):
        start, end = self.bounds
        return Message.objects.filter(school=self.ctx.school, status=Status.SENT, sent_at__gte=start, sent_at__lt=end)

    def sent(self) -> list:
        """Today's sent messages with their guardians (read once for every check)."""
        if self._sent is None:
            self._sent = list(self.sent_today().select_related("guardian"))
        return self._sent


# -- messages -------------------------------------------------------------------------------------------


def _engagement_week(d: Day):
    """Per guardian who got an engagement message today: what they got this ISO week, by sent time."""
    if d.engagement_week is None:
        guardians = [m.guardian_id for m in d.sent() if m.purpose == Purpose.ENGAGEMENT]
        start, end = week_bounds(d.day)
        d.engagement_week = (
            list(
                Message.objects.filter(
                    guardian_id__in=guardians,
                    purpose=Purpose.ENGAGEMENT,
                    status=Status.SENT,
                    sent_at__gte=start,
                    sent_at__lt=end,
                ).select_related("guardian")
            )
            if guardians
            else []
        )
    return d.engagement_week


def check_weekly_cap(d: Day) -> list[Violation]:
    per_guardian = {}
    for message in _engagement_week(d):
        per_guardian.setdefault(message.guardian, []).append(message)
    return [
        Violation(
            d.day,
            "weekly_cap",
            f"{len(messages)} engagement messages in week {d.day:%G-W%V}",
            [person("guardian", guardian)],
        )
        for guardian, messages in per_guardian.items()
        if len(messages) > WEEKLY_CAP
    ]


def check_one_per_kind(d: Day) -> list[Violation]:
    per_kind = {}
    for message in _engagement_week(d):
        per_kind.setdefault((message.guardian, message.kind), []).append(message)
    return [
        Violation(
            d.day,
            "one_per_kind",
            f"{len(messages)} '{kind}' messages in week {d.day:%G-W%V}",
            [person("guardian", guardian)],
        )
        for (guardian, kind), messages in per_kind.items()
        if len(messages) > 1
    ]


def check_quiet_hours(d: Day) -> list[Violation]:
    found = []
    for message in d.sent():
        local = message.sent_at.astimezone(AMSTERDAM).time()
        if local >= QUIET_FROM or local < QUIET_UNTIL:
            found.append(
                Violation(
                    d.day,
                    "quiet_hours",
                    f"message {message.pk} ({message.purpose}) sent at {local:%H:%M}",
                    [person("guardian", message.guardian)],
                )
            )
    return found


def check_stop_respected(d: Day) -> list[Violation]:
    sent = [m for m in d.sent() if m.purpose == Purpose.ENGAGEMENT]
    if not sent:
        return []
    stopped = {
        (row.guardian_id, row.topic): row.changed_at
        for row in Subscription.objects.filter(guardian_id__in={m.guardian_id for m in sent}, active=False)
    }
    found = []
    for message in sent:
        at = stopped.get((message.guardian_id, message.kind))
        if at is not None and at <= message.sent_at:
            found.append(
                Violation(
                    d.day,
                    "stop_respected",
                    f"'{message.kind}' message {message.pk} sent after the guardian stopped it on {local_day(at)}",
                    [person("guardian", message.guardian)],
                )
            )
    return found


def _in_day(d: Day, moment) -> bool:
    start, end = d.bounds
    return start <= moment < end


def check_provider_once(d: Day) -> list[Violation]:
    """No duplicate SMS (or e-mail): the simulated provider took each message on a channel at most
    once, also when its answer was late or the connection dropped (the idempotency key is the
    message's key and the channel). Reads the in-process provider's record (the inline runner)."""
    found = []
    for key, taken in world.accepted.repeated.items():  # the keys taken more than once
        if _in_day(d, taken[1][0]):
            found.append(Violation(d.day, "provider_once", f"{key} reached the provider {len(taken)} times"))
    return found


def check_bounce_fallback(d: Day) -> list[Violation]:
    """A message whose e-mail bounced today went on by the next channel (sent, or waiting for the
    morning), failed only when the guardian has none; no e-mail reached a dead address after its bounce."""
    found = []
    start, end = d.bounds
    bounced = (
        MessageAttempt.objects.filter(
            message__school=d.ctx.school, channel="email", delivery_status="undelivered", error__contains="bounced",
            at__gte=start, at__lt=end,
        ).select_related("message__guardian")
    )  # fmt: skip
    for attempt in bounced:
        message, guardian = attempt.message, attempt.message.guardian
        stuck = message.channel == "email" and message.status in (Status.SENT, Status.PENDING, Status.SENDING)
        gave_up = message.status == Status.FAILED and bool(guardian.mobile)
        if stuck or gave_up:
            found.append(
                Violation(
                    d.day, "bounce_fallback",
                    f"message {message.pk} bounced by e-mail and is {message.status} on {message.channel}",
                    [person("guardian", guardian)],
                )
            )  # fmt: skip
    first_bounce = {}
    for at, _provider_id, address in world.bounced:
        first_bounce.setdefault(address.lower(), at)
    if not first_bounce:  # nothing bounced: no dead address to look for (the accepted list is the year's)
        return found
    for key, taken in world.accepted.items():
        for at, _provider_id, to in taken:
            dead_since = first_bounce.get(to.lower()) if key.endswith("/email") else None
            if dead_since is not None and at > dead_since and _in_day(d, at):
                detail = f"{key} e-mailed to {to}, which bounced on {dead_since:%Y-%m-%d}"
                found.append(Violation(d.day, "bounce_fallback", detail))
    return found


# -- invitations -------------------------------------------------------------------------------------------


def _invites_sent_today(d: Day):
    """[(message, "session" | "round", event)] for invitations sent today (read once per day)."""
    if d.invites is not None:
        return d.invites
    notices = [m for m in d.sent() if m.purpose == Purpose.NOTICE]
    parts = MessagePart.objects.filter(message__in=notices, source__endswith=":invite").order_by("pk")
    d.invites = []
    sessions, rounds = {}, {}
    if notices and (parts := list(parts.values_list("message_id", "source"))):
        sessions = {s.pk: s for s in Session.objects.filter(school_year=d.year).select_related("item")}
        rounds = {r.pk: r for r in Round.objects.filter(school_year=d.year)}
    by_id = {m.pk: m for m in notices}
    for message_id, source in parts if notices else []:
        kind, pk = source.split(":")[0], int(source.split(":")[1])
        event = (
            sessions.get(pk)
            if kind == "meetings.session"
            else rounds.get(pk)
            if kind == "conversations.round"
            else None
        )
        if event is not None:
            d.invites.append((by_id[message_id], "session" if kind == "meetings.session" else "round", event))
    return d.invites


def _event_day(kind, event):
    return local_day(event.starts_at) if kind == "session" else event.first_day


def check_invitation_notice(d: Day) -> list[Violation]:
    found = []
    for message, kind, event in _invites_sent_today(d):
        ahead = (_event_day(kind, event) - d.day).days
        if ahead < NOTICE.days:
            found.append(
                Violation(
                    d.day,
                    "invitation_notice",
                    f"invitation to {kind} '{event}' sent {ahead} days before it",
                    [person("guardian", message.guardian), person(kind, event)],
                )
            )
    # An event that starts today: everyone reachable in it was invited a week ahead.
    start, end = d.bounds
    for session in Session.objects.filter(school_year=d.year, starts_at__gte=start, starts_at__lt=end):
        sent = _sent_invites(session_invite_source(session))
        for invitation in Invitation.objects.filter(session=session).select_related("guardian"):
            if channels_for(invitation.guardian) and invitation.guardian_id not in sent:
                found.append(
                    Violation(
                        d.day,
                        "invitation_notice",
                        f"no invitation went out for session '{session}'",
                        [person("guardian", invitation.guardian), person("session", session)],
                    )
                )
        if session.invitations_sent_at is None:
            found.append(
                Violation(
                    d.day,
                    "invitation_notice",
                    f"session '{session}' held without invitations",
                    [person("session", session)],
                )
            )
    for round in Round.objects.filter(school_year=d.year, first_day=d.day, one_off=False).exclude(
        kind=RoundKind.AD_HOC
    ):
        sent = _sent_invites(round_invite_source(round), before=day_bounds(d.day - NOTICE)[1])
        for invitee in round_audience(round=round, day=round.first_day):
            for guardian in invitee.guardians:
                if channels_for(guardian) and guardian.pk not in sent:
                    found.append(
                        Violation(
                            d.day,
                            "invitation_notice",
                            f"not invited a week before round '{round}' began",
                            [person("guardian", guardian), person("pupil", invitee.pupil), person("round", round)],
                        )
                    )
    return found


def _sent_invites(source, before=None):
    messages = Message.objects.filter(parts__source=source, status=Status.SENT)
    if before is not None:
        messages = messages.filter(sent_at__lt=before)
    return set(messages.values_list("guardian_id", flat=True))


def _session_missing(message, session) -> list[str]:
    language = message.language
    texts = item_texts(session.item, language)
    start = session.starts_at.astimezone(AMSTERDAM)
    end = session.ends_at.astimezone(AMSTERDAM)
    missing = []
    with translation.override(language):
        if day_month(start) not in message.text or f"{start:%H:%M}" not in message.text:
            missing.append("time")
    if f"{end:%H:%M}" not in message.text:
        missing.append("duration")
    if not session.location or session.location not in message.text:
        missing.append("form (place)")
    if not texts.topics or any(topic not in message.text for topic in texts.topics):
        missing.append("goal (topics)")
    return missing


def _round_missing(message, round) -> list[str]:
    language = message.language
    texts = round_texts(round, language)
    labels = dict(ConversationForm.choices)
    missing = []
    with translation.override(language):
        if day_month(round.first_day) not in message.text:
            missing.append("time")
        if not re.search(rf"\b{round.slot_minutes}\b", message.text):
            missing.append("duration")
        if not round.forms or any(str(labels.get(f, f)) not in message.text for f in round.forms):
            missing.append("form")
    if not texts.goal or texts.goal not in message.text:
        missing.append("goal")
    return missing


def check_invitation_content(d: Day) -> list[Violation]:
    found = []
    for message, kind, event in _invites_sent_today(d):
        missing = _session_missing(message, event) if kind == "session" else _round_missing(message, event)
        if missing:
            found.append(
                Violation(
                    d.day,
                    "invitation_content",
                    f"invitation to {kind} '{event}' does not state: {', '.join(missing)}",
                    [person("guardian", message.guardian), person(kind, event)],
                )
            )
    return found


# -- the calendar ----------------------------------------------------------------------------------------


def check_day_off(d: Day) -> list[Violation]:
    reason = d.ctx.calendar.day_off_reason(d.day)
    if reason is None or not d.year.contains(d.day):
        return []
    start, end = d.bounds
    found = []
    for session in Session.objects.filter(school_year=d.year, starts_at__gte=start, starts_at__lt=end):
        found.append(
            Violation(d.day, "day_off", f"session '{session}' on a day off ({reason})", [person("session", session)])
        )
    slots = Slot.objects.filter(round__school_year=d.year, starts_at__gte=start, starts_at__lt=end)
    for staff_id, n in slots.values_list("staff_id").annotate(n=Count("pk")):
        staff = next((s for s in d.ctx.staff if s.pk == staff_id), None)
        found.append(
            Violation(
                d.day,
                "day_off",
                f"{n} conversation slots on a day off ({reason})",
                [person("teacher", staff) if staff else f"staff {staff_id}"],
            )
        )
    for booking in Booking.objects.filter(ACTIVE, slot__in=slots).select_related("pupil"):
        found.append(
            Violation(
                d.day, "day_off", f"conversation booked on a day off ({reason})", [person("pupil", booking.pupil)]
            )
        )
    for round in Round.objects.filter(Q(first_day=d.day) | Q(last_day=d.day), school_year=d.year):
        found.append(
            Violation(
                d.day, "day_off", f"round '{round}' begins or ends on a day off ({reason})", [person("round", round)]
            )
        )
    return found


def _tracks(sessions):
    """Per audience (year level, with a lateral entrant or not): its sessions in time order."""
    tracks = {}
    for level in range(1, 9):
        for lateral in (False, True):
            members = [s for s in sessions if level in s.year_levels or (lateral and s.lateral_entrants)]
            if members:
                tracks[(level, lateral)] = sorted(members, key=lambda s: s.starts_at)
    return tracks


def check_session_programme(d: Day) -> list[Violation]:
    calendar, severity = d.ctx.calendar, WARNING if d.ctx.late_start else ERROR
    sessions = list(Session.objects.filter(school_year=d.year).select_related("item"))
    today = [s for s in sessions if local_day(s.starts_at) == d.day]
    found = []
    for session in today:
        week = calendar.week_of(d.day)
        if week > WEEKS:
            found.append(
                Violation(
                    d.day,
                    "session_programme",
                    f"session '{session}' in week {week}, after week {WEEKS}",
                    [person("session", session)],
                    severity,
                )
            )
    for (level, lateral), track in _tracks(sessions).items():
        for previous, session in zip(track, track[1:], strict=False):
            if session not in today:
                continue
            audience = f"groep {level}" + (" (zij-instromers)" if lateral else "")
            gap = (local_day(session.starts_at) - local_day(previous.starts_at)).days
            steps = max(1, session.item.number - previous.item.number)
            if session.item.number <= previous.item.number:
                found.append(
                    Violation(
                        d.day,
                        "session_programme",
                        f"{audience}: session {session.item.number} after session {previous.item.number}",
                        [person("session", session)],
                        severity,
                    )
                )
            elif not MIN_GAP <= gap <= MAX_GAP * steps:
                found.append(
                    Violation(
                        d.day,
                        "session_programme",
                        f"{audience}: {gap} days after the previous session (14–{MAX_GAP * steps})",
                        [person("session", session), person("session", previous)],
                        severity,
                    )
                )
    if d.day == calendar.window_end:  # the window closes: every audience had its sessions
        items = {s.item for s in sessions}
        held = {(level, s.item_id) for s in sessions for level in s.year_levels}
        for item in items:
            for level in item.year_levels:
                if (level, item.pk) not in held:
                    found.append(
                        Violation(
                            d.day,
                            "session_programme",
                            f"groep {level} had no session '{item.title}' in weeks 1–{WEEKS}",
                            [f"item {item.pk} {item.title}"],
                            severity,
                        )
                    )
    return found


def check_start_round_weeks(d: Day) -> list[Violation]:
    week = d.ctx.week_of(d.day)
    if week in (3, 4):
        return []
    severity = WARNING if d.ctx.late_start else ERROR
    start, end = d.bounds
    found = []
    bookings = Booking.objects.filter(
        ACTIVE,
        round__kind=RoundKind.START,
        round__school_year=d.year,
        slot__starts_at__gte=start,
        slot__starts_at__lt=end,
    ).select_related("pupil")
    for booking in bookings:
        found.append(
            Violation(
                d.day,
                "start_round_weeks",
                f"start conversation in week {week}",
                [person("pupil", booking.pupil)],
                severity,
            )
        )
    return found


def _deadline(round, timeline):
    """(latest day, earliest day or None) of an advice round by the advice timeline."""
    if round.kind == RoundKind.ADVICE_FINAL:
        return timeline["final_advice_by"], timeline["transfer_test_until"] + datetime.timedelta(days=1)
    if 8 in round.year_levels:
        return timeline["provisional_advice_by"], None
    return timeline["groep7_advice_by"], None


def check_advice_deadline(d: Day) -> list[Violation]:
    start, end = d.bounds
    bookings = Booking.objects.filter(
        ACTIVE,
        round__school_year=d.year,
        slot__starts_at__gte=start,
        slot__starts_at__lt=end,
        round__kind__in=(RoundKind.ADVICE_PROVISIONAL, RoundKind.ADVICE_FINAL),
    )
    bookings = list(bookings.select_related("round", "pupil"))
    if not bookings:
        return []
    timeline = advice_timeline(d.year)
    found = []
    for booking in bookings:
        latest, earliest = _deadline(booking.round, timeline)
        if d.day > latest or (earliest and d.day < earliest):
            window = f"{earliest} – {latest}" if earliest else f"by {latest}"
            found.append(
                Violation(
                    d.day,
                    "advice_deadline",
                    f"advice conversation outside {window}",
                    [person("pupil", booking.pupil), person("round", booking.round)],
                )
            )
    return found


# -- follow-up ----------------------------------------------------------------------------------------------


def _expected_non_responders(round, day):
    """(guardian, pupil, group) with parental authority and no booking covering them, computed from
    the bookings and enrollments themselves (not through the app's list)."""
    invitees = {invitee.pupil.pk: invitee for invitee in round_audience(round=round, day=day)}
    holders = {}
    for pupil_id, guardian_id in BookingGuardian.objects.filter(round=round, active=True).values_list(
        "pupil_id", "guardian_id"
    ):
        holders.setdefault(pupil_id, set()).add(guardian_id)
    links = GuardianOf.objects.filter(pupil_id__in=invitees, has_parental_authority=True).select_related("guardian")
    found = []
    for link in links.order_by("pupil_id", "guardian_id"):
        mine = holders.get(link.pupil_id, set())
        if not (link.guardian_id in mine or (mine and not link.invite_separately)):
            invitee = invitees[link.pupil_id]
            found.append((link.guardian, invitee.pupil, invitee.group))
    return found


def check_followup_listed(d: Day) -> list[Violation]:
    found = []
    rounds = Round.objects.filter(school_year=d.year, invited_at__isnull=False, one_off=False)
    for round in rounds.exclude(kind=RoundKind.AD_HOC):
        due = followup_due_on(round)
        if due is None or school_days_after(school_year=d.year, day=due, count=FOLLOWUP_SCHOOL_DAYS) != d.day:
            continue
        lists = {}  # teacher id -> {(guardian id, pupil id)} on their list
        for guardian, pupil, group in _expected_non_responders(round, d.day):
            teachers = list(group.teachers.all())
            for teacher in teachers:
                if teacher.pk not in lists:
                    rows = non_responders(round=round, today=d.day, staff=teacher)
                    lists[teacher.pk] = {(row.guardian.pk, row.pupil.pk) for row in rows}
            if not any((guardian.pk, pupil.pk) in lists[t.pk] for t in teachers):
                who = [person("guardian", guardian), person("pupil", pupil)] + [person("teacher", t) for t in teachers]
                reason = "" if teachers else f" (groep {group.name} has no teacher)"
                found.append(
                    Violation(
                        d.day,
                        "followup_listed",
                        f"did not answer round '{round}' (deadline {due}) and is on no teacher's follow-up list"
                        + reason,
                        who,
                    )
                )
    return found


# -- bookings -----------------------------------------------------------------------------------------------


def check_slot_double_booked(d: Day) -> list[Violation]:
    start, end = d.bounds
    doubles = (
        Booking.objects.filter(
            ACTIVE, slot__round__school_year=d.year, slot__starts_at__gte=start, slot__starts_at__lt=end
        )
        .values("slot_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    found = []
    for row in doubles:
        bookings = Booking.objects.filter(ACTIVE, slot_id=row["slot_id"]).select_related("pupil", "slot__staff")
        who = [person("pupil", b.pupil) for b in bookings] + [person("teacher", bookings[0].slot.staff)]
        found.append(Violation(d.day, "slot_double_booked", f"slot {row['slot_id']} holds {row['n']} bookings", who))
    return found


def check_guardian_two_places(d: Day) -> list[Violation]:
    start, end = d.bounds
    spans = {}
    links = BookingGuardian.objects.filter(
        active=True, starts_at__gte=start, starts_at__lt=end, round__school_year=d.year
    ).select_related("guardian")
    for link in links:
        spans.setdefault(link.guardian, []).append((link.starts_at, link.ends_at, f"conversation {link.booking_id}"))
    coming = Invitation.objects.filter(
        session__school_year=d.year,
        session__starts_at__gte=start,
        session__starts_at__lt=end,
        response__in=(Response.COMING, Response.MAYBE),
    ).select_related("guardian", "session")
    for invitation in coming:
        session = invitation.session
        spans.setdefault(invitation.guardian, []).append((session.starts_at, session.ends_at, f"session {session.pk}"))
    found = []
    for guardian, items in spans.items():
        items.sort()
        busy_until, busy_with = None, ""
        for item_start, item_end, what in items:
            if busy_until is not None and item_start < busy_until:
                at = item_start.astimezone(AMSTERDAM)
                found.append(
                    Violation(
                        d.day,
                        "guardian_two_places",
                        f"{busy_with} and {what} at {at:%H:%M}",
                        [person("guardian", guardian)],
                    )
                )
            if busy_until is None or item_end > busy_until:
                busy_until, busy_with = item_end, what
    return found


def check_one_per_child_round(d: Day) -> list[Violation]:
    start, end = d.bounds
    today = Booking.objects.filter(ACTIVE, round__school_year=d.year).filter(
        Q(created_at__gte=start, created_at__lt=end) | Q(slot__starts_at__gte=start, slot__starts_at__lt=end)
    )
    found = []
    for round_id, pupil_id in set(today.values_list("round_id", "pupil_id")):
        bookings = list(Booking.objects.filter(ACTIVE, round_id=round_id, pupil_id=pupil_id).select_related("pupil"))
        if len(bookings) < 2:
            continue
        pupil = bookings[0].pupil
        separate = set(pupil.guardian_links.filter(invite_separately=True).values_list("guardian_id", flat=True))
        guardians = [set(b.guardian_links.filter(active=True).values_list("guardian_id", flat=True)) for b in bookings]
        disjoint = sum(len(g) for g in guardians) == len(set().union(*guardians))
        if not (disjoint and all(g <= separate for g in guardians)):
            who = [person("pupil", pupil)] + [f"guardian {pk}" for pk in sorted(set().union(*guardians))]
            found.append(
                Violation(
                    d.day,
                    "one_per_child_round",
                    f"{len(bookings)} conversations in round {round_id} without separated parents "
                    "each choosing their own",
                    who,
                )
            )
    return found


# -- reminders -------------------------------------------------------------------------------------------------


def check_evaluation_reminder(d: Day) -> list[Violation]:
    start, _end = d.bounds
    records = Record.objects.filter(
        booking__round__school_year=d.year, evaluation_date=d.day, published_at__lt=start
    ).select_related("booking__pupil")
    found = []
    for record in records:
        sent = {
            m.guardian_id: m.sent_at
            for m in Message.objects.filter(parts__source=evaluation_source(record), status=Status.SENT)
        }
        for guardian in informed_guardians(record.booking.pupil):
            if not channels_for(guardian) or not is_subscribed(guardian, Topic.REMINDER):
                continue
            at = sent.get(guardian.pk)
            if at is None or local_day(at) != d.day:
                when = "never" if at is None else f"on {local_day(at)}"
                found.append(
                    Violation(
                        d.day,
                        "evaluation_reminder",
                        f"evaluation reminder for record {record.pk} sent {when}",
                        [person("guardian", guardian), person("pupil", record.booking.pupil)],
                    )
                )
    return found


CHECKS = (
    check_weekly_cap,
    check_one_per_kind,
    check_invitation_notice,
    check_invitation_content,
    check_day_off,
    check_session_programme,
    check_start_round_weeks,
    check_advice_deadline,
    check_followup_listed,
    check_slot_double_booked,
    check_guardian_two_places,
    check_one_per_child_round,
    check_evaluation_reminder,
    check_quiet_hours,
    check_stop_respected,
    check_provider_once,
    check_bounce_fallback,
)


class Checker:
    """Runs every check for a day; keeps the violations (errors) and warnings."""

    def __init__(self, ctx: YearContext, checks=CHECKS):
        self.ctx, self.checks = ctx, checks
        self.violations, self.warnings = [], []
        self.checked = {check.__name__.removeprefix("check_"): 0 for check in checks}
        self.seconds = {}  # rule -> seconds spent checking it

    def check_day(self, day) -> list[Violation]:
        d = Day(day, self.ctx)
        found = []
        for check in self.checks:
            began = time.perf_counter()
            found += check(d)
            name = check.__name__.removeprefix("check_")
            self.checked[name] += 1
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - began
        self.violations += [v for v in found if v.severity == ERROR]
        self.warnings += [v for v in found if v.severity == WARNING]
        return found
