"""Booking pages. Guardians (on a phone): their children in open rounds, free times grouped by day
with big buttons, siblings back-to-back in one step, proposals to accept, cancel or move, the
waiting list, calendar files and a private feed. Staff: book on behalf of a family after a phone
call (teachers only for pupils of their groups). Every object comes through a scoped getter."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseGone
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ouderbetrokkenheid.accounts.access import actor_for, guardian_required, public
from ouderbetrokkenheid.accounts.scoping import pupil_for_user

from .. import ical, invitations
from ..booking import (
    BookingItem,
    BookingRefused,
    back_to_back,
    booking_cancel,
    booking_for_guardian,
    booking_move,
    bookings_create,
    bookings_of_guardian,
    comes_along_only,
    family_load,
    family_slot_counts,
    free_slots,
    free_slots_of,
    proposal_accept,
    round_and_family,
    waiting_list_join,
)
from ..models import ConversationForm, Slot, WaitingListEntry
from ..rounds import booking_not_open_yet, round_for_user, rounds_for_guardian
from ..texts import round_texts, rounds_with_texts


def _by_day(slots):
    return [(day, list(items)) for day, items in groupby(slots, key=lambda s: timezone.localdate(s.starts_at))]


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _form_of(request, round):
    form = request.POST.get("form") or (round.forms[0] if round.forms else ConversationForm.AT_SCHOOL)
    return form if form in ConversationForm.values else ConversationForm.AT_SCHOOL


def _slot(round, slot_id):
    try:
        return Slot.objects.get(round=round, pk=slot_id)
    except (Slot.DoesNotExist, ValueError, TypeError):
        raise BookingRefused(_("Deze tijd bestaat niet meer. Kies een andere tijd.")) from None


def _round_and_family(guardian, round_id):
    """The round if the guardian may see it, and their family read once (404 otherwise)."""
    round, family = round_and_family(round_id=round_id, guardian=guardian)
    if round is None:
        raise Http404
    if not family.sees(round=round, guardian=guardian):
        raise Http404
    return round, family


# -- guardian pages -------------------------------------------------------------------------------


def _next_moment(bookings, round):
    """What comes first for the family in a round: their first conversation, else the round's first day."""
    if bookings:
        return timezone.localdate(bookings[0].slot.starts_at)
    return round.first_day


@guardian_required
def my_bookings(request):
    """The guardian's open rounds with their bookings: a fixed number of queries whatever the
    number of rounds and children."""
    guardian = actor_for(request).guardian
    today = timezone.localdate()
    bookings = list(bookings_of_guardian(guardian))
    waiting = set(
        WaitingListEntry.objects.filter(guardian=guardian, served_at__isnull=True).values_list("round_id", "pupil_id")
    )
    open_rounds = [r for r in rounds_for_guardian(guardian) if r.last_day >= today]
    family = family_load(rounds=open_rounds, guardian=guardian) if open_rounds else None
    counts = family_slot_counts(rounds=open_rounds, family=family, guardian=guardian) if open_rounds else {}
    reminded = invitations.opening_reminders_set(guardian=guardian, rounds=open_rounds)
    rounds = []
    for round, words in rounds_with_texts(open_rounds, translation.get_language()):
        mine = [b for b in bookings if b.round_id == round.pk]
        booked = {b.pupil_id for b in mine}
        # a child whose teachers have no times in this round is not offered it (nothing to book)
        unbooked = [c for c in family.in_round(round=round, guardian=guardian)
                    if c.pk not in booked and counts[round.pk, c.pk].slots]  # fmt: skip
        if not mine and not unbooked:
            continue
        rounds.append({
            "round": round,
            "words": words,
            "bookings": mine,
            "proposed": any(b.status == "proposed" for b in mine),
            "unbooked": unbooked,
            "free": any(counts[round.pk, c.pk].free for c in unbooked),
            "opens_at": booking_not_open_yet(round),
            "reminded": round.pk in reminded,
            "waiting": {pupil for r, pupil in waiting if r == round.pk},
        })  # fmt: skip
    rounds.sort(key=lambda item: _next_moment(item["bookings"], item["round"]))
    context = {"rounds": rounds}
    return _private(render(request, "conversations/booking/my_bookings.html", context))


@guardian_required
def book(request, round_id):
    guardian = actor_for(request).guardian
    round, family = _round_and_family(guardian, round_id)
    children = family.in_round(round=round, guardian=guardian)
    if request.method == "POST":
        return _book_post(request, guardian, round, family, children)
    along = [c for c in children if comes_along_only(links=family.links_of(c.pk), guardian=guardian)]
    children = [c for c in children if c not in along]
    opens_at = booking_not_open_yet(round)
    free = free_slots_of(round=round, family=family, pupils=children) if opens_at is None else {}
    slot_lists = [free.get(child.pk, []) for child in children]
    context = {
        "opens_at": opens_at,
        "reminded": bool(opens_at) and round.pk in invitations.opening_reminders_set(guardian=guardian, rounds=[round]),
        "round": round,
        "words": round_texts(round, translation.get_language()),
        "children": [(child, _by_day(slots)) for child, slots in zip(children, slot_lists, strict=True)],
        "chains": [
            list(zip(children, chain, strict=True))
            for chain in back_to_back(round=round, slot_lists=slot_lists, family=[c.pk for c in children])
        ]
        if len(children) > 1
        else [],
        "forms": [(value, label) for value, label in ConversationForm.choices if value in round.forms],
        "along": along,
    }
    return _private(render(request, "conversations/booking/book.html", context))


