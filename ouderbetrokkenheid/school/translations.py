"""School-written text translated for parents: one model, one approval flow, one fallback.

The school writes its texts in Dutch (round titles, programme items, library messages, handout
sections). A translation into one of the parent languages (school.languages) reaches parents
only once a member of staff approved it: approved by whom and when. Changing a translation's
text withdraws its approval, unless the one who saves approves in the same step. Dutch counts as
approved by nature.

Fallback, per text: a parent gets the approved translation, or else the Dutch text, never a mix
inside one text; pages mark the Dutch with lang="nl" (`Translated.lang`). A document read as one
piece (a handout) is all in the parent's language or all Dutch (`translated_whole`).

Used by conversations (RoundTranslation), meetings (ProgrammeItemTranslation, HandoutText) and
messaging (LibraryText), and by whatever comes next: subclass `ApprovedTranslation`, save with
`translation_save`, read with `translated`, and register a `ReviewKind` so the page that
approves a language's waiting translations in bulk shows them too. Staff edit a kind's translations
with one include, templates/school/_translations.html (`translation_editor`).

Shipped default texts (the library's messages, the handouts, the default sessions' words) are
data files, one JSON file per language in a directory, read by `shipped_texts`.
"""

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .languages import LANGUAGE_CODES, SOURCE_LANGUAGE, TRANSLATION_LANGUAGES, language_name_lazy, text_direction
from .models import Staff


class ApprovedTranslation(models.Model):
    """A school-written text in one language for parents. It counts once a member of staff
    approved it; until then parents get the Dutch original. Dutch rows (where a model keeps the
    original beside its translations) count as approved."""

    language = models.CharField(gettext_lazy("taal"), max_length=8)
    approved_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(gettext_lazy("goedgekeurd op"), null=True, blank=True)

    # The fields holding the text, in the order pages show them.
    TEXT_FIELDS: tuple = ("text",)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.language}: {str(getattr(self, self.TEXT_FIELDS[0], ''))[:40]}"

    @property
    def is_approved(self) -> bool:
        return self.language == SOURCE_LANGUAGE or self.approved_at is not None

    def texts(self) -> dict:
        return {name: getattr(self, name) for name in self.TEXT_FIELDS}


# -- reading: the fallback ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Translated:
    """One text as a parent reads it, with the language it is in ("nl" when it fell back)."""

    text: str
    lang: str


def approved_in(rows, language):
    """The approved row in `language` among `rows` (a prefetched `.all()`), else None."""
    return next((row for row in rows if row.language == language and row.is_approved), None)


def translated(dutch: dict, row, language: str) -> dict[str, Translated]:
    """Text by text: the approved translation `row` where it has the text, else the Dutch one.
    `dutch` maps each field to its Dutch text; `row` is an approved translation or None."""
    out = {}
    for name, original in dutch.items():
        value = getattr(row, name, "") if row is not None and row.is_approved else ""
        value = value.strip() if isinstance(value, str) else value
        out[name] = Translated(value, language) if value else Translated(original, SOURCE_LANGUAGE)
    return out


def approved_or_dutch(rows, language):
    """For a model that keeps the Dutch original beside its translations (a prefetched `.all()`
    of one text's rows): the approved row in `language`, else the Dutch row, else None."""
    return approved_in(rows, language) or approved_in(rows, SOURCE_LANGUAGE)


def translated_whole(parts: dict, language: str) -> tuple[str, dict]:
    """A whole document in one language, never a mix: every part in `language` when every part
    has an approved translation there, else every part in Dutch. `parts` maps each part to
    (its Dutch text, its approved translation in `language` or None). Returns (the language
    used, {part: text})."""
    if language != SOURCE_LANGUAGE and all(translation for _dutch, translation in parts.values()):
        return language, {key: translation for key, (_dutch, translation) in parts.items()}
    return SOURCE_LANGUAGE, {key: dutch for key, (dutch, _translation) in parts.items()}


# -- writing: the approval flow -----------------------------------------------------------------------


def translation_approve(row: ApprovedTranslation, *, by) -> ApprovedTranslation:
    """Record that `by` approved this translation now (Dutch needs no approval)."""
    if row.language != SOURCE_LANGUAGE:
        row.approved_by, row.approved_at = by, timezone.now()
        row.save(update_fields=["approved_by", "approved_at"])
    return row


