"""Writing library texts: save (with the placeholder check) and approve.

Dutch counts as approved by nature. A translation counts once a member of staff of the
entry's school approved it; changing its text withdraws that approval, unless the one who
saves approves in the same step. Saving an unchanged text changes nothing.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from messaging.models import LibraryText
from ouderbetrokkenheid.school.models import Language

from .placeholders import placeholder_errors
from .render import SOURCE_LANGUAGE


def _check_staff(*, school_id, by):
    if by is None or by.school_id != school_id:
        raise PermissionDenied


def library_text_errors(*, entry, language: str, text: str) -> list[str]:
    """Dutch messages for what keeps `text` from being saved; empty when it may be saved."""
    if language not in Language.values:
        return [_("Onbekende taal: %(language)s.") % {"language": language}]
    if language == SOURCE_LANGUAGE and not text.strip():
        return [_("De Nederlandse tekst is verplicht: die krijgen ouders als er geen goedgekeurde vertaling is.")]
    return placeholder_errors(text, kind=entry.kind)


@transaction.atomic
def library_text_save(*, entry, language: str, text: str, by, approve: bool = False) -> LibraryText | None:
    """Save the entry's text in `language`. An empty translation is removed (parents then get
    the Dutch text); returns the saved text, or None when it was removed."""
    _check_staff(school_id=entry.school_id, by=by)
    text = text.strip().replace("\r\n", "\n")
    errors = library_text_errors(entry=entry, language=language, text=text)
    if errors:
        raise ValidationError(errors)
    current = LibraryText.objects.select_for_update().filter(entry=entry, language=language).first()
    if not text:
        if current:
            current.delete()
        return None
    if current is None:
        current = LibraryText.objects.create(entry=entry, language=language, text=text)
    elif current.text != text:
        current.text, current.approved_by, current.approved_at = text, None, None
        current.save(update_fields=["text", "approved_by", "approved_at"])
    if approve:
        library_text_approve(text=current, by=by)
    return current


@transaction.atomic
def library_text_approve(*, text: LibraryText, by) -> LibraryText:
    """Record that `by` approved this translation now (Dutch needs no approval)."""
    _check_staff(school_id=text.entry.school_id, by=by)
    if text.language != SOURCE_LANGUAGE:
        text.approved_by, text.approved_at = by, timezone.now()
        text.save(update_fields=["approved_by", "approved_at"])
    return text


@transaction.atomic
def library_entry_update(*, entry, active: bool, theme: str, by):
    _check_staff(school_id=entry.school_id, by=by)
    entry.active, entry.theme = active, theme.strip()
    entry.save(update_fields=["active", "theme"])
    return entry


@transaction.atomic
def library_texts_approve(*, school, language: str, text_ids, by) -> int:
    """Approve, in one step, the translations into `language` that `by` has read (their ids).
    Every id must be a waiting translation of this school in that language, or nothing is
    approved. Returns the number approved."""
    _check_staff(school_id=school.pk, by=by)
    ids = {int(pk) for pk in text_ids}
    if language == SOURCE_LANGUAGE or language not in Language.values:
        raise ValidationError(_("Kies een taal om de vertalingen van goed te keuren."))
    if not ids:
        raise ValidationError(_("Vink eerst de vertalingen aan die u hebt gelezen."))
    waiting = LibraryText.objects.select_for_update().filter(
        pk__in=ids, entry__school=school, language=language, approved_at__isnull=True
    )
    if len(waiting) != len(ids):
        raise ValidationError(
            _("Een of meer aangevinkte vertalingen zijn niet meer te vinden of al goedgekeurd.")
            + " "
            + _("Er is niets goedgekeurd.")
        )
    return waiting.update(approved_by=by, approved_at=timezone.now())
