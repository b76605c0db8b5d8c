"""Booking conversations: open booking, staff on behalf of a family, proposals, the waiting list.

Concurrency (pretix-style): in one transaction we lock the families' guardian rows and then the
slots (both ordered by pk, so concurrent bookers queue instead of deadlocking), re-check every
rule against live rows, insert, and let PostgreSQL's constraints be the last word: a slot holds
one active booking, a guardian never holds two overlapping conversations, and a pupil has one
active booking per guardian and round. An IntegrityError from them becomes BookingRefused.

Several items (siblings) are one transaction: all are booked or none is.

Messages are written to the outbox (messaging) inside the same transaction, so they exist
exactly when the booking does; the dispatcher only sends committed messages.

The waiting list: when a booking is cancelled (or moved away), the freed slot is offered first
to the oldest unserved waiting-list entry of that round whose pupil has no active booking and
whose teacher holds the slot; it is booked for them as PROPOSED and they are told at once.
They accept it with `proposal_accept` (or cancel it, which offers it to the next in line).
"""

import datetime
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.models import Enrollment, Guardian, GuardianOf

from . import invitations
from .models import ACTIVE, Booking, BookingGuardian, BookingStatus, ConversationForm, Slot, WaitingListEntry

VIDEO_BASE_URL = "https://meet.jit.si/"


class BookingRefused(Exception):
    """A booking that cannot be made; the message is for the person booking (Dutch, gettext)."""

    def __init__(self, message=None):
        super().__init__(message or taken_message())

    @property
    def message(self):
        return str(self.args[0])


def taken_message():
    return _("Deze tijd is net door iemand anders gekozen. Kies een andere tijd.")


CONSTRAINT_MESSAGES = {
    "booking_one_per_slot": taken_message,
    "bookingguardian_no_overlap": lambda: _("U hebt op deze tijd al een ander gesprek. Kies een andere tijd."),
    "bookingguardian_once_per_round": lambda: _("U hebt al een afspraak voor dit kind in deze ronde."),
}


@dataclass
class BookingItem:
    slot: Slot
    pupil: object
    guardians: list = field(default_factory=list)
    form: str = ConversationForm.AT_SCHOOL


# -- checks ---------------------------------------------------------------------------------------


def in_round(*, pupil, round, day) -> Enrollment | None:
    """The pupil's enrollment on `day` in the round's school year and year levels, if any."""
    return (
        Enrollment.objects.current(day)
        .filter(pupil=pupil, group__school_year_id=round.school_year_id, year_level__in=round.year_levels)
        .select_related("group")
        .first()
    )


def _check_window(*, round, slot, by_guardian, by_staff, enforce_closing, now):
    if slot.round_id != round.pk:
        raise BookingRefused(_("Deze tijd hoort niet bij deze gespreksronde."))
    if slot.starts_at <= now:
        raise BookingRefused(_("Deze tijd is al voorbij."))
    closes = slot.starts_at - datetime.timedelta(hours=round.booking_closes_hours_before)
    if enforce_closing and not by_staff and now >= closes:
        raise BookingRefused(_("Inschrijven voor deze tijd is gesloten. Bel de school als u toch wilt komen."))
    if by_guardian and not by_staff and round.booking_opens_at and now < round.booking_opens_at:
        raise BookingRefused(_("Inschrijven kan nog niet."))


def _may_join(*, round, pupil) -> bool:
    """A one-off round (follow-up, intake) is only for the pupil it was made for."""
    return not round.one_off or Booking.objects.filter(round=round, pupil=pupil).exists()


