"""The report a school would read: per ISO week what happened, computed from the data the
simulated year left behind (no tables of its own), the invariant summary, the faults and what
was late because of them. A text table for the command line and an HTML page with a small
inline SVG chart (templates/simulation/report.html)."""

import datetime
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from conversations.followup import non_responders
from conversations.models import ACTIVE, Booking, FollowUp, Round, RoundKind
from meetings.models import Invitation
from messaging.models import Message, MessagePart, Purpose, Status
from ouderbetrokkenheid.school.calendar import week_start
from ouderbetrokkenheid.school.clock import local_day
from ouderbetrokkenheid.school.models import GuardianOf

from .context import day_bounds
from .invariants import RULES

KINDS = ("progress", "tip", "encouragement", "reminder", "notice")
CHANNELS = ("email", "sms", "whatsapp")
LATE = datetime.timedelta(minutes=5)


@dataclass
class Week:
    monday: datetime.date
    invitations: int = 0
    answers: int = 0
    bookings: int = 0
    held: int = 0
    kinds: dict = field(default_factory=dict)
    channels: dict = field(default_factory=dict)
    not_reached: int = 0
    followups: int = 0

    @property
    def sent(self):
        return sum(self.kinds.values())

    @property
    def label(self):
        return f"{self.monday:%G-W%V}"


def _local_week(moment):
    return week_start(local_day(moment))


def weekly_rows(result) -> list[Week]:
    school, year = result.school, result.year
    start, end = day_bounds(result.start)[0], day_bounds(result.end)[1]
    first = week_start(result.start)
    weeks, monday = {}, first
    while monday <= result.end:
        weeks[monday] = Week(monday)
        monday += datetime.timedelta(weeks=1)

    def at(moment):
        return weeks.get(_local_week(moment))

    invitations = Invitation.objects.filter(session__school_year=year, invited_at__gte=start, invited_at__lt=end)
    for moment in invitations.values_list("invited_at", flat=True):
        if w := at(moment):
            w.invitations += 1
    round_invites = MessagePart.objects.filter(
        source__startswith="conversations.round:",
        source__endswith=":invite",
        message__school=school,
        created_at__gte=start,
        created_at__lt=end,
    )
    for moment in round_invites.values_list("created_at", flat=True):
        if w := at(moment):
            w.invitations += 1
    for moment in Invitation.objects.filter(
        session__school_year=year, responded_at__gte=start, responded_at__lt=end
    ).values_list("responded_at", flat=True):
        if w := at(moment):
            w.answers += 1
    bookings = Booking.objects.filter(round__school_year=year, created_at__gte=start, created_at__lt=end)
    for moment in bookings.values_list("created_at", flat=True):
        if w := at(moment):
            w.bookings += 1
    held = Booking.objects.filter(
        ACTIVE, round__school_year=year, slot__starts_at__gte=start, slot__starts_at__lt=end, record__attendance="came"
    )
    for moment in held.values_list("slot__starts_at", flat=True):
        if w := at(moment):
            w.held += 1
    sent = Message.objects.filter(school=school, status=Status.SENT, sent_at__gte=start, sent_at__lt=end)
    for moment, purpose, kind, channel in sent.values_list("sent_at", "purpose", "kind", "channel"):
        if w := at(moment):
            key = kind if purpose == Purpose.ENGAGEMENT else purpose
            w.kinds[key] = w.kinds.get(key, 0) + 1
            w.channels[channel] = w.channels.get(channel, 0) + 1
    for moment in FollowUp.objects.filter(round__school_year=year, at__gte=start, at__lt=end).values_list(
        "at", flat=True
    ):
        if w := at(moment):
            w.followups += 1
    _not_reached(result, weeks)
    return list(weeks.values())


