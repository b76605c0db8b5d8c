"""Staff booking a conversation for a family (on the phone, at the door)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from conversations.booking import (
    BookingItem,
    BookingRefused,
    bookings_create,
    free_slots,
)
from conversations.models import ConversationForm
from conversations.rounds import round_for_user
from conversations.views.booking import _by_day, _form_of, _private, _slot
from ouderbetrokkenheid.accounts.access import actor_for, school_staff_required
from ouderbetrokkenheid.accounts.scoping import pupil_for_user


@school_staff_required
def staff_book(request, round_id, pupil_id):
    staff = actor_for(request).staff
    round = round_for_user(request.user, round_id)
    pupil = pupil_for_user(request.user, pupil_id)
    links = list(pupil.guardian_links.select_related("guardian").order_by("guardian__last_name"))
    if request.method == "POST":
        chosen = {int(pk) for pk in request.POST.getlist("guardians") if pk.isdigit()}
        try:
            item = BookingItem(slot=_slot(round, request.POST.get("slot")), pupil=pupil,
                               guardians=[link.guardian for link in links if link.guardian_id in chosen],
                               form=_form_of(request, round))  # fmt: skip
            bookings_create(round=round, items=[item], by_staff=staff, base_url=request.build_absolute_uri("/"))
            messages.success(request, _("De afspraak is gemaakt. De ouders krijgen een bevestiging."))
            return redirect("conversations:staff_book", round_id=round.pk, pupil_id=pupil.pk)
        except BookingRefused as refused:
            messages.error(request, refused.message)
    context = {
        "round": round,
        "pupil": pupil,
        "links": links,
        "bookings": pupil.conversation_bookings.filter(round=round)
        .exclude(status="cancelled")
        .select_related("slot__staff"),
        "days": _by_day(free_slots(round=round, pupil=pupil, for_staff=True)),
        "forms": [(value, label) for value, label in ConversationForm.choices if value in round.forms],
    }
    return _private(render(request, "conversations/booking/staff_book.html", context))
