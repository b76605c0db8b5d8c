"""The languages parents are served in, and language codes as people read them.

`PARENT_LANGUAGES` is the one list of the languages parent pages, messages and school-written
texts are offered in: code, name in the language itself, and writing direction (`dir`). Dutch
comes first: it is the source language every school text is written in, and what parents get
when there is no approved translation (marked lang="nl"). Settings (`LANGUAGES`), the `Language`
choices, the translation editors and the handouts all read this list; `text_direction` is the one
place that knows a language is written right to left.

`language_name` is the one helper for a language's name on every page and message.

Codes stay in data, form values, URLs and CSV exports; a person reads the language's name in the
language of the page ("Arabisch" on a Dutch page, "Arabic" on an English one). Django knows most
languages (`get_language_info`); the few interpreter languages Dutch schools often need that Django
does not know are named here, translatable like any other text.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ParentLanguage:
    code: str
    name: str  # in the language itself ("العربية"), as the language switcher shows it
    dir: str = "ltr"  # writing direction, for the HTML dir attribute

    @property
    def is_rtl(self) -> bool:
        return self.dir == "rtl"


PARENT_LANGUAGES = (
    ParentLanguage("nl", "Nederlands"),
    ParentLanguage("en", "English"),
    ParentLanguage("ar", "العربية", "rtl"),
    ParentLanguage("tr", "Türkçe"),
    ParentLanguage("pl", "Polski"),
    ParentLanguage("uk", "Українська"),
)
SOURCE_LANGUAGE = PARENT_LANGUAGES[0].code  # "nl": what the school writes, and the fallback
LANGUAGE_CODES = tuple(language.code for language in PARENT_LANGUAGES)
# Languages a school-written text can be translated into for parents, besides the Dutch original.
TRANSLATION_LANGUAGES = LANGUAGE_CODES[1:]
# (code, name) pairs for settings.LANGUAGES and form choices.
LANGUAGE_CHOICES = [(language.code, language.name) for language in PARENT_LANGUAGES]
RTL_LANGUAGES = frozenset(language.code for language in PARENT_LANGUAGES if language.is_rtl)


def text_direction(code) -> str:
    """ "rtl" for a language written right to left (Arabic), else "ltr"; for the dir attribute."""
    return "rtl" if str(code or "").split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def is_rtl(code) -> bool:
    return text_direction(code) == "rtl"


# Interpreter languages that Django's list of languages lacks (ISO 639 codes).
EXTRA_LANGUAGES = {
    "am": _("Amhaars"),
    "ber": _("Berbers"),
    "ku": _("Koerdisch"),
    "prs": _("Dari"),
    "ps": _("Pasjtoe"),
    "so": _("Somalisch"),
    "ti": _("Tigrinya"),
    "zgh": _("Tamazight"),
}


def language_name(code) -> str:
    """The name of a language in the active interface language ("Arabisch"), else the code itself."""
    if not code:
        return ""
    key = str(code).strip().lower()
    if key in EXTRA_LANGUAGES:
        return str(EXTRA_LANGUAGES[key])
    try:
        return str(translation.get_language_info(key)["name_translated"])
    except KeyError:
        return str(code)


def language_names(codes) -> str:
    """Several codes as one readable list: "Arabisch, Turks"."""
    return ", ".join(language_name(code) for code in codes or ())


# The same, worked out when read (for names in module-level lists and form choices).
language_name_lazy = lazy(language_name, str)
