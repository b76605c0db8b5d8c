"""The conversation record: who may write and read it, saving it with its agreements, publishing
it to every guardian with parental authority at once, the evaluation reminder, a follow-up
appointment booked from the record in one step, and the agreements the next conversation starts from.

Records are among the most sensitive data here: only the pupil's current teachers, the IB and
leadership of the pupil's school, and (once published) the guardians with parental authority
may read them. Board admins and school admins (beheer) may not.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from messaging.services import message_cancel, notice_send, reminder_schedule
from ouderbetrokkenheid.school.clock import at_local, local_day
from ouderbetrokkenheid.school.models import Enrollment, GuardianOf

from .booking import BookingItem, BookingRefused, bookings_create
from .models import Agreement, Attendance, Booking, Record, Round, RoundKind, Slot
from .selectors import bookings_visible_to, teacher_pupils

RECORD_FIELDS = (
    "goal", "going_well", "to_improve", "parents_input", "pupil_input", "goals", "evaluation_date",
    "no_agreements_needed", "no_agreements_reason",
    "attendance", "pupil_present", "second_staff", "advice_track", "advice_second_track", "advice_date",
)  # fmt: skip
AGREEMENT_FIELDS = ("who", "what", "when", "how", "why")
AGREEMENT_LABELS = {
    "who": gettext_lazy("wie"),
    "what": gettext_lazy("wat"),
    "when": gettext_lazy("wanneer"),
    "how": gettext_lazy("hoe"),
    "why": gettext_lazy("waarom"),
}
EVALUATION_TIME = datetime.time(10, 0)


# -- who may -------------------------------------------------------------------------------------


def may_write(staff, pupil) -> bool:
    if staff is None or staff.school_id != pupil.school_id:
        return False
    if staff.is_ib or staff.is_leadership:
        return True
    return staff.is_teacher and teacher_pupils(staff, timezone.localdate()).filter(pupil_id=pupil.pk).exists()


def informed_guardians(pupil):
    """Every guardian with parental authority, separated parents included."""
    links = GuardianOf.objects.filter(pupil=pupil, has_parental_authority=True).select_related("guardian")
    return [link.guardian for link in links.order_by("guardian_id")]


# -- saving --------------------------------------------------------------------------------------


def _check_advice(record, *, booking):
    if not booking.round.needs_second_staff or record.attendance == Attendance.NO_SHOW:
        return
    errors = {}
    if record.second_staff_id is None:
        errors["second_staff"] = _("Bij een adviesgesprek is een tweede collega aanwezig. Vul in wie.")
    elif record.second_staff.school_id != booking.pupil.school_id or record.second_staff_id == record.author_id:
        errors["second_staff"] = _("Kies een andere collega van deze school als tweede collega.")
    if not record.advice_track:
        errors["advice_track"] = _("Vul het gegeven advies in.")
    if record.advice_date is None:
        errors["advice_date"] = _("Vul de datum van het advies in.")
    if errors:
        raise ValidationError(errors)


def _check_started(record, *, booking):
    """A conversation is held (or missed) only from its start time on: before it, a record may be
    prepared as a draft, but not marked 'Gekomen' or 'Niet gekomen', nor shared."""
    if record.attendance and timezone.now() < booking.slot.starts_at:
        raise ValidationError({"attendance": _starts_later_message(booking)})


def _starts_later_message(booking):
    return _("Dit gesprek begint pas op %(when)s. Vul daarna in of de ouders gekomen zijn.") % {
        "when": date_format(timezone.localtime(booking.slot.starts_at), "l j F Y H:i")
    }


def _agreements_replace(record, agreements):
    """Replace the record's agreements. A row with anything filled in is an agreement and needs at
    least who and what to be saved; when, how and why may wait until the record is shared."""
    record.agreements.all().delete()
    rows = [
        Agreement(record=record, order=index, **{k: (item.get(k) or "").strip() for k in AGREEMENT_FIELDS})
        for index, item in enumerate(agreements)
        if any((item.get(k) or "").strip() for k in AGREEMENT_FIELDS)
    ]
    for row in rows:
        if not (row.who and row.what):
            raise ValidationError(_("Vul bij elke afspraak in wie wat doet."))
    Agreement.objects.bulk_create(rows)


def _check_no_agreements(record):
    """'Geen afspraken nodig' is a choice with a reason, and not one next to agreements."""
    if not record.no_agreements_needed:
        return
    if not record.no_agreements_reason:
        raise ValidationError({"no_agreements_reason": _("Schrijf op waarom er geen afspraken nodig zijn.")})
    if record.agreements.exists():
        raise ValidationError(_("Er staan afspraken in het verslag. Haal ze weg, of vink ‘Geen afspraken nodig’ uit."))


def record_missing(record) -> list[str]:
    """What the record still lacks before it may be shared with the parents, in Dutch (empty:
    complete). The practice card: agreements stating who does what, when, how and why, and a
    moment to evaluate them; or explicitly no agreements, with the reason. A conversation the
    family did not come to has nothing agreed and needs none of this."""
    if record.attendance == Attendance.NO_SHOW:
        return []
    if record.no_agreements_needed:
        if (record.no_agreements_reason or "").strip():
            return []
        return [_("Schrijf op waarom er geen afspraken nodig zijn.")]
    missing = []
    agreements = list(record.agreements.all())
    if not agreements:
        missing.append(
            _(
                "Er staan nog geen afspraken in het verslag. Leg vast wie wat doet, wanneer, hoe en waarom; "
                "of vink ‘Geen afspraken nodig’ aan en schrijf op waarom."
            )
        )
    for number, agreement in enumerate(agreements, start=1):
        empty = [str(AGREEMENT_LABELS[k]) for k in AGREEMENT_FIELDS if not getattr(agreement, k).strip()]
        if empty:
            missing.append(
                _("Afspraak %(n)s (%(what)s): vul nog in: %(fields)s.")
                % {"n": number, "what": agreement.what or agreement.who or "…", "fields": ", ".join(empty)}
            )
    if record.evaluation_date is None:
        missing.append(_("Kies een evaluatiemoment: de dag waarop u met de ouders terugkijkt op de afspraken."))
    return missing


def _advice_register(record):
    """The advice of an advice conversation lands in the pupil's advice register, under the
    register's rules. That register is development's, which builds on conversations, so the service
    is named in settings (RECORD_ADVICE_SERVICE, development.services.advice_from_record) rather
    than imported. Its refusal is a ValidationError on this record's fields: it propagates, and the
    record is not saved either (record_save is one transaction)."""
    import_string(settings.RECORD_ADVICE_SERVICE)(record)


@transaction.atomic
def record_save(*, booking, by, agreements: list[dict] | None = None, **fields) -> Record:
    """Create or update the booking's record and replace its agreements. Advice conversations
    (unless the family did not come) need a second colleague, the advice and its date. A draft
    may be incomplete; a record the parents already have must stay complete (`record_missing`).
    The advice of an advice conversation goes to the advice register (`_advice_register`)."""
    if not may_write(by, booking.pupil):
        raise ValidationError(_("U mag het verslag van dit gesprek niet schrijven."))
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"unknown record fields: {sorted(unknown)}")
    record = Record.objects.select_for_update().filter(booking=booking).first() or Record(booking=booking, author=by)
    old_evaluation = record.evaluation_date
    was_complete_and_shared = record.published_at is not None and not record_missing(record)
    for name, value in fields.items():
        setattr(record, name, value)
    record.attendance = record.attendance or ""
    record.no_agreements_reason = (record.no_agreements_reason or "").strip()
    _check_started(record, booking=booking)
    _check_advice(record, booking=booking)
    record.updated_at = timezone.now()
    record.save()
    _advice_register(record)
    if agreements is not None:
        _agreements_replace(record, agreements)
    _check_no_agreements(record)
    missing = record_missing(record) if was_complete_and_shared else []
    if missing:
        raise ValidationError([_("De ouders hebben dit verslag al; het moet compleet blijven. Nog nodig:"), *missing])
    if record.published_at and record.evaluation_date != old_evaluation:
        evaluation_reminder_schedule(record=record)
    return record


# -- publishing ----------------------------------------------------------------------------------


def _published_text(pupil, guardian):
    with translation.override(guardian.page_language):
        return _("Het verslag van het gesprek over %(child)s staat voor u klaar. U leest het in de app.") % {
            "child": pupil.first_name
        }


def _evaluation_text(record, guardian):
    with translation.override(guardian.page_language):
        return _("Vandaag kijken we samen terug op de afspraken over %(child)s. U ziet ze in de app.") % {
            "child": record.booking.pupil.first_name
        }


def evaluation_source(record) -> str:
    return f"conversations.record:{record.pk}:evaluation"


def evaluation_reminder_schedule(*, record):
    """Remind the guardians at 10:00 Amsterdam on the evaluation date (the teacher sees it on
    their list through `evaluations_due`). A moved or cleared date withdraws the old reminder."""
    message_cancel(source=evaluation_source(record))
    day = record.evaluation_date
    if day is None or day < timezone.localdate() or record.published_at is None:
        return []
    return reminder_schedule(
        guardians=informed_guardians(record.booking.pupil),
        source=evaluation_source(record),
        text_for=lambda g: _evaluation_text(record, g),
        scheduled_at=at_local(day, EVALUATION_TIME),
    )


@transaction.atomic
def record_publish(*, record, by) -> Record:
    """Share the record with the guardians: every guardian with parental authority hears it at
    the same moment, separated parents included. Publishing twice informs once. Refused, naming
    what is missing, while the record is incomplete (`record_missing`)."""
    booking = record.booking
    if not may_write(by, booking.pupil):
        raise ValidationError(_("U mag dit verslag niet delen."))
    if timezone.now() < booking.slot.starts_at:
        raise ValidationError([_("Het verslag is niet gedeeld met de ouders."), _starts_later_message(booking)])
    _check_advice(record, booking=booking)
    missing = record_missing(record)
    if missing and record.published_at is None:
        raise ValidationError(
            [_("Het verslag is nog niet compleet en is niet gedeeld met de ouders. Nog nodig:"), *missing]
        )
    now = timezone.now()
    if not Record.objects.filter(pk=record.pk, published_at__isnull=True).update(published_at=now):
        record.refresh_from_db(fields=["published_at"])
        return record
    record.published_at = now
    notice_send(
        guardians=informed_guardians(booking.pupil),
        source=f"conversations.record:{record.pk}:published",
        text_for=lambda g: _published_text(booking.pupil, g),
        scheduled_at=now,
    )
    evaluation_reminder_schedule(record=record)
    return record


# -- reading -------------------------------------------------------------------------------------


def last_agreements(*, pupil, before=None) -> list[Agreement]:
    """The agreements of the pupil's latest earlier conversation with a record."""
    records = Record.objects.filter(booking__pupil=pupil)
    if before is not None:
        records = records.filter(booking__slot__starts_at__lt=before)
    latest = records.order_by("-booking__slot__starts_at").first()
    return list(latest.agreements.all()) if latest else []


