"""Reads for the messaging pages: what was sent, delivered and failed this month per group and
school, who received nothing, a guardian's history, and the week's plans of a school.

Every function runs a fixed number of queries, whatever the size of the group or school.
Messages belong to a group through their parts (a part names its pupil); a reminder without
a pupil counts for the school only.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, prefetch_related_objects

from ouderbetrokkenheid.school.clock import at_local
from ouderbetrokkenheid.school.models import Enrollment, Group, GuardianOf

from .models import LATE_REASONS, DeliveryStatus, LibraryEntry, Message, MessagePart, Status, WeekPlan

HISTORY_LIMIT = 100
NOTHING_RECEIVED_LIMIT = 200


@dataclass(frozen=True)
class Month:
    first: datetime.date
    start: datetime.datetime  # aware, midnight Amsterdam
    end: datetime.datetime  # exclusive

    @classmethod
    def of(cls, day: datetime.date) -> "Month":
        first = day.replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        return cls(first, at_local(first, datetime.time(0)), at_local(following, datetime.time(0)))

    @property
    def previous(self) -> datetime.date:
        return (self.first - datetime.timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> datetime.date:
        return (self.first + datetime.timedelta(days=32)).replace(day=1)


def _counts(prefix=""):
    """Count distinct messages by outcome; `prefix` is the path from the queried model to Message."""
    pk = f"{prefix}id" if prefix else "pk"
    status, delivery = f"{prefix}status", f"{prefix}delivery_status"
    return {
        "planned": Count(pk, distinct=True, filter=Q(**{f"{status}__in": [Status.PENDING, Status.SENDING]})),
        "sent": Count(pk, distinct=True, filter=Q(**{status: Status.SENT})),
        "delivered": Count(pk, distinct=True, filter=Q(**{status: Status.SENT, delivery: DeliveryStatus.DELIVERED})),
        "failed": Count(
            pk,
            distinct=True,
            filter=Q(**{status: Status.FAILED}) | Q(**{delivery: DeliveryStatus.UNDELIVERED}),
        ),
        "too_late": Count(
            pk, distinct=True, filter=Q(**{status: Status.CANCELLED, f"{prefix}cancel_reason__in": LATE_REASONS})
        ),
    }


def _in_month(month, prefix=""):
    """The month's messages, without the withdrawn ones (those cancelled for lateness count)."""
    return Q(**{f"{prefix}scheduled_at__gte": month.start, f"{prefix}scheduled_at__lt": month.end}) & (
        ~Q(**{f"{prefix}status": Status.CANCELLED}) | Q(**{f"{prefix}cancel_reason__in": LATE_REASONS})
    )


def received_in(month):
    """An Exists for "this guardian (OuterRef guardian_id) got a message sent in the month"."""
    return Exists(
        Message.objects.filter(
            guardian_id=OuterRef("guardian_id"), status=Status.SENT, sent_at__gte=month.start, sent_at__lt=month.end
        )
    )


def _current_links(day, groups):
    """Informed guardians' links to pupils in `groups` today, with the pupil's group id."""
    enrollments = Enrollment.objects.current(day).filter(group__in=groups)
    return GuardianOf.objects.filter(receives_information=True, pupil__in=enrollments.values("pupil_id")).annotate(
        group_id=enrollments.filter(pupil_id=OuterRef("pupil_id")).values("group_id")[:1]
    )


def group_counts(group, *, month, day) -> dict:
    """Messages this month that carry a part about a pupil now in the group, by outcome (one query)."""
    pupils = Enrollment.objects.current(day).filter(group=group).values("pupil_id")
    messages = Message.objects.filter(_in_month(month), parts__pupil__in=pupils)
    return messages.aggregate(**_counts())


def nothing_received(groups, *, month, day, limit=NOTHING_RECEIVED_LIMIT):
    """Informed guardians of pupils now in `groups` who were sent nothing this month (one query),
    with their children's names (`.children`)."""
    links = list(
        _current_links(day, groups)
        .annotate(received=received_in(month))
        .filter(received=False)
        .select_related("guardian", "pupil")
        .order_by("guardian__last_name", "guardian__first_name", "guardian_id", "pupil__first_name")[: limit * 3]
    )
    guardians = {}
    for link in links:
        guardian = guardians.setdefault(link.guardian_id, link.guardian)
        guardian.__dict__.setdefault("children", []).append(link.pupil)
        guardian.has_contact = bool(guardian.email or guardian.mobile)
    return list(guardians.values())[:limit]


