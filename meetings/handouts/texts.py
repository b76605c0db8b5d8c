"""Services for the school's handout texts: save (a new or edited text) and approve a translation."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import HandoutText

LANGUAGE_CODES = {"nl", "en", "ar", "tr", "pl", "uk"}


def _check(school, by):
    if by.school_id != school.pk or not (by.is_leadership or by.is_ib or by.is_admin):
        raise PermissionDenied


@transaction.atomic
def handout_text_save(*, school, section, year_level: int, language, text, by):
    """Create or replace one text. A changed translation needs approval again; Dutch needs none."""
    _check(school, by)
    text = text.strip().replace("\r\n", "\n")
    if section not in HandoutText.Section.values or not 0 <= int(year_level) <= 8 or language not in LANGUAGE_CODES:
        raise ValidationError(_("Onbekend onderdeel, leerjaar of taal."))
    if not text:
        raise ValidationError(_("De tekst mag niet leeg zijn."))
    row, created = HandoutText.objects.select_for_update().get_or_create(
        school=school, section=section, year_level=year_level, language=language, defaults={"text": text}
    )
    if not created and row.text != text:
        row.text, row.approved_by, row.approved_at = text, None, None
        row.save(update_fields=["text", "approved_by", "approved_at"])
    return row


def handout_text_approve(*, text: HandoutText, by):
    """Approve a translation for parents (Dutch counts as approved already)."""
    _check(text.school, by)
    text.approved_by, text.approved_at = by, timezone.now()
    text.save(update_fields=["approved_by", "approved_at"])
    return text
