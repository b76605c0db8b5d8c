"""The placeholders a library text may hold, and their check.

{child} the child's first name, {theme} this week's theme, {teacher} the teacher's name,
{date} a date; a progress frame also holds {line}, the teacher's line about the child.
"""

import re

from django.utils.translation import gettext as _

from messaging.models import Kind

COMMON = ("child", "theme", "teacher", "date")
PROGRESS_ONLY = ("line",)
FIELD = re.compile(r"\{([^{}]*)\}")


def allowed_for(kind: str) -> tuple[str, ...]:
    return COMMON + PROGRESS_ONLY if kind == Kind.PROGRESS else COMMON


def placeholders_in(text: str) -> set[str]:
    return set(FIELD.findall(text))


def placeholder_errors(text: str, *, kind: str) -> list[str]:
    """Dutch messages for what is wrong with the placeholders in `text`; empty when all is well."""
    allowed = allowed_for(kind)
    names = ", ".join("{" + name + "}" for name in allowed)
    errors = [
        _("Onbekende invulplek {%(name)s}. Gebruik alleen %(names)s.") % {"name": name, "names": names}
        for name in sorted(placeholders_in(text) - set(allowed))
    ]
    if "{" in FIELD.sub("", text) or "}" in FIELD.sub("", text):
        errors.append(_("Er staat een losse accolade { of } in de tekst. Een invulplek ziet eruit als {child}."))
    if kind == Kind.PROGRESS and "line" not in placeholders_in(text):
        errors.append(_("Een voortgangstekst moet {line} bevatten: daar komt de regel van de leerkracht."))
    return errors
