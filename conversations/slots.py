"""Teachers' availability and the slots generated from it; second staff for advice rounds; coverage.

Times are stored in UTC and stepped in real minutes, so a DST day gets the slots it really has;
whether a slot is "evening" is decided on the Amsterdam wall clock."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.clock import AMSTERDAM, local_day
from ouderbetrokkenheid.school.models import Group, Staff

from .models import ACTIVE, Availability, Booking, Slot, closed_by_absence
from .rounds import round_audience

EVENING_FROM = datetime.time(17, 0)


def is_evening(moment) -> bool:
    return moment.astimezone(AMSTERDAM).time() >= EVENING_FROM


def availability_add(*, round, staff, starts_at, ends_at, room="", protect_for_working_parents=False) -> Availability:
    """A span the teacher is available; a break is the gap between two spans. Refused (Dutch) when
    it overlaps another span of the teacher, in this round or another; under concurrent requests
    one request per teacher at a time; a writer that bypasses this function still meets the
    database's exclusion constraint, refused with the same message."""
    if staff.school_id != round.school_year.school_id:
        raise ValidationError(_("Deze medewerker werkt niet op de school van deze ronde."))
    if ends_at <= starts_at:
        raise ValidationError(_("De eindtijd moet na de begintijd liggen."))
    first, last = local_day(starts_at), local_day(ends_at)
    if first < round.first_day or last > round.last_day:
        raise ValidationError(_("Deze tijd valt buiten de gespreksdagen van de ronde."))
    with transaction.atomic():
        # One writer per teacher at a time: two overlapping inserts checked only by the exclusion
        # constraint each wait on the other's row and PostgreSQL aborts one as a deadlock. NO KEY
        # UPDATE does not block the key-share locks of rows that merely point at the teacher.
        Staff.objects.select_for_update(no_key=True).filter(pk=staff.pk).values_list("pk").first()
        overlapping = (
            Availability.objects.filter(staff=staff, starts_at__lt=ends_at, ends_at__gt=starts_at)
            .select_related("round")
            .order_by("starts_at")
        )
        span = overlapping.first()
        if span is not None:
            raise ValidationError(_overlap_message(span, round))
        try:
            with transaction.atomic():  # the constraint is the last word (a concurrent insert)
                return Availability.objects.create(
                    round=round,
                    staff=staff,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    room=room,
                    protect_for_working_parents=protect_for_working_parents,
                )
        except IntegrityError as error:
            if NO_OVERLAP not in str(error):
                raise
        span = overlapping.first()  # committed by the other writer by now
        raise ValidationError(
            _overlap_message(span, round) if span else _("U hebt op dit moment al beschikbaarheid opgegeven.")
        )


NO_OVERLAP = "availability_staff_no_overlap"


