"""A teacher drops out (issue 13, point 15): leadership or the teacher marks the teacher absent for
(part of) a conversation day of a round, in one step.

- the teacher's free slots in that time close (an Absence in force hides them: `closed_by_absence`),
  so the booking pages, the planner and the coverage stop counting them; nothing is deleted;
- the bookings in that time are cancelled, and each family gets one notice in its language naming
  every child concerned, with the choice: another time (the duo partner's or another teacher's), or
  the waiting list, which proposes a time as soon as one comes free (also one the teacher offers later);
- ending the absence (the teacher is back) reopens the slots and restores each cancelled booking
  whose time is still free and whose family has not booked another; the families hear it. Times
  that are not restored go to the waiting list.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from messaging.services import notice_send
from ouderbetrokkenheid.school.clock import local_day

from . import invitations
from .booking import _cancel_locked, waiting_list_offer
from .models import ACTIVE, Absence, Booking, BookingGuardian, BookingStatus, Slot, closed_by_absence
from .texts import round_title


def may_mark_absent(by, staff) -> bool:
    """Leadership (and admin) of the school for any teacher; a teacher for themself."""
    if by is None or by.school_id != staff.school_id:
        return False
    return by.is_leadership or by.is_admin or by.pk == staff.pk


def _check(*, round, staff, starts_at, ends_at, by):
    if not may_mark_absent(by, staff) or round.school_year.school_id != staff.school_id:
        raise PermissionDenied
    if ends_at <= starts_at:
        raise ValidationError(_("De eindtijd moet na de begintijd liggen."))
    first, last = (
        local_day(starts_at),
        local_day(ends_at - datetime.timedelta(seconds=1)),
    )
    if first < round.first_day or last > round.last_day:
        raise ValidationError(_("Kies een tijd op een gespreksdag van deze ronde."))
    if ends_at <= timezone.now():
        raise ValidationError(_("Die tijd is al voorbij."))
    overlapping = Absence.objects.filter(
        staff=staff, ended_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if overlapping.exists():
        raise ValidationError(_("Voor deze tijd staat %(name)s al als afwezig.") % {"name": staff.full_name})


def _when(moment, language):
    with translation.override(language):
        return date_format(timezone.localtime(moment), "l j F"), f"{timezone.localtime(moment):%H:%M}"


def absence_text(*, absence, guardian, bookings, link) -> str:
    language = guardian.page_language
    with translation.override(language):
        day, _time = _when(absence.starts_at, language)
        lines = [_("%(teacher)s is er niet op %(day)s.") % {"teacher": absence.staff.full_name, "day": day}]
        for booking in bookings:
            _day, time = _when(booking.slot.starts_at, language)
            lines.append(
                _("Het gesprek over %(child)s om %(time)s uur gaat niet door.")
                % {"child": booking.pupil.first_name, "time": time}
            )
        lines.append(_("Kies in de app een andere tijd, ook bij een andere leerkracht."))
        lines.append(_("Of zet u op de wachtlijst. Dan krijgt u een nieuwe tijd als die er is."))
        lines.append(link)
    return "\n".join(lines)


def restored_text(*, absence, guardian, bookings, link) -> str:
    language = guardian.page_language
    with translation.override(language):
        lines = [_("Goed nieuws: %(teacher)s is er toch.") % {"teacher": absence.staff.full_name}]
        for booking in bookings:
            day, time = _when(booking.slot.starts_at, language)
            lines.append(
                _("Het gesprek over %(child)s is weer op %(day)s om %(time)s uur.")
                % {"child": booking.pupil.first_name, "day": day, "time": time}
            )
        lines.append(link)
    return "\n".join(lines)


def _tell(*, absence, bookings, source, text, base_url):
    """One notice per guardian, naming every child of theirs concerned, in their language."""
    per_guardian = {}
    for booking in bookings:
        for guardian in invitations.informed_guardians(booking):
            per_guardian.setdefault(guardian, []).append(booking)
    link = invitations.booking_url(base_url)
    for guardian, theirs in per_guardian.items():
        notice_send(
            guardians=[guardian], source=f"{source}:{guardian.pk}",
            subject=round_title(absence.round, guardian.page_language),
            text_for=lambda g, theirs=theirs: text(absence=absence, guardian=g, bookings=theirs, link=link),
        )  # fmt: skip
    return len(per_guardian)


@transaction.atomic
def absence_start(*, round, staff, starts_at, ends_at, by, base_url=None) -> Absence:
    """Mark `staff` absent from `starts_at` to `ends_at` in `round`: close their free slots, cancel
    their bookings in that time and tell each family once. Refused in Dutch, writing nothing, when
    the time is not on a day of the round, is over, or the teacher is already absent then."""
    _check(round=round, staff=staff, starts_at=starts_at, ends_at=ends_at, by=by)
    absence = Absence.objects.create(round=round, staff=staff, starts_at=starts_at, ends_at=ends_at, created_by=by)
    bookings = list(
        Booking.objects.select_for_update(of=("self",))
        .filter(ACTIVE, slot__staff=staff, slot__starts_at__lt=ends_at, slot__ends_at__gt=starts_at,
                slot__starts_at__gt=timezone.now())
        .select_related("slot__staff", "round", "pupil")
        .order_by("slot__starts_at")
    )  # fmt: skip
    for booking in bookings:
        _cancel_locked(booking, base_url=base_url, notify=False)
    absence.cancelled.set(bookings)
    _tell(absence=absence, bookings=bookings, source=f"conversations.absence:{absence.pk}:cancelled",
          text=absence_text, base_url=base_url)  # fmt: skip
    return absence


def _restore(booking) -> bool:
    """Give a cancelled booking its time back, if the slot and the family are still free."""
    if booking.status != BookingStatus.CANCELLED or booking.slot.starts_at <= timezone.now():
        return False
    try:
        with transaction.atomic():
            booking.status, booking.cancelled_at = BookingStatus.CONFIRMED, None
            booking.save(update_fields=["status", "cancelled_at"])
            BookingGuardian.objects.filter(booking=booking).update(active=True)
    except IntegrityError:  # the slot was taken, the child was booked again, or a parent is busy then
        booking.status = BookingStatus.CANCELLED
        return False
    return True


@transaction.atomic
def absence_end(*, absence, by, base_url=None) -> tuple[list, list]:
    """The teacher is back: the slots reopen, each cancelled booking whose time is still free comes
    back (its family is told, reminders planned again); the other reopened times go to the waiting
    list. Returns (restored, not restored). Ending twice changes nothing more."""
    absence = Absence.objects.select_for_update().select_related("staff", "round").get(pk=absence.pk)
    if not may_mark_absent(by, absence.staff):
        raise PermissionDenied
    if absence.ended_at is not None:
        return [], []
    absence.ended_at = timezone.now()
    absence.save(update_fields=["ended_at"])
    restored, lost = [], []
    cancelled = absence.cancelled.select_for_update(of=("self",)).select_related("slot__staff", "round", "pupil")
    for booking in cancelled.order_by("slot__starts_at"):
        (restored if _restore(booking) else lost).append(booking)
    for booking in restored:
        invitations.reminders_schedule(booking=booking, base_url=base_url)
    _tell(absence=absence, bookings=restored, source=f"conversations.absence:{absence.pk}:restored",
          text=restored_text, base_url=base_url)  # fmt: skip
    reopened = (
        Slot.objects.filter(staff=absence.staff, round=absence.round, starts_at__lt=absence.ends_at,
                            ends_at__gt=absence.starts_at, starts_at__gt=timezone.now())
        .exclude(bookings__in=Booking.objects.filter(ACTIVE))
        .exclude(closed_by_absence())
    )  # fmt: skip
    for slot in reopened:
        waiting_list_offer(slot=slot, base_url=base_url)
    return restored, lost


def absences_for_round(round):
    return Absence.objects.filter(round=round).select_related("staff", "created_by").order_by("-ended_at", "starts_at")