def _book_post(request, guardian, round, family, children):
    """Book what the form chose: the slots are read, locked and checked by `bookings_create` (a
    fixed number of queries for one child or a chain); the confirmation follows after the commit."""
    by_pk = {child.pk: child for child in children}
    items = []
    for key, value in request.POST.items():
        if key.startswith("slot_") and value:
            pupil = by_pk.get(int(key.removeprefix("slot_")) if key[5:].isdigit() else None)
            if pupil is None:
                raise Http404
            slot = Slot(pk=int(value)) if value.isdigit() else Slot(pk=0)
            items.append(BookingItem(slot=slot, pupil=pupil, guardians=None, form=_form_of(request, round)))
    try:
        made = bookings_create(round=round, items=items, by_guardian=guardian, family=family, announce_later=True,
                               base_url=request.build_absolute_uri("/"))  # fmt: skip
    except BookingRefused as refused:
        messages.error(request, refused.message)
        return redirect("conversations:book", round_id=round.pk)
    if made:
        messages.success(request, _("Gelukt! U krijgt een bevestiging."))
    return redirect("conversations:my_bookings")


@guardian_required
@require_POST
def accept(request, round_id):
    guardian = actor_for(request).guardian
    round = round_for_user(request.user, round_id)
    if proposal_accept(guardian=guardian, round=round, base_url=request.build_absolute_uri("/")):
        messages.success(request, _("Bevestigd. Tot dan!"))
    return redirect("conversations:my_bookings")


@guardian_required
@require_POST
def opening_reminder(request, round_id):
    """Ask for a message when booking opens (before it opens)."""
    guardian = actor_for(request).guardian
    round, _family = _round_and_family(guardian, round_id)
    try:
        invitations.opening_reminder_set(round=round, guardian=guardian, base_url=request.build_absolute_uri("/"))
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, _("Goed. U krijgt een bericht als u een tijd kunt kiezen."))
    if request.POST.get("back") == "book":
        return redirect("conversations:book", round_id=round.pk)
    return redirect("conversations:my_bookings")


@guardian_required
@require_POST
def waiting_list(request, round_id):
    guardian = actor_for(request).guardian
    round = round_for_user(request.user, round_id)
    pupil = pupil_for_user(request.user, request.POST.get("pupil"))
    try:
        waiting_list_join(round=round, guardian=guardian, pupil=pupil)
        messages.success(request, _("U staat op de wachtlijst. Komt er een tijd vrij, dan hoort u het meteen."))
    except BookingRefused as refused:
        messages.error(request, refused.message)
    return redirect("conversations:my_bookings")


@guardian_required
@require_POST
def cancel(request, booking_id):
    guardian = actor_for(request).guardian
    booking = booking_for_guardian(guardian, booking_id)
    try:
        booking_cancel(booking=booking, by_guardian=guardian, base_url=request.build_absolute_uri("/"))
        messages.success(request, _("De afspraak is afgezegd."))
    except BookingRefused as refused:
        messages.error(request, refused.message)
    return redirect("conversations:my_bookings")


@guardian_required
def move(request, booking_id):
    guardian = actor_for(request).guardian
    booking = booking_for_guardian(guardian, booking_id)
    if request.method == "POST":
        try:
            booking_move(booking=booking, slot=_slot(booking.round, request.POST.get("slot")), by_guardian=guardian,
                         base_url=request.build_absolute_uri("/"))  # fmt: skip
            messages.success(request, _("De afspraak is verplaatst. U krijgt een bevestiging."))
            return redirect("conversations:my_bookings")
        except BookingRefused as refused:
            messages.error(request, refused.message)
    slots = free_slots(round=booking.round, pupil=booking.pupil)
    context = {"booking": booking, "days": _by_day(slots)}
    return _private(render(request, "conversations/booking/move.html", context))


# -- calendar -------------------------------------------------------------------------------------


def _ics(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


@guardian_required
def booking_ics(request, booking_id):
    booking = booking_for_guardian(actor_for(request).guardian, booking_id)
    return _ics(ical.calendar_of([booking]), ical.ical_filename(booking))


@guardian_required
def my_feed(request):
    return _ics(ical.guardian_feed(actor_for(request).guardian), "gesprekken.ics")


@public
def feed(request, token):
    """The old signed feed links: they could not be revoked, so they are gone (410, no data). The
    guardian makes a new link on the calendar-link page (yearplan:guardian_feed_page)."""
    if not ical.is_legacy_feed_token(token):
        raise Http404
    return HttpResponseGone(content_type="text/plain; charset=utf-8")


# -- staff on behalf of a family ------------------------------------------------------------------
