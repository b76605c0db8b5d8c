"""Interpreters: the school's list (leadership and IB keep it), matching them to the languages
guardians need, and booking them as participants of a session or a conversation.

No double booking: a staff member or a volunteer is one person who cannot interpret in two
places at once. Booking locks the interpreter's row (`SELECT … FOR UPDATE`), re-reads their
sessions and conversations from live rows, and only then writes, so two colleagues booking
the same person at the same moment are served one after the other and the second is refused.
A service (tolkdienst) sends whoever is free and is never refused for overlap.
This module sits above meetings and conversations (reach may read every app).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from conversations.models import ACTIVE, Booking, BookingInterpreter, BookingStatus, Slot
from meetings.models import InterpreterStatus, Session, SessionInterpreter
from ouderbetrokkenheid.school.languages import language_name
from ouderbetrokkenheid.school.models import Interpreter, InterpreterKind, Staff

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


# -- the school's list ------------------------------------------------------------------------------


def interpreters_of(school, *, active_only=False):
    interpreters = Interpreter.objects.filter(school=school).select_related("staff").order_by("name", "pk")
    return interpreters.filter(active=True) if active_only else interpreters


def interpreter_for_school(school, interpreter_id) -> Interpreter:
    try:
        return interpreters_of(school).get(pk=interpreter_id)
    except (Interpreter.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _clean(*, school, kind, name, staff, languages, phone, email):
    errors = {}
    name = (name or "").strip()
    if staff is not None and staff.school_id != school.pk:
        errors["staff"] = _("Deze medewerker werkt niet op deze school.")
    if kind == InterpreterKind.STAFF and staff is None:
        errors["staff"] = _("Kies de medewerker die tolkt.")
    if kind != InterpreterKind.STAFF and staff is not None:
        errors["staff"] = _("Alleen een tolk van de soort 'medewerker' hoort bij een medewerker.")
    if not name and staff is None:
        errors["name"] = _("Vul een naam in.")
    codes = sorted({(code or "").strip().lower() for code in languages if (code or "").strip()})
    if not codes:
        errors["languages"] = _("Kies minstens één taal.")
    elif any(not LANGUAGE_CODE.match(code) or code == "nl" for code in codes):
        errors["languages"] = _("Een taal is een taalcode van 2 of 3 letters, anders dan nl.")
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "name": name or staff.full_name, "staff": staff, "languages": codes,
            "phone": (phone or "").strip(), "email": (email or "").strip().lower()}  # fmt: skip


def interpreter_save(
    *, school, kind: str, name: str, languages: list, staff: Staff | None = None, phone: str = "",
    email: str = "", active: bool = True, interpreter: Interpreter | None = None,
) -> Interpreter:  # fmt: skip
    """Add an interpreter to the school's list, or change one."""
    fields = _clean(school=school, kind=kind, name=name, staff=staff, languages=languages, phone=phone, email=email)
    if interpreter is None:
        return Interpreter.objects.create(school=school, active=active, **fields)
    if interpreter.school_id != school.pk:
        raise Http404
    for key, value in {**fields, "active": active}.items():
        setattr(interpreter, key, value)
    interpreter.save(update_fields=[*fields, "active"])
    return interpreter


def interpreter_deactivate(*, interpreter: Interpreter) -> Interpreter:
    """Off the list for new bookings; bookings already made stay as they are."""
    interpreter.active = False
    interpreter.save(update_fields=["active"])
    return interpreter


def matching(*, school, language: str):
    """Active interpreters of the school who speak `language`."""
    return interpreters_of(school, active_only=True).filter(languages__has_item=language)


# -- double booking ---------------------------------------------------------------------------------


def _session_span(session):
    return session.starts_at, session.starts_at + datetime.timedelta(minutes=session.duration_minutes)