def last_agreements_for(bookings) -> dict:
    """{booking pk: the agreements of its pupil's latest earlier conversation}; two queries."""
    records = list(
        Record.objects.filter(booking__pupil_id__in={b.pupil_id for b in bookings})
        .order_by("-booking__slot__starts_at")
        .values_list("pk", "booking__pupil_id", "booking__slot__starts_at")
    )
    latest = {}
    for booking in bookings:
        latest[booking.pk] = next(
            (pk for pk, pupil_id, at in records if pupil_id == booking.pupil_id and at < booking.slot.starts_at), None
        )
    agreements = {}
    for agreement in Agreement.objects.filter(record_id__in={pk for pk in latest.values() if pk}):
        agreements.setdefault(agreement.record_id, []).append(agreement)
    return {pk: agreements.get(record_id, []) for pk, record_id in latest.items()}


def evaluations_due(*, staff, today, days=7):
    """Records of the staff member's pupils whose evaluation date falls within `days` of today."""
    return (
        Record.objects.filter(booking__in=bookings_visible_to(staff, day=today))
        .filter(evaluation_date__gte=today, evaluation_date__lte=today + datetime.timedelta(days=days))
        .select_related("booking__pupil")
        .order_by("evaluation_date")
    )


# -- a follow-up appointment ---------------------------------------------------------------------


