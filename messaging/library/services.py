"""Writing library texts: save (with the placeholder check) and approve.

Dutch counts as approved by nature. A translation counts once a member of staff of the
entry's school approved it; changing its text withdraws that approval, unless the one who
saves approves in the same step. Saving an unchanged text changes nothing.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from messaging.models import LibraryText
from ouderbetrokkenheid.school.languages import LANGUAGE_CODES, SOURCE_LANGUAGE
from ouderbetrokkenheid.school.translations import (
    review_kinds_for,
    translation_approve,
    translation_save,
    translations_approve,
)

from .placeholders import placeholder_errors


def _check_staff(*, school_id, by):
    if by is None or by.school_id != school_id:
        raise PermissionDenied


def library_text_errors(*, entry, language: str, text: str) -> list[str]:
    """Dutch messages for what keeps `text` from being saved; empty when it may be saved."""
    if language not in LANGUAGE_CODES:
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
    return translation_save(
        LibraryText,
        owner={"entry": entry},
        language=language,
        values={"text": text},
        by=by,
        approve=bool(approve and text),
    )


@transaction.atomic
def library_text_approve(*, text: LibraryText, by) -> LibraryText:
    """Record that `by` approved this translation now (Dutch needs no approval)."""
    _check_staff(school_id=text.entry.school_id, by=by)
    return translation_approve(text, by=by)


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
    if language == SOURCE_LANGUAGE or language not in LANGUAGE_CODES:
        raise ValidationError(_("Kies een taal om de vertalingen van goed te keuren."))
    waiting = LibraryText.objects.filter(entry__school=school, language=language)
    return translations_approve(waiting, ids=text_ids, by=by)


LIBRARY_FIELD = "text"  # the review page's checkboxes of library texts


@transaction.atomic
def translations_review_approve(*, staff, language: str, ticked: dict) -> int:
    """Approve what `staff` ticked on the review page of `language`: library texts (`ticked["text"]`)
    and the translations of every other kind `staff` may approve (school.translations.REVIEW_KINDS,
    by their field). All or nothing; returns the number approved."""
    _check_staff(school_id=staff.school_id, by=staff)
    if language == SOURCE_LANGUAGE or language not in LANGUAGE_CODES:
        raise ValidationError(_("Kies een taal om de vertalingen van goed te keuren."))
    kinds = review_kinds_for(staff)
    if not any(ticked.get(field) for field in (LIBRARY_FIELD, *(kind.field for kind in kinds))):
        raise ValidationError(_("Vink eerst de vertalingen aan die u hebt gelezen."))
    approved = 0
    if ticked.get(LIBRARY_FIELD):
        approved += library_texts_approve(school=staff.school, language=language, text_ids=ticked[LIBRARY_FIELD],
                                          by=staff)  # fmt: skip
    for kind in kinds:
        if ticked.get(kind.field):
            approved += translations_approve(kind.waiting(staff, language), ids=ticked[kind.field], by=staff)
    return approved
