"""Record pages. Staff: the day's conversations, the record form (agreements inline), the
follow-up list, intake, contact arrangements; leadership: families not reached and the advice
overview. Guardians: their children's published records. Every object comes through a scoped
getter: records are readable only by the pupil's teachers, IB/leadership of that school and,
once published, the guardians with parental authority (404 for everyone else)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conversations.forms import AgreementFormSet, FollowUpForm, RecordForm
from ouderbetrokkenheid.accounts.access import actor_for, roles_required
from ouderbetrokkenheid.school.clock import local_day
from ouderbetrokkenheid.school.followup import BOOKING_OUTCOMES, FollowUpOutcome
from ouderbetrokkenheid.school.models import Enrollment, SchoolYear, Staff

from ..booking import BookingRefused, booking_experts_set, booking_pupil_joins_set
from ..contact import contacts_due
from ..followup import followup_record, non_responders
from ..interpreters import booking_interpreters
from ..invitations import PUPIL_WELCOME_FROM_LEVEL
from ..models import ReadWhat, Record
from ..record_reads import record_read_by_staff, record_reads_log
from ..records import (
    evaluations_due,
    followup_booking,
    last_agreements,
    last_agreements_for,
    record_missing,
    record_publish,
    record_save,
)
from ..selectors import booking_for, bookings_visible_to, round_for

READS_PAGE_SIZE = 50
record_staff = roles_required("teacher", "ib", "leadership")
overview_staff = roles_required("ib", "leadership")


def _errors(error: ValidationError):
    return error.messages


def _current_year(staff, today):
    return SchoolYear.objects.running_or_next(staff.school_id, today)


# -- the day and the record ----------------------------------------------------------------------


def _day_asked(request):
    try:
        return parse_date(request.GET.get("dag", ""))
    except ValueError:  # well formed but no such day ("2027-02-31")
        return None


@record_staff
def day(request):
    staff = actor_for(request).staff
    today = timezone.localdate()
    when = _day_asked(request) or today
    bookings = bookings_visible_to(staff, day=when).filter(slot__starts_at__date=when)
    if not staff.is_teacher:
        bookings = bookings.filter(slot__staff=staff) | bookings.filter(slot__second_staff=staff)
    bookings = bookings.select_related("pupil", "slot", "round", "record").prefetch_related("guardians")
    bookings = list(bookings.prefetch_related("experts").order_by("slot__starts_at"))
    booking_interpreters(bookings)
    previous = last_agreements_for(bookings)
    items = [(b, previous[b.pk]) for b in bookings]
    shown = [agreements[0].record_id for agreements in previous.values() if agreements]
    record_reads_log(record_ids=shown, school_id=staff.school_id, staff=staff, what=ReadWhat.PREVIOUS)
    levels = dict(
        Enrollment.objects.current(when).filter(pupil_id__in=[b.pupil_id for b in bookings])
        .values_list("pupil_id", "year_level")
    )  # fmt: skip
    for booking in bookings:
        booking.pupil_may_join = levels.get(booking.pupil_id, 0) >= PUPIL_WELCOME_FROM_LEVEL
    context = {
        "day": when,
        "items": items,
        "colleagues": Staff.objects.filter(school_id=staff.school_id).order_by("first_name", "last_name")
        if items
        else [],
        "evaluations": evaluations_due(staff=staff, today=when),  # the week from the day shown
        "contacts": contacts_due(staff=staff, today=when),
        "is_today": when == today,
        "previous": when - datetime.timedelta(days=1),
        "next": when + datetime.timedelta(days=1),
    }
    return render(request, "conversations/records/day.html", context)


def _save(request, booking, record):
    form = RecordForm(request.POST, instance=record, booking=booking)
    formset = AgreementFormSet(request.POST, instance=record, prefix="agreements")
    if not (form.is_valid() and formset.is_valid()):
        return form, formset, False
    agreements = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    fields = {name: form.cleaned_data[name] for name in form.fields}
    try:
        record = record_save(booking=booking, by=actor_for(request).staff, agreements=agreements, **fields)
    except ValidationError as error:
        for message in _errors(error):
            form.add_error(None, message)
        return form, formset, False
    if request.POST.get("action") == "publish":
        try:
            record_publish(record=record, by=actor_for(request).staff)
        except ValidationError as error:  # the draft is saved; the page lists what is missing
            messages.warning(request, _("Opgeslagen, maar nog niet gedeeld met de ouders."))
            for message in _errors(error)[1:] or _errors(error):
                messages.error(request, message)
    return form, formset, True


def _experts_post(request, booking, staff):
    chosen = {int(pk) for pk in request.POST.getlist("experts") if pk.isdigit()}
    experts = list(Staff.objects.filter(school_id=staff.school_id, pk__in=chosen))
    external = request.POST.get("external_expert", "").strip()[:200]
    if {e.pk for e in experts} != set(
        booking.experts.values_list("pk", flat=True)
    ) or external != booking.external_expert:
        booking_experts_set(booking=booking, experts=experts, external_expert=external, by_staff=staff,
                            base_url=request.build_absolute_uri("/"))  # fmt: skip
    joins = request.POST.get("pupil_joins") == "1"
    if joins != booking.pupil_joins:
        booking_pupil_joins_set(booking=booking, pupil_joins=joins, by_staff=staff)


@require_POST
@record_staff
def experts(request, conversation_id):
    """Who joins the conversation besides the teacher (the guardians are told) and whether the
    pupil comes along; back to the day page."""
    staff = actor_for(request).staff
    booking = booking_for(staff, conversation_id)
    try:
        _experts_post(request, booking, staff)
        messages.success(request, _("Opgeslagen. De ouders horen wie er bij het gesprek is."))
    except BookingRefused as refused:
        messages.error(request, refused.message)
    day = local_day(booking.slot.starts_at)
    return redirect(f"{reverse('conversations:day')}?dag={day:%Y-%m-%d}")


@record_staff
def conversation(request, conversation_id):
    staff = actor_for(request).staff
    booking = booking_for(staff, conversation_id)
    record = Record.objects.filter(booking=booking).first() or Record(booking=booking)
    if request.method == "POST":
        form, formset, saved = _save(request, booking, record)
        if saved:
            published = Record.objects.filter(booking=booking, published_at__isnull=False).exists()
            if request.POST.get("action") != "publish":
                messages.success(request, _("Opgeslagen."))
            elif published:
                messages.success(request, _("Gedeeld met de ouders."))
            return redirect("conversations:conversation", conversation_id=booking.pk)
    else:
        form = RecordForm(instance=record, booking=booking)
        formset = AgreementFormSet(instance=record, prefix="agreements")
    previous = last_agreements(pupil=booking.pupil, before=booking.slot.starts_at)
    if record.pk:
        record_read_by_staff(record=record, staff=staff)
    if previous:
        record_reads_log(record_ids=[previous[0].record_id], school_id=staff.school_id, staff=staff,
                         what=ReadWhat.PREVIOUS)  # fmt: skip
    context = {
        "booking": booking,
        "record": record if record.pk else None,
        "missing": record_missing(record) if record.pk and not record.published_at else [],
        "form": form,
        "formset": formset,
        "previous": previous,
        "guardians": booking.guardians.all(),
    }
    return render(request, "conversations/records/conversation.html", context)


@require_POST
@record_staff
def followup_book(request, conversation_id):
    staff = actor_for(request).staff
    booking = booking_for(staff, conversation_id)
    record = Record.objects.filter(booking=booking).first()
    starts_at = parse_datetime(request.POST.get("starts_at", ""))
    if record is None or starts_at is None:
        messages.error(request, _("Sla eerst het verslag op en kies een datum en tijd."))
        return redirect("conversations:conversation", conversation_id=booking.pk)
    try:
        minutes = int(request.POST.get("minutes") or 0) or None
        followup_booking(record=record, starts_at=timezone.make_aware(starts_at), by=staff, minutes=minutes)
        messages.success(request, _("Het vervolggesprek is gepland en de ouders krijgen bericht."))
    except (ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect("conversations:conversation", conversation_id=booking.pk)


# -- follow-up, overviews, intake ----------------------------------------------------------------


@record_staff
def followup_list(request, round_id):
    staff = actor_for(request).staff
    round = round_for(request.user, round_id)
    today = timezone.localdate()
    rows = non_responders(round=round, today=today, staff=staff)
    if request.method == "POST":
        form = FollowUpForm(request.POST)
        guardians = {row.guardian.pk: row.guardian for row in rows}
        if form.is_valid() and form.cleaned_data["guardian"] in guardians:
            data = form.cleaned_data
            followup_record(round=round, guardian=guardians[data["guardian"]], outcome=data["outcome"],
                            note=data["note"], by=staff)  # fmt: skip
            messages.success(request, _("Opgeslagen."))
            return redirect("conversations:followup", round_id=round.pk)
        messages.error(request, _("Kies een uitkomst."))
    context = {"round": round, "rows": rows, "outcomes": FollowUpOutcome.among(BOOKING_OUTCOMES)}
    return render(request, "conversations/records/followup.html", context)


# -- contact arrangement -------------------------------------------------------------------------


# -- guardians -----------------------------------------------------------------------------------