def _check_people(*, round, item, by_guardian, by_staff):
    guardian_ids = {g.pk for g in item.guardians}
    if not guardian_ids:
        raise BookingRefused(_("Kies wie er komt."))
    linked = set(GuardianOf.objects.filter(pupil=item.pupil).values_list("guardian_id", flat=True))
    if not guardian_ids <= linked or (by_guardian and by_guardian.pk not in linked):
        raise BookingRefused(_("U kunt alleen een gesprek maken voor uw eigen kind."))
    if by_staff and by_staff.school_id != item.pupil.school_id:
        raise BookingRefused(_("Deze leerling zit niet op uw school."))
    if not in_round(pupil=item.pupil, round=round, day=timezone.localtime(item.slot.starts_at).date()):
        raise BookingRefused(_("Deze gespreksronde is niet voor %(child)s.") % {"child": item.pupil.first_name})
    if by_guardian and not by_staff and not _may_join(round=round, pupil=item.pupil):
        raise BookingRefused(_("Deze gespreksronde is niet voor %(child)s.") % {"child": item.pupil.first_name})
    if round.forms and item.form not in round.forms:
        raise BookingRefused(_("Deze gespreksvorm is in deze ronde niet mogelijk."))


def _existing(*, round, item) -> Booking | None:
    """The active booking one of the item's guardians already holds for this pupil in this round:
    the same slot means a double-submitted form (return it); another slot is refused."""
    link = (
        BookingGuardian.objects.filter(round=round, pupil=item.pupil, guardian__in=item.guardians, active=True)
        .select_related("booking")
        .first()
    )
    if link is None:
        return None
    if link.booking.slot_id == item.slot.pk:
        return link.booking
    raise BookingRefused(
        _("U hebt al een afspraak voor %(child)s in deze ronde. Verplaats die afspraak als u een andere tijd wilt.")
        % {"child": item.pupil.first_name}
    )


# -- writing --------------------------------------------------------------------------------------


def _video_link() -> str:
    base = getattr(settings, "CONVERSATION_VIDEO_BASE_URL", VIDEO_BASE_URL)
    return f"{base.rstrip('/')}/ob-{secrets.token_urlsafe(12)}"


def _insert(*, round, item, status, by_staff) -> Booking:
    booking = Booking.objects.create(
        round=round,
        slot=item.slot,
        pupil=item.pupil,
        form=item.form,
        status=status,
        video_link=_video_link() if item.form == ConversationForm.VIDEO else "",
        booked_by_staff=by_staff,
    )
    BookingGuardian.objects.bulk_create(
        [
            BookingGuardian(
                booking=booking,
                guardian=g,
                round=round,
                pupil=item.pupil,
                starts_at=item.slot.starts_at,
                ends_at=item.slot.ends_at,
            )  # fmt: skip
            for g in sorted(item.guardians, key=lambda g: g.pk)
        ]
    )
    return booking


def _lock(items):
    """Lock the guardians, then the slots, each ordered by pk; returns the locked slots by pk."""
    guardian_ids = sorted({g.pk for item in items for g in item.guardians})
    list(Guardian.objects.select_for_update(no_key=True).filter(pk__in=guardian_ids).order_by("pk"))
    slot_ids = sorted({item.slot.pk for item in items})
    if len(slot_ids) != len(items):
        raise BookingRefused(_("Kies voor elk kind een andere tijd."))
    return {slot.pk: slot for slot in Slot.objects.select_for_update().filter(pk__in=slot_ids).order_by("pk")}


def _book_locked(*, round, items, status, by_guardian, by_staff, enforce_closing):
    slots, now = _lock(items), timezone.now()
    bookings, fresh = [], []
    for item in items:
        item.slot = slots.get(item.slot.pk) or _missing()
        _check_window(round=round, slot=item.slot, by_guardian=by_guardian, by_staff=by_staff,
                      enforce_closing=enforce_closing, now=now)  # fmt: skip
        _check_people(round=round, item=item, by_guardian=by_guardian, by_staff=by_staff)
        existing = _existing(round=round, item=item)
        if existing is not None:
            bookings.append(existing)
            continue
        if Booking.objects.filter(ACTIVE, slot=item.slot).exists():
            raise BookingRefused(taken_message())
        booking = _insert(round=round, item=item, status=status, by_staff=by_staff)
        bookings.append(booking)
        fresh.append(booking)
    return bookings, fresh


def _missing():
    raise BookingRefused(_("Deze tijd bestaat niet meer. Kies een andere tijd."))