def _not_reached(result, weeks):
    """Per week (on its Friday): the families on a follow-up list whom no contact reached yet."""
    rounds = list(
        Round.objects.filter(school_year=result.year, invited_at__isnull=False, one_off=False).exclude(
            kind=RoundKind.AD_HOC
        )
    )
    for monday, week in weeks.items():
        friday = min(monday + datetime.timedelta(days=4), result.end)
        families = set()
        for round in rounds:
            if (
                not round.first_day - datetime.timedelta(days=21)
                <= friday
                <= round.last_day + datetime.timedelta(days=7)
            ):
                continue
            for row in non_responders(round=round, today=friday):
                if not any(
                    f.outcome in ("called", "booked", "home_visit", "interpreter", "via_ib") for f in row.follow_ups
                ):
                    families.add(row.pupil.pk)
        week.not_reached = len(families)


def lateness(result) -> list[dict]:
    """Per fault with a time window: the messages that went out late because of it, and by how much;
    the SMS outage also counts the timeouts, the fallbacks to another channel and the failures."""
    rows = []
    for fault in result.faults:
        if fault.name in ("worker-down", "sms-timeout"):
            begin, until = fault.window
            late = Message.objects.filter(
                school=result.school, scheduled_at__gte=begin, scheduled_at__lt=until, status=Status.SENT
            ).exclude(sent_at__isnull=True)
            delays = [m.sent_at - m.scheduled_at for m in late.only("sent_at", "scheduled_at")]
            delays = [d for d in delays if d > LATE]
            row = {
                "fault": fault,
                "late": len(delays),
                "max": max(delays, default=None),
                "mean": sum(delays, datetime.timedelta()) / len(delays) if delays else None,
            }
            if fault.name == "sms-timeout":
                attempts = Message.objects.filter(
                    school=result.school,
                    attempt_log__at__gte=begin,
                    attempt_log__at__lt=until,
                    attempt_log__channel="sms",
                    attempt_log__ok=False,
                )
                row["timeouts"] = attempts.count()
                touched = attempts.distinct()
                row["fell_back"] = touched.filter(status=Status.SENT).exclude(channel="sms").count()
                row["failed"] = touched.filter(status=Status.FAILED).count()
            rows.append(row)
        elif fault.name == "late-export" and fault.details:
            leavers = fault.details["leavers"]
            guardians = GuardianOf.objects.filter(pupil_id__in=leavers).values("guardian_id")
            after = Message.objects.filter(
                parts__pupil_id__in=leavers,
                guardian_id__in=guardians,
                status=Status.SENT,
                purpose=Purpose.ENGAGEMENT,
                sent_at__gte=day_bounds(fault.details["dated"])[0],
                sent_at__lt=day_bounds(fault.details["imported"])[0],
            ).distinct()
            rows.append(
                {
                    "fault": fault,
                    "late": after.count(),
                    "max": fault.details["imported"] - fault.details["dated"],
                    "mean": None,
                }
            )
        else:
            rows.append({"fault": fault, "late": 0, "max": None, "mean": None})
    return rows


def _summary(result):
    per_rule = {}
    for v in result.violations + result.warnings:
        per_rule.setdefault(v.rule, []).append(v)
    return [
        {
            "rule": rule,
            "label": str(label),
            "checked": result.checks.get(rule, 0),
            "errors": sum(1 for v in per_rule.get(rule, []) if v.severity == "error"),
            "warnings": sum(1 for v in per_rule.get(rule, []) if v.severity == "warning"),
        }
        for rule, label in RULES.items()
    ]


COLUMNS = (
    "week",
    "inv",
    "ans",
    "book",
    "held",
    "prog",
    "tip",
    "enc",
    "rem",
    "notice",
    "email",
    "sms",
    "wa",
    "not reached",
    "follow-ups",
)


def _cells(w):
    return [
        w.label,
        w.invitations,
        w.answers,
        w.bookings,
        w.held,
        *[w.kinds.get(k, 0) for k in KINDS],
        *[w.channels.get(c, 0) for c in CHANNELS],
        w.not_reached,
        w.followups,
    ]


