"""A round's own words (title, goal, invitation text) for parents, in their language.

The school writes them in Dutch; a translation reaches parents only once a member of staff
approved it (the message library's rule: approved by whom and when). Per text, a parent gets
the approved translation or else the whole Dutch text, never a mix: a draft, a missing
translation or an approved translation that leaves a text empty gives the Dutch of that text,
which pages mark lang="nl". Changing the round's Dutch title, goal or invitation text
withdraws every approval of its translations (rounds.round_update).

Who writes and approves: whoever edits the round (leadership and the school admin of the
round's school), as in the library, where whoever may edit a text may approve its translation.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.models import TRANSLATION_LANGUAGES

from .models import Round, RoundTranslation

DUTCH = "nl"
FIELDS = ("title", "goal", "invitation_text")


@dataclass(frozen=True)
class RoundTexts:
    """The words a parent reads, each with the language it is in."""

    title: str
    goal: str
    invitation_text: str
    title_lang: str
    goal_lang: str
    invitation_text_lang: str
    language: str  # the language asked for (the page's or the message's)

    @property
    def title_is_dutch(self) -> bool:
        """Dutch shown on a page in another language (mark it lang="nl")."""
        return self.title_lang != self.language

    @property
    def goal_is_dutch(self) -> bool:
        return self.goal_lang != self.language

    @property
    def invitation_text_is_dutch(self) -> bool:
        return self.invitation_text_lang != self.language

    @property
    def language_used(self) -> str:
        used = (self.title_lang, self.goal_lang, self.invitation_text_lang)
        return self.language if self.language in used else DUTCH

    def __iter__(self):  # title, goal, invitation_text, language_used = round_texts(...)
        return iter((self.title, self.goal, self.invitation_text, self.language_used))


def _dutch(round, language):
    return RoundTexts(round.title, round.goal, round.invitation_text, DUTCH, DUTCH, DUTCH, language)


def round_texts(round: Round, language: str) -> RoundTexts:
    """The approved translation in `language`, else the Dutch original, text by text."""
    if language == DUTCH or language not in TRANSLATION_LANGUAGES:
        return _dutch(round, language)
    prefetch_related_objects([round], "translations")  # once per round instance; free when prefetched
    row = next((t for t in round.translations.all() if t.language == language and t.is_approved), None)
    if row is None:
        return _dutch(round, language)
    values, langs = {}, {}
    for name in FIELDS:
        translated = getattr(row, name).strip()
        values[name] = translated or getattr(round, name)
        langs[f"{name}_lang"] = language if translated else DUTCH
    return RoundTexts(**values, **langs, language=language)


def rounds_with_texts(rounds, language) -> list:
    """[(round, RoundTexts)] for a list page: the translations in one query (none for Dutch)."""
    rounds = list(rounds)
    if language in TRANSLATION_LANGUAGES:
        prefetch_related_objects(rounds, "translations")
    return [(round, round_texts(round, language)) for round in rounds]


def round_title(round, language) -> str:
    return round_texts(round, language).title


# -- writing translations ---------------------------------------------------------------------------


def may_translate(staff, round) -> bool:
    return (
        staff is not None and staff.school_id == round.school_year.school_id and (staff.is_leadership or staff.is_admin)
    )


@transaction.atomic
def round_translation_save(*, round, language, title, goal, invitation_text, by, approve=False):
    """Save the round's translation in `language`. A changed translation loses its approval
    unless `by` approves it in the same step; an empty one is removed (parents get Dutch).
    Returns the row, or None when removed."""
    if not may_translate(by, round):
        raise PermissionDenied
    if language not in TRANSLATION_LANGUAGES:
        raise ValidationError(_("Onbekende taal: %(language)s.") % {"language": language})
    values = {
        "title": (title or "").strip(),
        "goal": (goal or "").strip().replace("\r\n", "\n"),
        "invitation_text": (invitation_text or "").strip().replace("\r\n", "\n"),
    }
    if len(values["title"]) > 200:
        raise ValidationError(_("De titel is te lang (hoogstens 200 tekens)."))
    current = RoundTranslation.objects.select_for_update().filter(round=round, language=language).first()
    if not any(values.values()):
        if approve:
            raise ValidationError(_("Er is geen vertaling om goed te keuren."))
        if current:
            current.delete()
        return None
    if current is None:
        current = RoundTranslation.objects.create(round=round, language=language, **values)
    elif any(getattr(current, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(current, name, value)
        current.approved_by, current.approved_at = None, None
        current.save(update_fields=[*FIELDS, "approved_by", "approved_at"])
    if approve:
        current.approved_by, current.approved_at = by, timezone.now()
        current.save(update_fields=["approved_by", "approved_at"])
    return current