@dataclass
class GroupRow:
    group: Group
    planned: int = 0
    sent: int = 0
    delivered: int = 0
    failed: int = 0
    guardians: int = 0
    nothing_received: int = 0


def school_overview(groups, *, month, day):
    """One row per group (counts of this month's messages and of guardians without any), plus the
    school-wide totals including reminders without a pupil. Four queries."""
    groups = list(groups.select_related("school_year__school").order_by("name"))
    rows = {group.pk: GroupRow(group) for group in groups}
    enrollments = Enrollment.objects.current(day).filter(group__in=groups)
    per_group = (
        MessagePart.objects.filter(
            _in_month(month, "message__"),
            pupil__enrollments__in=enrollments,
        )
        .values("pupil__enrollments__group_id")
        .annotate(**_counts("message__"))
    )
    for row in per_group:
        target = rows[row.pop("pupil__enrollments__group_id")]
        for name, value in row.items():
            setattr(target, name, value)
    guardians = (
        _current_links(day, groups)
        .annotate(received=received_in(month))
        .values("group_id")
        .annotate(
            guardians=Count("guardian_id", distinct=True),
            nothing=Count("guardian_id", distinct=True, filter=Q(received=False)),
        )
    )
    for row in guardians:
        rows[row["group_id"]].guardians = row["guardians"]
        rows[row["group_id"]].nothing_received = row["nothing"]
    schools = {group.school_year.school_id for group in groups}
    totals = Message.objects.filter(_in_month(month), school_id__in=schools).aggregate(**_counts())
    return list(rows.values()), totals


def guardian_history(guardian, *, limit=HISTORY_LIMIT):
    """The guardian's messages, newest first, with their parts (two queries); a message that was
    not sent because it came too late is listed with its reason."""
    return list(
        Message.objects.filter(guardian=guardian)
        .exclude(Q(status=Status.CANCELLED) & ~Q(cancel_reason__in=LATE_REASONS))
        .prefetch_related(Prefetch("parts", queryset=MessagePart.objects.select_related("pupil")))
        .order_by("-scheduled_at", "-pk")[:limit]
    )


def guardian_inbox(guardian, *, limit=HISTORY_LIMIT):
    """What the guardian sees in the portal: messages whose time came (sent, or failed to reach
    them: the portal is where they can still read it), newest first. One query."""
    return list(
        Message.objects.filter(guardian=guardian, status__in=[Status.SENT, Status.FAILED])
        .only("purpose", "kind", "language", "subject", "text", "scheduled_at", "sent_at", "status")
        .order_by("-scheduled_at", "-pk")[:limit]
    )


def week_plans(groups, *, week, day):
    """The groups with `.plan` (the saved plan of the week or None, with its line count) and
    `.pupil_count` (three queries)."""
    groups = list(
        groups.select_related("school_year__school")
        .prefetch_related("teachers")
        .order_by("school_year__school__name", "name")
    )
    plans = (
        WeekPlan.objects.filter(group__in=groups, week=week)
        .select_related("approved_by")
        .annotate(line_count=Count("progress_lines"))
    )
    by_group = {plan.group_id: plan for plan in plans}
    pupils = dict(
        Enrollment.objects.current(day)
        .filter(group__in=groups)
        .values("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    for group in groups:
        group.plan = by_group.get(group.pk)
        group.pupil_count = pupils.get(group.pk, 0)
    return groups


def visible_pupil_ids(guardian, pupils) -> set[int]:
    """Which of the guardian's children the viewer may see (one query)."""
    return set(pupils.filter(guardian_links__guardian=guardian).values_list("pk", flat=True))


def library_candidates(*, school, kind, year_levels, week, chosen=None, limit=12):
    """Active library entries of `kind` the group may pick this week (its year levels, this
    month or any month), with their texts; the plan's current choice always among them."""
    entries = list(
        LibraryEntry.objects.filter(
            Q(month=week.month) | Q(month__isnull=True),
            school=school,
            kind=kind,
            year_level__in=year_levels,
            active=True,
            summer_reading=False,
        )
        .prefetch_related("texts")
        .order_by("year_level", "month", "theme", "pk")[:limit]
    )
    if chosen is not None and chosen.pk not in {entry.pk for entry in entries}:
        prefetch_related_objects([chosen], "texts")
        entries.insert(0, chosen)
    return entries
