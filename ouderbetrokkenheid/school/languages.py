"""Language codes as people read them: one helper, `language_name`, for every page and message.

Codes stay in data, form values, URLs and CSV exports; a person reads the language's name in the
language of the page ("Arabisch" on a Dutch page, "Arabic" on an English one). Django knows most
languages (`get_language_info`); the few interpreter languages Dutch schools often need that Django
does not know are named here, translatable like any other text.
"""

from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

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
