"""An entry's text for one parent: the approved text in their language, else the Dutch one
(the one fallback of school.translations)."""

import datetime

from django.utils import formats, translation

from ouderbetrokkenheid.school.languages import SOURCE_LANGUAGE
from ouderbetrokkenheid.school.translations import approved_or_dutch

from .placeholders import FIELD


def _base_language(language: str) -> str:
    return (language or SOURCE_LANGUAGE).split("-")[0].split("_")[0].lower()


def text_for(entry, language: str):
    """The LibraryText to send for `language`: its approved translation, else the Dutch text
    (an entry without Dutch: any approved text). Texts left empty do not count.
    Uses `entry.texts.all()`, so a prefetch on the caller's queryset saves the queries."""
    texts = [t for t in entry.texts.all() if t.text.strip()]
    chosen = approved_or_dutch(texts, _base_language(language)) or next((t for t in texts if t.is_approved), None)
    if chosen is None:
        raise ValueError(f"library entry {entry.pk} has no text to send")
    return chosen


def _value(value, language: str) -> str:
    if isinstance(value, datetime.date):
        with translation.override(language):
            return formats.date_format(value, "j E")
    return "" if value is None else str(value)


SENTENCE_ENDS = ".!?…。؟"
CLOSERS = "\"')»”’"


def sentence(line) -> str:
    """The teacher's line as a whole sentence: a full stop added when it ends without one, so the
    frame's next sentence does not run on ("…deze week. Vraag er thuis eens naar!")."""
    line = ("" if line is None else str(line)).strip()
    ends = line.rstrip(CLOSERS)[-1:] in tuple(SENTENCE_ENDS)
    return line if not line or ends else line + "."


def fill(text: str, context: dict, language: str) -> str:
    """Replace the known placeholders; a placeholder without a value becomes empty; {line} (the
    teacher's line in a progress frame) always ends a sentence."""
    if context.get("line"):
        context = {**context, "line": sentence(context["line"])}
    return FIELD.sub(lambda m: _value(context.get(m.group(1)), language), text).strip()


def library_render(*, entry, language: str, context: dict) -> tuple[str, str]:
    """(text, language used). Context keys: child, theme, teacher, date (a date or a string),
    and line for a progress frame."""
    chosen = text_for(entry, language)
    return fill(chosen.text, context, chosen.language), chosen.language