def _refusal(error) -> BookingRefused:
    name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    return BookingRefused(CONSTRAINT_MESSAGES.get(name, taken_message)())


def bookings_create(
    *,
    round,
    items: list[BookingItem],
    status: str = BookingStatus.CONFIRMED,
    by_guardian=None,
    by_staff=None,
    enforce_closing: bool = True,
    base_url: str | None = None,
) -> list[Booking]:
    """Book every item (one pupil in one slot with the guardians who come) or none of them.

    Closing hours apply unless `by_staff`. A double-submitted form returns the existing booking.
    Confirmed bookings are confirmed to the guardians, with a reminder the day before; proposed
    ones (the planner, the waiting list) are not announced here. Raises BookingRefused."""
    if not items:
        raise BookingRefused(_("Kies een tijd."))
    try:
        with transaction.atomic():
            bookings, fresh = _book_locked(round=round, items=items, status=status, by_guardian=by_guardian,
                                           by_staff=by_staff, enforce_closing=enforce_closing)  # fmt: skip
            if status == BookingStatus.CONFIRMED:
                for booking in fresh:
                    invitations.booking_confirmed(booking=booking, base_url=base_url)
    except IntegrityError as error:
        raise _refusal(error) from error
    except OperationalError as error:  # a deadlock between two families' sibling bookings
        if getattr(error.__cause__, "sqlstate", "") not in ("40P01", "40001"):
            raise
        raise BookingRefused(_("Het was even druk. Probeer het nog een keer.")) from error
    return bookings


# -- changing -------------------------------------------------------------------------------------


def _locked_booking(booking) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot__staff", "round", "pupil")
        .get(pk=booking.pk)
    )


def _may_change(booking, *, by_guardian, by_staff):
    if by_staff is not None:
        if by_staff.school_id != booking.pupil.school_id:
            raise BookingRefused(_("Deze leerling zit niet op uw school."))
        return
    if by_guardian is None or not GuardianOf.objects.filter(guardian=by_guardian, pupil=booking.pupil).exists():
        raise BookingRefused(_("U kunt alleen uw eigen afspraken wijzigen."))


def _cancel_locked(booking, *, base_url, notify=True):
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    BookingGuardian.objects.filter(booking=booking).update(active=False)
    invitations.reminders_cancel(booking=booking)
    if notify:
        invitations.booking_notice(booking=booking, name="cancelled", text=invitations.cancel_text, base_url=base_url)


@transaction.atomic
def booking_cancel(*, booking, by_guardian=None, by_staff=None, base_url=None) -> Booking:
    """Cancel a booking (idempotent): every informed guardian hears it at once, the reminders are
    withdrawn, and the freed slot goes to the waiting list first."""
    booking = _locked_booking(booking)
    _may_change(booking, by_guardian=by_guardian, by_staff=by_staff)
    if booking.status == BookingStatus.CANCELLED:
        return booking
    _cancel_locked(booking, base_url=base_url)
    waiting_list_offer(slot=booking.slot, base_url=base_url)
    return booking


def booking_move(*, booking, slot, by_guardian=None, by_staff=None, form=None, base_url=None) -> Booking:
    """Move a booking to another slot in one transaction (cancel + create): if the new slot is
    taken nothing changes. The guardians hear of the change at once; the old slot then goes to
    the waiting list."""
    try:
        with transaction.atomic():
            old = _locked_booking(booking)
            _may_change(old, by_guardian=by_guardian, by_staff=by_staff)
            if old.status == BookingStatus.CANCELLED:
                raise BookingRefused(_("Deze afspraak is al afgezegd."))
            guardians = list(Guardian.objects.filter(pk__in=old.guardian_links.values("guardian_id")))
            status = old.status
            _cancel_locked(old, base_url=base_url, notify=False)
            item = BookingItem(slot=slot, pupil=old.pupil, guardians=guardians, form=form or old.form)
            (new,) = bookings_create(round=old.round, items=[item], status=status, by_guardian=by_guardian,
                                     by_staff=by_staff, base_url=base_url)  # fmt: skip
            if by_staff is None:
                new.booked_by_staff = old.booked_by_staff
            new.topics, new.pupil_joins = old.topics, old.pupil_joins
            new.save(update_fields=["booked_by_staff", "topics", "pupil_joins"])
            new.experts.set(old.experts.all())
            waiting_list_offer(slot=old.slot, base_url=base_url)
            return new
    except IntegrityError as error:
        raise _refusal(error) from error