def _busy(interpreter, start, end, *, skip_session=None, skip_booking=None):
    """What the interpreter is already doing between start and end: descriptions for the error."""
    day_before = start - datetime.timedelta(days=1)
    sessions = (
        SessionInterpreter.objects.filter(interpreter=interpreter, session__starts_at__gte=day_before,
                                          session__starts_at__lt=end)
        .exclude(session_id=skip_session)
        .select_related("session__item")
    )  # fmt: skip
    busy = []
    for row in sessions:
        s_start, s_end = _session_span(row.session)
        if s_start < end and start < s_end:
            when = f"{timezone.localtime(s_start):%H:%M}"
            busy.append(_("de bijeenkomst %(title)s om %(time)s") % {"title": row.session.item.title, "time": when})
    conversations = BookingInterpreter.objects.filter(
        Q(interpreter=interpreter), ~Q(booking__status=BookingStatus.CANCELLED),
        booking__slot__starts_at__lt=end, booking__slot__ends_at__gt=start,
    ).exclude(booking_id=skip_booking).select_related("booking__slot")  # fmt: skip
    for row in conversations:
        busy.append(_("een gesprek om %(time)s") % {"time": f"{timezone.localtime(row.booking.slot.starts_at):%H:%M}"})
    if interpreter.staff_id:
        own = Slot.objects.filter(
            Q(staff_id=interpreter.staff_id) | Q(second_staff_id=interpreter.staff_id),
            starts_at__lt=end,
            ends_at__gt=start,
            bookings__in=Booking.objects.filter(ACTIVE),
        )
        for slot in own.exclude(bookings__pk=skip_booking).distinct():
            busy.append(_("een eigen gesprek om %(time)s") % {"time": f"{timezone.localtime(slot.starts_at):%H:%M}"})
    return busy


def _lock(interpreter, school_id):
    locked = Interpreter.objects.select_for_update().filter(pk=interpreter.pk, school_id=school_id).first()
    if locked is None:
        raise ValidationError(_("Deze tolk hoort niet bij deze school."))
    if not locked.active:
        raise ValidationError(_("%(name)s staat niet meer op de tolkenlijst.") % {"name": locked.name})
    return locked


def _check(locked, language, start, end, **skip):
    if language not in locked.languages:
        raise ValidationError(
            _("%(name)s tolkt niet in het %(language)s.") % {"name": locked.name, "language": language_name(language)}
        )
    if locked.kind == InterpreterKind.SERVICE:
        return
    busy = _busy(locked, start, end, **skip)
    if busy:
        raise ValidationError(
            _("%(name)s is op %(day)s al ingepland: %(what)s.")
            % {"name": locked.name, "day": date_format(timezone.localtime(start), "l j F"), "what": ", ".join(busy)}
        )


def session_interpreter_book(
    *, session: Session, interpreter: Interpreter, language: str, by: Staff | None = None, confirmed: bool = False
) -> SessionInterpreter:
    """Book an interpreter for `language` at a session; refused when they are busy then."""
    status = InterpreterStatus.CONFIRMED if confirmed else InterpreterStatus.REQUESTED
    with transaction.atomic():
        locked = _lock(interpreter, session.school_year.school_id)
        start, end = _session_span(Session.objects.get(pk=session.pk))
        _check(locked, language, start, end, skip_session=session.pk)
        if SessionInterpreter.objects.filter(session=session, interpreter=locked).exists():
            raise ValidationError(_("%(name)s is al gevraagd voor deze bijeenkomst.") % {"name": locked.name})
        try:
            with transaction.atomic():
                return SessionInterpreter.objects.create(session=session, interpreter=locked, language=language,
                                                         status=status, booked_by=by)  # fmt: skip
        except IntegrityError:
            raise ValidationError(_("%(name)s is al gevraagd voor deze bijeenkomst.") % {"name": locked.name}) from None


def session_interpreter_confirm(*, row: SessionInterpreter) -> SessionInterpreter:
    row.status = InterpreterStatus.CONFIRMED
    row.save(update_fields=["status"])
    return row


def session_interpreter_cancel(*, row: SessionInterpreter) -> None:
    row.delete()


def booking_interpreter_book(
    *, booking: Booking, interpreter: Interpreter, language: str, by: Staff | None = None
) -> BookingInterpreter:
    """Book an interpreter for a conversation; refused when they are busy then."""
    with transaction.atomic():
        locked = _lock(interpreter, booking.pupil.school_id)
        slot = Slot.objects.get(pk=booking.slot_id)
        _check(locked, language, slot.starts_at, slot.ends_at, skip_booking=booking.pk)
        if BookingInterpreter.objects.filter(booking=booking, interpreter=locked).exists():
            raise ValidationError(_("%(name)s is al gevraagd voor dit gesprek.") % {"name": locked.name})
        return BookingInterpreter.objects.create(booking=booking, interpreter=locked, language=language, booked_by=by)


def booking_interpreter_cancel(*, row: BookingInterpreter) -> None:
    row.delete()
