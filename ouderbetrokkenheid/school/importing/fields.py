"""Parse and validate one cell. Each parser returns a clean value or raises CellError with a Dutch reason."""

import datetime
import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from ..text import strip_invisible
from .errors import CellError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
YES = {"ja", "j", "yes", "y", "1", "waar", "x"}
NO = {"nee", "n", "no", "0", "onwaar"}
DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")
LANGUAGE_NAMES = {
    "nederlands": "nl", "engels": "en", "arabisch": "ar", "turks": "tr", "pools": "pl", "oekraiens": "uk",
    "oekraïens": "uk", "duits": "de", "frans": "fr", "spaans": "es", "somalisch": "so", "tigrinya": "ti",
}  # fmt: skip


def shown(value: str) -> str:
    """A value quoted for a reason; long values are cut short."""
    return f"'{value[:40]}…'" if len(value) > 40 else f"'{value}'"


def text(value: str, *, max_length: int, required: bool = False) -> str:
    value = strip_invisible(value).strip()  # bidi controls and other invisible characters (school/text.py)
    if not value:
        if required:
            raise CellError(_("ontbreekt"))
        return ""
    if value.startswith(FORMULA_STARTS):
        raise CellError(
            _("begint met '%(char)s' en lijkt op een spreadsheetformule; dat wordt niet overgenomen")
            % {"char": value[0].strip() or _("een tab")}
        )
    if len(value) > max_length:
        raise CellError(
            _("%(value)s is te lang (maximaal %(max)d tekens)") % {"value": shown(value), "max": max_length}
        )
    return value


def date(value: str, *, required: bool = False) -> datetime.date | None:
    if not value:
        if required:
            raise CellError(_("ontbreekt"))
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise CellError(_("%(value)s is geen geldige datum (dd-mm-jjjj)") % {"value": shown(value)})


def yes_no(value: str) -> bool | None:
    """True for ja, False for nee, None when empty."""
    lowered = value.lower()
    if not lowered:
        return None
    if lowered in YES or lowered in NO:
        return lowered in YES
    raise CellError(_("%(value)s is geen ja of nee") % {"value": shown(value)})


def year_level(value: str) -> int:
    if not value:
        raise CellError(_("ontbreekt"))
    digits = value.removeprefix("groep").strip()
    if digits.isdigit() and 1 <= int(digits) <= 8:
        return int(digits)
    raise CellError(_("%(value)s is geen leerjaar van 1 tot en met 8") % {"value": shown(value)})


def mobile(value: str) -> str:
    """A Dutch or international number, returned as E.164 (+31612345678); empty stays empty."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not _plausible(number):
        raise CellError(_("%(value)s is geen geldig telefoonnummer") % {"value": shown(value)})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _plausible(number) -> bool:
    # Fictional test numbers are not all allocated; a mobile-length number is accepted too.
    return phonenumbers.is_valid_number(number) or phonenumbers.is_possible_number_for_type(
        number, phonenumbers.PhoneNumberType.MOBILE
    )


def email(value: str, *, required: bool = False) -> str:
    """A lowercased e-mail address. The local part may hold non-ASCII letters (RFC 6531)."""
    if not value:
        if required:
            raise CellError(_("ontbreekt"))
        return ""
    local, at, domain = value.lower().rpartition("@")
    if value.startswith(FORMULA_STARTS) or not at or not _local_part_ok(local) or not _domain_ok(domain):
        raise CellError(_("%(value)s is geen geldig e-mailadres") % {"value": shown(value)})
    return f"{local}@{domain}"


def _local_part_ok(local):
    return bool(re.fullmatch(r"[\w!#$%&'*+/=?^`{|}~-]+(\.[\w!#$%&'*+/=?^`{|}~-]+)*", local)) and len(local) <= 64


def _domain_ok(domain):
    try:
        validate_email(f"x@{domain}")
    except ValidationError:
        return False
    return "." in domain


def language(value: str) -> str:
    """An ISO 639-1 code; empty means Dutch. A few Dutch language names are understood too."""
    lowered = value.lower()
    if not lowered:
        return "nl"
    code = LANGUAGE_NAMES.get(lowered, lowered)
    if re.fullmatch(r"[a-z]{2}", code):
        return code
    raise CellError(_("%(value)s is geen taalcode (ISO 639-1, bijvoorbeeld ar of tr)") % {"value": shown(value)})