@transaction.atomic
def proposal_accept(*, guardian, round, base_url=None) -> list[Booking]:
    """Confirm the guardian's proposed bookings in the round; everyone informed hears it."""
    ids = BookingGuardian.objects.filter(guardian=guardian, round=round, active=True).values("booking_id")
    bookings = list(
        Booking.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, status=BookingStatus.PROPOSED)
        .select_related("slot__staff", "round", "pupil")
        .order_by("pk")
    )
    for booking in bookings:
        booking.status = BookingStatus.CONFIRMED
        booking.save(update_fields=["status"])
        invitations.booking_confirmed(booking=booking, base_url=base_url)
    WaitingListEntry.objects.filter(round=round, guardian=guardian, served_at__isnull=True).filter(
        pupil_id__in=[b.pupil_id for b in bookings]
    ).update(served_at=timezone.now())
    return bookings


@transaction.atomic
def booking_experts_set(*, booking, experts, external_expert: str = "", by_staff, base_url=None) -> Booking:
    """Set who joins besides the teacher (IB, a specialist); the guardians are told beforehand."""
    booking = _locked_booking(booking)
    _may_change(booking, by_guardian=None, by_staff=by_staff)
    if any(e.school_id != booking.pupil.school_id for e in experts):
        raise BookingRefused(_("Deskundigen moeten van deze school zijn."))
    booking.experts.set(experts)
    booking.external_expert = external_expert
    booking.save(update_fields=["external_expert"])
    name = f"experts:{timezone.now().isoformat()}"
    invitations.booking_notice(booking=booking, name=name, text=invitations.experts_text, base_url=base_url)
    return booking


@transaction.atomic
def booking_pupil_joins_set(*, booking, pupil_joins: bool, by_staff) -> Booking:
    """Record whether the pupil joins the conversation (offered from groep 4)."""
    booking = _locked_booking(booking)
    _may_change(booking, by_guardian=None, by_staff=by_staff)
    day = timezone.localtime(booking.slot.starts_at).date()
    enrollment = in_round(pupil=booking.pupil, round=booking.round, day=day)
    if pupil_joins and (enrollment is None or enrollment.year_level < invitations.PUPIL_WELCOME_FROM_LEVEL):
        raise BookingRefused(_("Kinderen komen mee vanaf groep 4."))
    booking.pupil_joins = pupil_joins
    booking.save(update_fields=["pupil_joins"])
    return booking


# -- the waiting list -----------------------------------------------------------------------------


def waiting_list_join(*, round, guardian, pupil) -> WaitingListEntry:
    """Put the guardian on the round's waiting list for `pupil` (idempotent)."""
    if not GuardianOf.objects.filter(guardian=guardian, pupil=pupil).exists():
        raise BookingRefused(_("U kunt alleen uw eigen kind op de wachtlijst zetten."))
    if not in_round(pupil=pupil, round=round, day=max(timezone.localdate(), round.first_day)):
        raise BookingRefused(_("Deze gespreksronde is niet voor %(child)s.") % {"child": pupil.first_name})
    try:
        with transaction.atomic():
            return WaitingListEntry.objects.create(round=round, guardian=guardian, pupil=pupil)
    except IntegrityError:
        return WaitingListEntry.objects.get(round=round, guardian=guardian, pupil=pupil, served_at__isnull=True)


def _fits(entry, slot) -> bool:
    if Booking.objects.filter(ACTIVE, round_id=entry.round_id, pupil_id=entry.pupil_id).exists():
        return False
    enrollment = in_round(pupil=entry.pupil, round=entry.round, day=timezone.localtime(slot.starts_at).date())
    teachers = {slot.staff_id, slot.second_staff_id} - {None}
    return bool(enrollment) and enrollment.group.teachers.filter(pk__in=teachers).exists()