@transaction.atomic
def translation_save(model, *, owner: dict, language: str, values: dict, by, approve: bool = False):
    """Save the translation of `owner` (e.g. {"round": round}) in `language` with `values` (its
    text fields, already cleaned). A changed translation loses its approval unless `by` approves
    it in the same step; one left without any text is removed (parents then get Dutch).
    Returns the row, or None when removed. The caller checks who may translate."""
    if language not in LANGUAGE_CODES:
        raise ValidationError(_("Onbekende taal: %(language)s.") % {"language": language})
    current = model.objects.select_for_update().filter(**owner, language=language).first()
    if not any(values.values()):
        if approve:
            raise ValidationError(_("Er is geen vertaling om goed te keuren."))
        if current:
            current.delete()
        return None
    if current is None:
        current = model.objects.create(**owner, language=language, **values)
    elif any(getattr(current, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(current, name, value)
        current.approved_by, current.approved_at = None, None
        current.save(update_fields=[*values, "approved_by", "approved_at"])
    if approve:
        translation_approve(current, by=by)
    return current


def translations_withdraw(queryset) -> int:
    """Withdraw the approval of these translations (their Dutch original changed)."""
    return queryset.exclude(approved_at=None).update(approved_by=None, approved_at=None)


@transaction.atomic
def translations_approve(waiting, *, ids, by) -> int:
    """Approve, in one step, the translations `by` has read (`ids`) among `waiting` (the
    translations of `by`'s school in one language that wait for approval). Every id must be
    among them, or nothing is approved. Returns the number approved."""
    ids = {int(pk) for pk in ids}
    if not ids:
        raise ValidationError(_("Vink eerst de vertalingen aan die u hebt gelezen."))
    rows = list(waiting.select_for_update().filter(pk__in=ids, approved_at__isnull=True).values_list("pk", flat=True))
    if len(rows) != len(ids):
        raise ValidationError(
            _("Een of meer aangevinkte vertalingen zijn niet meer te vinden of al goedgekeurd.")
            + " "
            + _("Er is niets goedgekeurd.")
        )
    return waiting.model.objects.filter(pk__in=rows).update(approved_by=by, approved_at=timezone.now())


# -- the editor: one include for every kind's translations (templates/school/_translations.html) ------


@dataclass(frozen=True)
class EditorField:
    """One text of a kind's translation, as the shared editor shows it: `name` is the form's and
    the model's field; `rows` 0 makes a one-line input, else a textarea that many rows high."""

    name: str
    label: str
    rows: int = 0
    maxlength: int | None = None

    @property
    def html_id(self) -> str:
        return self.name.replace("_", "-")


def translation_editor(stored, fields, *, shipped: Callable | None = None) -> list[dict]:
    """Per translation language, what templates/school/_translations.html shows: the stored
    translation (`stored`: the owner's rows, approved_by selected) with its approval state, and
    each field with the text the form starts from: the stored one, or else the shipped one
    (`shipped(code)`: the shipped translation's texts in field order, or None)."""
    by_language = {row.language: row for row in stored}
    languages = []
    for code in TRANSLATION_LANGUAGES:
        row, ready = by_language.get(code), shipped(code) if shipped else None
        if row is not None:
            values = [getattr(row, field.name) or "" for field in fields]
        else:
            values = list(ready) if ready else [""] * len(fields)
        languages.append(
            {
                "code": code,
                "name": language_name_lazy(code),
                "dir": text_direction(code),
                "stored": row,
                "shipped": ready,
                "fields": list(zip(fields, values, strict=True)),
            }
        )
    return languages


# -- the bulk approval page: one list of every kind of translated text --------------------------------


@dataclass(frozen=True)
class ReviewRow:
    """One waiting translation beside its Dutch original, for the bulk approval page."""

    pk: int
    context: str  # where the text is used: "Tip · groep 3"
    dutch: str
    translation: str
    edit_url: str = ""


@dataclass(frozen=True)
class ReviewKind:
    """A kind of translated text on the bulk approval page: the translations of `model` (an
    `ApprovedTranslation`) whose school is at `school_path`. `field` names the page's checkboxes
    (the library's stay "text"); `may_approve(staff)` says who may approve them; `show(rows)`
    turns the waiting rows (selected with `related`, ordered by `ordering`) into `ReviewRow`s."""

    field: str
    order: int
    model: type
    school_path: str
    may_approve: Callable
    show: Callable
    related: tuple = ()
    ordering: tuple = ("pk",)

    @property
    def label(self) -> str:
        return capfirst(self.model._meta.verbose_name_plural)

    def waiting(self, staff, language):
        """The translations of `staff`'s school into `language` that wait for approval."""
        school = {self.school_path: staff.school_id}
        return self.model.objects.filter(**school, language=language, approved_at__isnull=True)

    def rows(self, waiting) -> list[ReviewRow]:
        return self.show(list(waiting.select_related(*self.related).order_by(*self.ordering)))


REVIEW_KINDS: dict[str, ReviewKind] = {}


def review_kind_register(kind: ReviewKind) -> None:
    """Called from an app's AppConfig.ready(), so the page (in messaging) imports no feature app."""
    REVIEW_KINDS[kind.field] = kind


def review_kinds_for(staff) -> list[ReviewKind]:
    return sorted(
        (k for k in REVIEW_KINDS.values() if staff is not None and k.may_approve(staff)), key=lambda k: k.order
    )


# -- shipped default texts: one JSON file per language ------------------------------------------------


@functools.cache
def shipped_texts(directory: Path) -> dict[str, dict]:
    """{language: the data in <directory>/<language>.json} for every parent language with a file,
    Dutch first. The one loader of shipped texts (message library, handouts, default sessions)."""
    found = {}
    for language in LANGUAGE_CODES:
        path = Path(directory) / f"{language}.json"
        if path.exists():
            with open(path, encoding="utf-8") as handle:
                found[language] = json.load(handle)
    return found