def _span_words(starts_at, ends_at):
    start, end = starts_at.astimezone(AMSTERDAM), ends_at.astimezone(AMSTERDAM)
    return {"day": date_format(start, "l j F"), "start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}


def _overlap_message(span, round) -> str:
    """Why a new span is refused: it overlaps `span`, in this round or in another."""
    words = _span_words(span.starts_at, span.ends_at)
    if span.round_id == round.pk:
        return (
            _(
                "U bent op %(day)s van %(start)s tot %(end)s al beschikbaar in deze ronde. "
                "Tijden mogen niet overlappen: kies een andere tijd of verwijder eerst de oude."
            )
            % words
        )
    return _(
        "U bent op %(day)s van %(start)s tot %(end)s al beschikbaar voor de ronde %(round)s. "
        "U kunt niet op hetzelfde moment in twee rondes gesprekken voeren: kies een andere tijd."
    ) % {**words, "round": span.round.title}


def availability_remove(*, availability) -> None:
    availability.delete()


def _wanted_slots(round, spans):
    step = datetime.timedelta(minutes=round.slot_minutes)
    for span in spans:
        start = span.starts_at
        while start + step <= span.ends_at:
            protected = span.protect_for_working_parents and is_evening(start)
            yield (
                (span.staff_id, start),
                Slot(
                    round=round,
                    staff_id=span.staff_id,
                    starts_at=start,
                    ends_at=start + step,
                    room=span.room,
                    protected=protected,
                ),
            )
            start += step


@dataclass(frozen=True)
class SlotChanges:
    created: int
    removed: int
    kept: int


def slots_generate(*, round) -> SlotChanges:
    """Make the round's slots match its availability: idempotent; booked slots are never removed.

    Refused (Dutch, nothing written) when a new slot would overlap another slot of the same
    teacher: a booked slot kept in this round, or a slot of another round."""
    with transaction.atomic():
        spans = list(Availability.objects.select_for_update().filter(round=round).order_by("staff_id", "starts_at"))
        wanted = dict(_wanted_slots(round, spans))
        booked = Booking.objects.filter(ACTIVE, slot=OuterRef("pk"))
        slots = Slot.objects.filter(round=round).annotate(booked=Exists(booked))
        existing = {(s.staff_id, s.starts_at): s for s in slots}
        stale = [s.pk for key, s in existing.items() if not s.booked and _differs(s, wanted.get(key))]
        Slot.objects.filter(pk__in=stale).delete()
        keep = {key for key, s in existing.items() if s.pk not in stale}
        new = [slot for key, slot in wanted.items() if key not in keep]
        clashes = _clashes(round, new, [s for key, s in existing.items() if key in keep])
        if clashes:
            raise ValidationError(clashes)
        try:
            with transaction.atomic():
                Slot.objects.bulk_create(new)
        except IntegrityError as error:  # a slot made elsewhere at the same moment
            if "slot_staff_no_overlap" not in str(error):
                raise
            raise ValidationError(
                _(
                    "Tegelijk werden er gespreksplekken voor dezelfde leerkracht gemaakt in een andere ronde. "
                    "Probeer het opnieuw."
                )
            ) from None
    return SlotChanges(created=len(new), removed=len(stale), kept=len(keep))


CLASHES_SHOWN = 5


def _clashes(round, new, kept) -> list[str]:
    """Dutch lines for the new slots that overlap a kept slot of this round or a slot of another
    round of the same teacher (one line per other slot, the first few). Two queries at most."""
    if not new:
        return []
    others = list(
        Slot.objects.filter(
            staff_id__in={s.staff_id for s in new},
            starts_at__lt=max(s.ends_at for s in new),
            ends_at__gt=min(s.starts_at for s in new),
        )
        .exclude(round=round)
        .select_related("round", "staff")
    )
    by_staff = {}
    for slot in others + kept:
        by_staff.setdefault(slot.staff_id, []).append(slot)
    clashing = {}  # the other slots a new slot overlaps, in order
    for slot in new:
        for other in by_staff.get(slot.staff_id, ()):
            if other.starts_at < slot.ends_at and slot.starts_at < other.ends_at:
                clashing.setdefault(other.pk, other)
    lines = [_clash_line(other, round) for other in list(clashing.values())[:CLASHES_SHOWN]]
    if len(clashing) > CLASHES_SHOWN:
        lines.append(_("En nog %(n)s andere.") % {"n": len(clashing) - CLASHES_SHOWN})
    return lines


def _clash_line(other, round) -> str:
    words = {**_span_words(other.starts_at, other.ends_at), "teacher": other.staff.full_name}
    if other.round_id == round.pk:
        return (
            _(
                "%(teacher)s heeft op %(day)s van %(start)s tot %(end)s een geboekt gesprek dat blijft staan; "
                "de beschikbaarheid overlapt daarmee. Pas de beschikbaarheid aan."
            )
            % words
        )
    return _(
        "%(teacher)s heeft op %(day)s van %(start)s tot %(end)s al een gespreksplek in de ronde %(round)s; "
        "de beschikbaarheid in deze ronde overlapt daarmee. Pas de beschikbaarheid aan."
    ) % {**words, "round": other.round.title}


def _differs(slot, wanted):
    if wanted is None:
        return True
    return (slot.ends_at, slot.room, slot.protected) != (wanted.ends_at, wanted.room, wanted.protected)


def second_staff_set(*, round, staff, second_staff) -> int:
    """Set the second staff member on `staff`'s slots of the round (advice: required before booking)."""
    if second_staff is not None:
        if second_staff.school_id != round.school_year.school_id:
            raise ValidationError(_("Deze medewerker werkt niet op de school van deze ronde."))
        if second_staff.pk == staff.pk:
            raise ValidationError(_("De tweede collega moet iemand anders zijn."))
    return Slot.objects.filter(round=round, staff=staff).update(second_staff=second_staff)


def slots_missing_second_staff(*, round):
    if not round.needs_second_staff:
        return Slot.objects.none()
    return Slot.objects.filter(round=round, second_staff__isnull=True)


# -- coverage ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupCoverage:
    group: object
    teachers: list
    pupils: int
    booked: int
    free_slots: int
    protected_slots: int

    @property
    def needed(self):
        return self.pupils - self.booked

    @property
    def short(self):
        return max(0, self.needed - self.free_slots)


@dataclass(frozen=True)
class Coverage:
    groups: list
    pupils: int
    needed: int
    free_slots: int

    @property
    def short(self):
        return max(0, self.needed - self.free_slots)


def coverage(*, round) -> Coverage:
    """Per group: pupils still needing a conversation against the free slots of the group's teachers
    (a teacher of two groups counts for both); the school total counts each slot once. Six queries."""
    audience = round_audience(round=round)
    booked = set(Booking.objects.filter(ACTIVE, round=round).values_list("pupil_id", flat=True))
    groups = Group.objects.filter(pk__in={i.group.pk for i in audience}).prefetch_related("teachers").order_by("name")
    taken = Booking.objects.filter(ACTIVE, slot=OuterRef("pk"))
    free = Slot.objects.filter(round=round).exclude(Exists(taken)).exclude(closed_by_absence())
    counted = free.values("staff_id").annotate(n=Count("pk"), p=Count("pk", filter=Q(protected=True)))
    per_staff = {row["staff_id"]: row for row in counted}
    rows = []
    for group in groups:
        pupils = [i for i in audience if i.group.pk == group.pk]
        teachers = list(group.teachers.all())
        counts = [per_staff.get(t.pk, {"n": 0, "p": 0}) for t in teachers]
        rows.append(
            GroupCoverage(
                group=group,
                teachers=teachers,
                pupils=len(pupils),
                booked=sum(1 for i in pupils if i.pupil.pk in booked),
                free_slots=sum(c["n"] for c in counts),
                protected_slots=sum(c["p"] for c in counts),
            )
        )
    needed = sum(row.needed for row in rows)
    return Coverage(groups=rows, pupils=len(audience), needed=needed, free_slots=free.count())
