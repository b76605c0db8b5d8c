"""The words beside the chart.

Parents get short sentences (B1) in their own language: per domain the level the pupil works at
("Samira leest nu op het niveau van midden groep 5"), how fast the pupil learns in plain words,
and whether the pupil is on course for the expected type of secondary school. Staff get the
numbers (DL, DLE, learning rate, delay, projection, the PrO delay criterion).

Input: a selectors.PupilView (plain data); nothing here queries the database.
"""

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import rules

PHASE_WORDS = {
    "B": gettext_lazy("begin groep %(year)s"),
    "M": gettext_lazy("midden groep %(year)s"),
    "E": gettext_lazy("eind groep %(year)s"),
}
# One whole sentence per domain (translators see the verb with its object), and one for above E8.
LEVEL_SENTENCES = {
    "technical_reading": gettext_lazy("%(name)s leest nu op het niveau van %(level)s."),
    "reading_comprehension": gettext_lazy("%(name)s begrijpt teksten nu op het niveau van %(level)s."),
    "spelling": gettext_lazy("%(name)s spelt nu op het niveau van %(level)s."),
    "maths": gettext_lazy("%(name)s rekent nu op het niveau van %(level)s."),
}
BELOW_SENTENCES = {
    "technical_reading": gettext_lazy("%(name)s leest nu onder het niveau van %(level)s."),
    "reading_comprehension": gettext_lazy("%(name)s begrijpt teksten nu onder het niveau van %(level)s."),
    "spelling": gettext_lazy("%(name)s spelt nu onder het niveau van %(level)s."),
    "maths": gettext_lazy("%(name)s rekent nu onder het niveau van %(level)s."),
}
ABOVE_E8_SENTENCES = {
    "technical_reading": gettext_lazy("%(name)s leest nu beter dan eind groep 8."),
    "reading_comprehension": gettext_lazy("%(name)s begrijpt teksten nu beter dan eind groep 8."),
    "spelling": gettext_lazy("%(name)s spelt nu beter dan eind groep 8."),
    "maths": gettext_lazy("%(name)s rekent nu beter dan eind groep 8."),
}
# Learning rate bands (LR = DLE / DL; 1.0 = one year of growth per school year).
RATE_WORDS = (
    (1.1, gettext_lazy("%(name)s leert hier sneller dan gemiddeld.")),
    (0.9, gettext_lazy("%(name)s leert hier ongeveer zo snel als gemiddeld.")),
    (0.7, gettext_lazy("%(name)s leert hier wat langzamer dan gemiddeld.")),
    (0.0, gettext_lazy("%(name)s leert hier langzamer dan gemiddeld.")),
)


@dataclass(frozen=True)
class DomainWords:
    domain: str
    heading: str
    level: str  # the level sentence
    rate: str  # the learning-rate sentence, or ""


def level_words(dle: float) -> str:
    """27 → "midden groep 5"."""
    phase, year, _above = rules.level_phrase(dle)
    return str(PHASE_WORDS[phase]) % {"year": year}


def level_sentence(domain: str, name: str, dle: float, label: str = "") -> str:
    """`label` is the level as reported ("<M3", "E8+", "M5"): its qualifier picks the sentence."""
    _phase, _year, above = rules.level_phrase(dle)
    if above or label == "E8+":
        return str(ABOVE_E8_SENTENCES[domain]) % {"name": name}
    sentences = BELOW_SENTENCES if label.startswith("<") else LEVEL_SENTENCES
    return str(sentences[domain]) % {"name": name, "level": level_words(dle)}


def rate_sentence(name: str, rate: float | None) -> str:
    if rate is None:
        return ""
    return next(str(text) for floor, text in RATE_WORDS if rate >= floor) % {"name": name}


def parent_domains(view) -> list[DomainWords]:
    """Per domain with results: a heading and two plain sentences."""
    return [
        DomainWords(
            d.domain,
            d.label,
            level_sentence(d.domain, view.name, d.dle, d.level),
            # Below the lowest level ("<M3") the rate is only an upper bound: no words about speed.
            "" if d.level.startswith("<") else rate_sentence(view.name, d.rate),
        )
        for d in view.with_data
    ]


def course_sentence(view) -> str:
    """Whether the pupil is on course for the exit perspective, in plain words ("" if nothing to say)."""
    values = {"name": view.name, "track": view.exit_track_label}
    if view.on_course is True:
        return _("Als %(name)s zo doorgaat, past dat bij het schooltype dat we verwachten: %(track)s.") % values
    if view.on_course is False:
        return (
            _(
                "Als %(name)s zo doorgaat, is dat nog niet genoeg voor het verwachte schooltype: %(track)s. "
                "We bespreken met u wat kan helpen."
            )
            % values
        )
    if not view.exit_track and view.year_level and view.year_level < view.perspective_from:
        return _("Vanaf groep %(year)s bespreken we welk schooltype bij %(name)s past.") % {
            "year": view.perspective_from,
            "name": view.name,
        }
    return ""


def summary(view) -> str:
    """All parent sentences in one text: the chart's description for screen readers."""
    parts = []
    for words in parent_domains(view):
        parts += [f"{words.heading}: {words.level}", words.rate]
    parts.append(course_sentence(view))
    return " ".join(p for p in parts if p) or _("Er zijn nog geen toetsresultaten.")


# -- staff numbers -------------------------------------------------------------------------------


def _number(value, places=2):
    return "–" if value is None else formats.number_format(round(value, places), places)


def _percent(value):
    return "–" if value is None else f"{formats.number_format(round(value * 100), 0)}%"


@dataclass(frozen=True)
class StaffRow:
    domain: str
    label: str
    level: str
    dl: str
    dle: str
    rate: str
    delay: str
    projection: str
    projected_track: str
    expectations: tuple  # (("50%", "E6 (45)"), …)
    on_course: bool | None
    lwoo_band: bool


def _projection(dle):
    return "–" if dle is None else f"{rules.level_for_dle(dle)} ({_number(dle, 0)})"


def staff_rows(view) -> list[StaffRow]:
    return [
        StaffRow(
            domain=d.domain,
            label=d.label,
            level=d.level,
            dl=_number(d.dl, 0),
            dle=_number(d.dle, 0),
            rate=("≤ " if d.level.startswith("<") else "") + _number(d.rate),
            delay=_percent(d.delay),
            projection=_projection(d.projection),
            projected_track=d.projected_track_label,
            expectations=tuple((f"{round(r * 100)}%", _projection(d.expectations.get(r))) for r in rules.EXPECTATIONS),
            on_course=d.on_course,
            lwoo_band=rules.lwoo_band(d.delay),
        )
        for d in view.with_data
    ]