def text_report(result) -> str:
    weeks = result.weeks or weekly_rows(result)
    result.weeks = weeks
    lines = [
        _("Simulatie %(school)s (%(brin)s), schooljaar %(year)s: %(start)s t/m %(end)s, seed %(seed)s, %(runner)s")
        % {
            "school": result.school.name,
            "brin": result.school.brin,
            "year": result.year,
            "start": result.start,
            "end": result.end,
            "seed": result.seed,
            "runner": result.runner,
        },
        "",
        " ".join(f"{c:>{max(len(c), 8 if i == 0 else 5)}}" for i, c in enumerate(COLUMNS)),
    ]
    for w in weeks:
        lines.append(
            " ".join(
                f"{v!s:>{max(len(c), 8 if i == 0 else 5)}}"
                for i, (c, v) in enumerate(zip(COLUMNS, _cells(w), strict=True))
            )
        )
    totals = [sum(row[i] for row in map(_cells, weeks)) for i in range(1, len(COLUMNS))]
    lines.append(
        " ".join(
            f"{v!s:>{max(len(c), 8 if i == 0 else 5)}}"
            for i, (c, v) in enumerate(zip(COLUMNS, ["total", *totals], strict=True))
        )
    )
    lines += ["", _("Regels (dagen gecontroleerd, overtredingen, waarschuwingen):")]
    for row in _summary(result):
        lines.append(f"  {row['label']:<62} {row['checked']:>5} {row['errors']:>5} {row['warnings']:>5}")
    for v in result.violations[:50]:
        lines.append(f"  ! {v}")
    for v in result.warnings[:20]:
        lines.append(f"  ~ {v}")
    if result.faults:
        lines += ["", _("Storingen:")]
        for row in lateness(result):
            fault = row["fault"]
            text = f"  {fault.name} {fault.day}: {row['late']} late"
            if row["max"] is not None:
                text += f", max {row['max']}"
            if row["mean"] is not None:
                text += f", mean {row['mean']}"
            for key in ("timeouts", "fell_back", "failed"):
                if key in row:
                    text += f", {key} {row[key]}"
            lines.append(text)
            lines += [f"    {note}" for note in fault.notes]
    counts = ", ".join(f"{k} {v}" for k, v in sorted(result.journal.counts.items()))
    lines += ["", f"{_('Gebeurd')}: {counts}", f"{_('Duur')}: {result.seconds:.1f} s"]
    if result.journal.notes:
        lines.append(_("Geweigerd door de app (%(n)s):") % {"n": len(result.journal.notes)})
        lines += [f"  {note}" for note in result.journal.notes[:20]]
    return "\n".join(lines) + "\n"


CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 720, 180, 24


def chart(weeks):
    """Bars: messages sent per week; dots: bookings per week (own scale). Geometry for the template."""
    top = max([w.sent for w in weeks] + [1])
    top_bookings = max([w.bookings for w in weeks] + [1])
    step = (CHART_WIDTH - 2 * CHART_PAD) / max(1, len(weeks))
    inner = CHART_HEIGHT - 2 * CHART_PAD
    bars = []
    for i, w in enumerate(weeks):
        height = inner * w.sent / top
        bars.append(
            {
                "x": round(CHART_PAD + i * step, 1),
                "width": round(max(1.0, step - 2), 1),
                "y": round(CHART_HEIGHT - CHART_PAD - height, 1),
                "height": round(height, 1),
                "week": w,
                "dot_y": round(CHART_HEIGHT - CHART_PAD - inner * w.bookings / top_bookings, 1),
                "dot_x": round(CHART_PAD + i * step + step / 2, 1),
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "pad": CHART_PAD,
        "bars": bars,
        "top": top,
        "top_bookings": top_bookings,
        "baseline": CHART_HEIGHT - CHART_PAD,
    }


def html_report(result) -> str:
    weeks = result.weeks or weekly_rows(result)
    result.weeks = weeks
    return render_to_string(
        "simulation/report.html",
        {
            "result": result,
            "weeks": [(w, _cells(w)[1:]) for w in weeks],
            "chart": chart(weeks),
            "summary": _summary(result),
            "faults": lateness(result) if result.faults else [],
            "kinds": KINDS,
            "channels": CHANNELS,
        },
    )