@transaction.atomic
def followup_booking(*, record, starts_at, by, minutes=None, form=None) -> Booking:
    """When 15 minutes was not enough: book a follow-up with the same guardians in one step.

    A pupil has one booking per round, so the follow-up gets its own ad-hoc round with one slot
    for `by`, booked through the booking service (confirmation and reminder included)."""

    booking = record.booking
    if not may_write(by, booking.pupil):
        raise ValidationError(_("U mag voor deze leerling geen vervolggesprek maken."))
    minutes = minutes or booking.round.slot_minutes
    day = local_day(starts_at)
    level = Enrollment.objects.current(day).filter(pupil=booking.pupil).values_list("year_level", flat=True).first()
    round = Round.objects.create(
        school_year=booking.round.school_year, kind=RoundKind.AD_HOC, title=_("Vervolggesprek"),
        year_levels=[level] if level else booking.round.year_levels, first_day=day, last_day=day,
        slot_minutes=minutes, forms=[form or booking.form], goal=_("Vervolg op het vorige gesprek."),
        invited_at=timezone.now(), one_off=True,
    )  # fmt: skip
    try:
        with transaction.atomic():
            slot = Slot.objects.create(round=round, staff=by, starts_at=starts_at,
                                       ends_at=starts_at + datetime.timedelta(minutes=minutes))  # fmt: skip
    except IntegrityError:
        raise ValidationError(_("U hebt op die tijd al een gesprek. Kies een andere tijd.")) from None
    item = BookingItem(
        slot=slot, pupil=booking.pupil, guardians=list(booking.guardians.all()), form=form or booking.form
    )
    try:
        return bookings_create(round=round, items=[item], by_staff=by)[0]
    except BookingRefused as refusal:
        raise ValidationError(refusal.message) from None
