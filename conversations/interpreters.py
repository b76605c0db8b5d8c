"""Interpreters at a conversation, as the teacher sees them: which guardians who come need
one, in which language (what they told us for the round, else their stored need), and who is
arranged. Bookings are made in reach.interpreters (which also checks sessions)."""

from collections import defaultdict

from ouderbetrokkenheid.school.languages import language_name

from .models import BookingInterpreter, Preference


def interpreter_need(guardian) -> str:
    """The guardian's stored interpreter need as a language code ("" for none)."""
    language = (guardian.language or "").strip().lower()
    return language if guardian.needs_interpreter and language and language != "nl" else ""


def booking_interpreters(bookings) -> None:
    """Set `.interpreter_needs` ({language: [guardian, …]}) and `.interpreter_list` on each
    booking (two queries for any number; the guardians must be prefetched)."""
    bookings = list(bookings)
    pairs = {(b.round_id, g.pk) for b in bookings for g in b.guardians.all()}
    said = {
        (p.round_id, p.guardian_id): p.interpreter_language
        for p in Preference.objects.filter(round_id__in={r for r, _g in pairs}, guardian_id__in={g for _r, g in pairs})
    }
    arranged = defaultdict(list)
    rows = BookingInterpreter.objects.filter(booking__in=bookings).select_related("interpreter")
    for row in rows:
        arranged[row.booking_id].append(row)
    for booking in bookings:
        needs = defaultdict(list)
        for guardian in booking.guardians.all():
            key = (booking.round_id, guardian.pk)
            language = said[key] if key in said else interpreter_need(guardian)
            if language:
                needs[language].append(guardian)
        booking.interpreter_needs = {language_name(code): guardians for code, guardians in needs.items()}
        booking.interpreter_list = arranged[booking.pk]
