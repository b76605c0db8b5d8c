"""A round's own words (title, goal, invitation text) for parents, in their language.

The school writes them in Dutch; a translation reaches parents only once a member of staff
approved it, text by text falling back to Dutch marked lang="nl" (school.translations: one
approval flow and one fallback for every school-written text). Changing the round's Dutch title, goal or invitation text
withdraws every approval of its translations (rounds.round_update).

Who writes and approves: whoever edits the round (leadership and the school admin of the
round's school), as in the library, where whoever may edit a text may approve its translation.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.languages import SOURCE_LANGUAGE as DUTCH
from ouderbetrokkenheid.school.languages import TRANSLATION_LANGUAGES
from ouderbetrokkenheid.school.translations import approved_in, translated, translation_save

from .models import Round, RoundTranslation

FIELDS = RoundTranslation.TEXT_FIELDS


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
    row = approved_in(round.translations.all(), language)
    if row is None:
        return _dutch(round, language)
    texts = translated({name: getattr(round, name) for name in FIELDS}, row, language)
    values = {name: found.text for name, found in texts.items()}
    langs = {f"{name}_lang": found.lang for name, found in texts.items()}
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
    return translation_save(
        RoundTranslation, owner={"round": round}, language=language, values=values, by=by, approve=approve
    )
