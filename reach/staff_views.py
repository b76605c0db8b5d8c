"""School staff's reach pages: booking interpreters for a session or a conversation (the leadership's
and the IB's pages are in views.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conversations.interpreters import booking_interpreters as annotate_booking
from conversations.models import BookingInterpreter
from conversations.records import bookings_for_staff
from meetings.interpreters import interpreter_needs
from meetings.models import SessionInterpreter
from meetings.selectors import session_for_user
from ouderbetrokkenheid.accounts.access import actor_for, school_staff_required
from reach import interpreters
from reach.forms import BookInterpreterForm
from reach.views import _errors, _staff


def _offers(school, languages):
    """[(language, [matching interpreters])] for the languages asked for."""
    return [(language, list(interpreters.matching(school=school, language=language))) for language in languages]


def _book(request, book, back):
    form = BookInterpreterForm(request.POST)
    if form.is_valid():
        school = _staff(request).school
        try:
            interpreter = interpreters.interpreter_for_school(school, form.cleaned_data["interpreter"])
            row = book(interpreter, form.cleaned_data["language"], form.cleaned_data["confirmed"])
        except Http404:
            messages.error(request, _("Deze tolk staat niet op de lijst van de school."))
        except ValidationError as error:
            for problem in _errors(error):
                messages.error(request, problem)
        else:
            messages.success(request, _("%(name)s is gevraagd als tolk.") % {"name": row.interpreter.name})
    return redirect(back)


@school_staff_required
def session_interpreters(request, session_id):
    actor = actor_for(request)
    session = session_for_user(actor, session_id)
    back = reverse("reach:session_interpreters", kwargs={"session_id": session.pk})
    if request.method == "POST":
        return _book(request, lambda i, lang, ok: interpreters.session_interpreter_book(
            session=session, interpreter=i, language=lang, by=actor.staff, confirmed=ok), back)  # fmt: skip
    needs = interpreter_needs(session=session)
    languages = [n.language for n in needs] + [c for c in session.interpreter_languages
                                               if c not in {n.language for n in needs}]  # fmt: skip
    context = {"session": session, "needs": needs, "offers": _offers(session.school_year.school, languages)}
    return render(request, "reach/session_interpreters.html", context)


@school_staff_required
@require_POST
def session_interpreter_change(request, session_id, interpreter_id):
    session = session_for_user(actor_for(request), session_id)
    row = SessionInterpreter.objects.filter(session=session, interpreter_id=interpreter_id).first()
    if row is None:
        raise Http404
    if request.POST.get("action") == "confirm":
        interpreters.session_interpreter_confirm(row=row)
        messages.success(request, _("Bevestigd."))
    else:
        interpreters.session_interpreter_cancel(row=row)
        messages.success(request, _("De tolk is afgemeld."))
    return redirect("reach:session_interpreters", session_id=session.pk)


def _booking(request, booking_id):
    bookings = bookings_for_staff(_staff(request)).select_related("pupil", "slot", "round")
    try:
        return bookings.prefetch_related("guardians").get(pk=booking_id)
    except (bookings.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@school_staff_required
def booking_interpreters(request, booking_id):
    booking = _booking(request, booking_id)
    back = reverse("reach:booking_interpreters", kwargs={"booking_id": booking.pk})
    if request.method == "POST":
        return _book(request, lambda i, lang, ok: interpreters.booking_interpreter_book(
            booking=booking, interpreter=i, language=lang, by=_staff(request)), back)  # fmt: skip
    annotate_booking([booking])
    context = {"booking": booking, "offers": _offers(booking.pupil.school, list(booking.interpreter_needs))}
    return render(request, "reach/booking_interpreters.html", context)


@school_staff_required
@require_POST
def booking_interpreter_cancel(request, booking_id, interpreter_id):
    booking = _booking(request, booking_id)
    row = BookingInterpreter.objects.filter(booking=booking, interpreter_id=interpreter_id).first()
    if row is None:
        raise Http404
    interpreters.booking_interpreter_cancel(row=row)
    messages.success(request, _("De tolk is afgemeld."))
    return redirect("reach:booking_interpreters", booking_id=booking.pk)
