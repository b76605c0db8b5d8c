"""Event kinds of the year calendar, with the words, short codes and styles parents and staff see.

Kinds are told apart by colour AND by a letter code and a pattern, so the calendar also reads in
black and white and for colour-blind readers. The labels are parent-facing (translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    HOLIDAY = "holiday", _("Vakantie")
    PUBLIC_HOLIDAY = "public_holiday", _("Feestdag")
    STUDY_DAY = "study_day", _("Studiedag (kinderen vrij)")
    TEST_PERIOD = "test_period", _("Toetsen")
    REPORT_DATE = "report_date", _("Rapport")
    ACTIVITY = "activity", _("Activiteit")
    SESSION = "session", _("Informatieavond")
    CONVERSATIONS = "conversations", _("Gesprekken met ouders")
    ADVICE = "advice", _("Schooladvies")
    MESSAGE_WEEK = "message_week", _("Berichtenweek")


# Letter codes in the year grid (with the legend); staff-only kinds stay Dutch.
CODES = {
    EventKind.HOLIDAY: "V",
    EventKind.PUBLIC_HOLIDAY: "F",
    EventKind.STUDY_DAY: "S",
    EventKind.TEST_PERIOD: "T",
    EventKind.REPORT_DATE: "R",
    EventKind.ACTIVITY: "A",
    EventKind.SESSION: "I",
    EventKind.CONVERSATIONS: "G",
    EventKind.ADVICE: "SA",
    EventKind.MESSAGE_WEEK: "B",
}

# Titles of generated events, translated when shown (the stored title is the Dutch one).
GENERATED_TITLES = {
    "groep7_advice_by": _("Advies groep 7 uiterlijk"),
    "provisional_advice_by": _("Voorlopig schooladvies groep 8 uiterlijk"),
    "transfer_test": _("Doorstroomtoets groep 8"),
    "final_advice_by": _("Definitief schooladvies groep 8 uiterlijk"),
    "message_week": _("Berichtenweek"),
}


# The official names of school holidays and public holidays (ouderbetrokkenheid/school/holidays.py)
# as parents read them: a period still carrying its official Dutch name is shown translated; a name
# the school wrote itself stays as written.
OFFICIAL_NAMES = {
    "Herfstvakantie": _("Herfstvakantie"),
    "Kerstvakantie": _("Kerstvakantie"),
    "Voorjaarsvakantie": _("Voorjaarsvakantie"),
    "Voorjaarsvakantie (carnaval)": _("Voorjaarsvakantie (carnaval)"),
    "Meivakantie": _("Meivakantie"),
    "Meivakantie (tweede week)": _("Meivakantie (tweede week)"),
    "Zomervakantie": _("Zomervakantie"),
    "Nieuwjaarsdag": _("Nieuwjaarsdag"),
    "Goede Vrijdag": _("Goede Vrijdag"),
    "Eerste Paasdag": _("Eerste Paasdag"),
    "Tweede Paasdag": _("Tweede Paasdag"),
    "Koningsdag": _("Koningsdag"),
    "Bevrijdingsdag": _("Bevrijdingsdag"),
    "Hemelvaartsdag": _("Hemelvaartsdag"),
    "Vrijdag na Hemelvaart": _("Vrijdag na Hemelvaart"),
    "Eerste Pinksterdag": _("Eerste Pinksterdag"),
    "Tweede Pinksterdag": _("Tweede Pinksterdag"),
    "Eerste Kerstdag": _("Eerste Kerstdag"),
    "Tweede Kerstdag": _("Tweede Kerstdag"),
    "Studiedag": _("Studiedag"),
}


def kind_label(kind: str) -> str:
    try:
        return EventKind(kind).label
    except ValueError:
        return kind


def kind_code(kind: str) -> str:
    return CODES.get(kind, "?")


def display_title(event) -> str:
    """The event's title in the active language (generated titles are translated)."""
    if event.title_key in GENERATED_TITLES:
        return str(GENERATED_TITLES[event.title_key])
    if event.source and event.source[0] == "period" and event.title in OFFICIAL_NAMES:
        return str(OFFICIAL_NAMES[event.title])
    return event.title
