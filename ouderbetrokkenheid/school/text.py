"""Invisible characters out of names (issue 17, point 9).

Bidi controls (U+202A-U+202E, U+2066-U+2069, LRM/RLM, ALM) and the other invisible format
characters (Unicode category Cf: soft hyphen, zero-width space, BOM, word joiner, tag characters …)
can make 'Ann\u202egnp.exe' look like 'Annexe.png'. They are removed, with control characters (Cc).

Kept: ZERO WIDTH NON-JOINER (U+200C) and ZERO WIDTH JOINER (U+200D) between two letters, where
Persian/Dari, Kurdish, Urdu and Indic scripts need them to spell a name right (the ZWNJ in Persian
'می‌خواهم'); anywhere else (at the start or the end, beside a space or a digit) they hide nothing
legitimate and are removed too.
"""

import unicodedata

from django import forms

JOINERS = {"\u200c", "\u200d"}


def _is_letter(char: str) -> bool:
    return unicodedata.category(char)[0] in ("L", "M")


def _keep(value: str, index: int) -> bool:
    char = value[index]
    category = unicodedata.category(char)
    if char in JOINERS:
        before = value[index - 1] if index > 0 else ""
        after = value[index + 1] if index + 1 < len(value) else ""
        return bool(before and after) and _is_letter(before) and _is_letter(after)
    if category == "Cc":
        return char in "\t\n"  # plain whitespace; the callers strip or collapse it
    return category != "Cf"


def strip_invisible(value: str) -> str:
    """The text without bidi controls and other invisible format characters."""
    if not value or value.isascii():
        return value
    return "".join(char for index, char in enumerate(value) if _keep(value, index))


class VisibleCharField(forms.CharField):
    """A text field that drops invisible format characters before it validates (names in forms)."""

    def to_python(self, value):
        return super().to_python(strip_invisible(value) if isinstance(value, str) else value)
