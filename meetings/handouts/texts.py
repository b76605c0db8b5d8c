"""Services for the school's handout texts: save (a new or edited text) and approve a translation,
on the shared approval flow (school.translations)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.languages import LANGUAGE_CODES
from ouderbetrokkenheid.school.translations import translation_approve, translation_save

from ..models import HandoutText


def may_edit_handout_texts(staff) -> bool:
    return staff is not None and (staff.is_leadership or staff.is_ib or staff.is_admin)


def _check(school, by):
    if by.school_id != school.pk or not may_edit_handout_texts(by):
        raise PermissionDenied


def handout_text_save(*, school, section, year_level: int, language, text, by):
    """Create or replace one text. A changed translation needs approval again; Dutch needs none."""
    _check(school, by)
    text = text.strip().replace("\r\n", "\n")
    if section not in HandoutText.Section.values or not 0 <= int(year_level) <= 8 or language not in LANGUAGE_CODES:
        raise ValidationError(_("Onbekend onderdeel, leerjaar of taal."))
    if not text:
        raise ValidationError(_("De tekst mag niet leeg zijn."))
    owner = {"school": school, "section": section, "year_level": year_level}
    return translation_save(HandoutText, owner=owner, language=language, values={"text": text}, by=by)


def handout_text_approve(*, text: HandoutText, by):
    """Approve a translation for parents (Dutch counts as approved already)."""
    _check(text.school, by)
    return translation_approve(text, by=by)