def waiting_list_offer(*, slot, base_url=None) -> Booking | None:
    """Book the freed slot as PROPOSED for the first waiting-list entry it fits; tell them."""
    entries = (
        WaitingListEntry.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(round_id=slot.round_id, served_at__isnull=True)
        .select_related("round", "pupil", "guardian")
        .order_by("created_at", "pk")
    )
    for entry in entries:
        if not _fits(entry, slot):
            continue
        form = entry.round.forms[0] if entry.round.forms else ConversationForm.AT_SCHOOL
        item = BookingItem(slot=slot, pupil=entry.pupil, guardians=[entry.guardian], form=form)
        try:
            (booking,) = bookings_create(round=entry.round, items=[item], status=BookingStatus.PROPOSED,
                                         base_url=base_url)  # fmt: skip
        except BookingRefused:
            continue
        entry.served_at = timezone.now()
        entry.save(update_fields=["served_at"])
        invitations.booking_notice(booking=booking, name="proposed", text=invitations.proposal_text, base_url=base_url)
        return booking
    return None


# -- selectors for the booking pages --------------------------------------------------------------


def free_slots(*, round, pupil, for_staff=False):
    """The free slots of the pupil's teachers in the round that can still be booked."""
    now = timezone.now()
    cutoff = now if for_staff else now + datetime.timedelta(hours=round.booking_closes_hours_before)
    enrollment = in_round(pupil=pupil, round=round, day=max(timezone.localdate(), round.first_day))
    if enrollment is None or not _may_join(round=round, pupil=pupil):
        return Slot.objects.none()
    teachers = enrollment.group.teachers.values("pk")
    return (
        Slot.objects.filter(round=round, starts_at__gt=cutoff)
        .filter(Q(staff__in=teachers) | Q(second_staff__in=teachers))
        .exclude(Exists(Booking.objects.filter(ACTIVE, slot=OuterRef("pk"))))
        .select_related("staff")
        .order_by("starts_at", "staff_id")
    )


def back_to_back(*, round, slot_lists, limit=6):
    """Chains of one free slot per child, each starting right after the previous one (allowing the
    family's gap plus one slot of slack): the siblings' evening in one go."""
    slack = datetime.timedelta(minutes=round.family_gap_minutes + round.slot_minutes)
    chains = []
    for first in slot_lists[0] if slot_lists else []:
        chain = [first]
        for slots in slot_lists[1:]:
            end = chain[-1].ends_at
            nxt = next((s for s in slots if end <= s.starts_at <= end + slack), None)
            if nxt is None:
                break
            chain.append(nxt)
        if len(chain) == len(slot_lists):
            chains.append(chain)
            if len(chains) == limit:
                break
    return chains


def household_guardians(*, pupil, booker, round, slot) -> list:
    """Who comes when `booker` books: the booker, and the pupil's other guardians with parental
    authority unless either is invited separately or the other already has a conversation then."""
    links = list(GuardianOf.objects.filter(pupil=pupil, has_parental_authority=True).select_related("guardian"))
    if any(link.guardian_id == booker.pk and link.invite_separately for link in links):
        return [booker]
    busy = set(
        BookingGuardian.objects.filter(active=True)
        .filter(Q(round=round, pupil=pupil) | Q(starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at))
        .values_list("guardian_id", flat=True)
    )
    others = [
        link.guardian
        for link in links
        if link.guardian_id != booker.pk and not link.invite_separately and link.guardian_id not in busy
    ]
    return [booker, *others]


def bookings_of_guardian(guardian):
    """The active bookings of the guardian's children."""
    pupils = GuardianOf.objects.filter(guardian=guardian).values("pupil_id")
    return (
        Booking.objects.filter(ACTIVE, pupil_id__in=pupils)
        .select_related("slot__staff", "pupil", "round")
        .order_by("slot__starts_at")
    )


def booking_for_guardian(guardian, booking_id) -> Booking:
    try:
        return bookings_of_guardian(guardian).get(pk=booking_id)
    except (Booking.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
