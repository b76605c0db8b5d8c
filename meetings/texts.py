"""A programme item's own words (title and topics) for parents, in their language.

The school writes the title and topics in Dutch; a translation reaches parents only once a
member of staff approved it. Per text (the title is one text, the topics one), a parent gets
the approved translation or else the whole Dutch text, marked lang="nl" (school.translations:
one approval flow and one fallback for every school-written text).

The three default sessions carry shipped translations (meetings/data/texts/<language>.json,
read by meetings.shipped). They count as
approved while the school keeps the default Dutch wording, exactly as on the handout; a
translation the school approves itself comes first. Changing the Dutch title or topics
withdraws every approval of the item's translations (they need approving again).

Who writes and approves: whoever edits the item (leadership and the school admin of the item's
school), as in the library, where whoever may edit a text may approve its translation.
"""

from dataclasses import dataclass
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.languages import SOURCE_LANGUAGE as DUTCH
from ouderbetrokkenheid.school.languages import TRANSLATION_LANGUAGES
from ouderbetrokkenheid.school.translations import approved_in, translated, translation_save

from .models import ProgrammeItem, ProgrammeItemTranslation
from .programme import DEFAULTS
from .shipped import session_words


@dataclass(frozen=True)
class ItemTexts:
    """The words a parent reads, each with the language it is in."""

    title: str
    topics: list
    title_lang: str
    topics_lang: str
    language: str  # the language asked for (the page's or the message's)

    @property
    def title_is_dutch(self) -> bool:
        """Dutch shown on a page in another language (mark it lang="nl")."""
        return self.title_lang != self.language

    @property
    def topics_are_dutch(self) -> bool:
        return self.topics_lang != self.language

    @property
    def language_used(self) -> str:
        return self.language if self.language in (self.title_lang, self.topics_lang) else DUTCH

    def __iter__(self):  # title, topics, language_used = item_texts(...)
        return iter((self.title, self.topics, self.language_used))


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def shipped_translation(item, language):
    """(title, topics) shipped for a default item while its Dutch is unchanged, else None."""
    default = next((d for d in DEFAULTS if item.key and d.key == item.key), None)
    if default is None or item.title != default.title or item.topic_list != _lines(default.topics):
        return None
    found = session_words(item.key, language)
    return (found["title"], list(found["topics"])) if found else None


def _approved_translation(item, language):
    prefetch_related_objects([item], "translations")  # once per item instance; free when prefetched
    return approved_in(item.translations.all(), language)


def item_texts(item: ProgrammeItem, language: str) -> ItemTexts:
    """The approved translation in `language`, else the Dutch original, text by text."""
    dutch = ItemTexts(item.title, item.topic_list, DUTCH, DUTCH, language)
    if language == DUTCH or language not in TRANSLATION_LANGUAGES:
        return dutch
    row = _approved_translation(item, language)
    if row is None and (shipped := shipped_translation(item, language)):
        row = SimpleNamespace(title=shipped[0], topics="\n".join(shipped[1]), is_approved=True)
    if row is None:
        return dutch
    texts = translated({"title": item.title, "topics": item.topics}, row, language)
    return ItemTexts(
        title=texts["title"].text,
        topics=_lines(texts["topics"].text),
        title_lang=texts["title"].lang,
        topics_lang=texts["topics"].lang,
        language=language,
    )


# -- writing translations ---------------------------------------------------------------------------


def may_translate(staff, item) -> bool:
    return staff is not None and staff.school_id == item.school_id and (staff.is_leadership or staff.is_admin)


def _check(staff, item):
    if not may_translate(staff, item):
        raise PermissionDenied


def item_translation_save(*, item, language, title, topics, by, approve=False):
    """Save the item's translation in `language`. A changed translation loses its approval
    unless `by` approves it in the same step; an empty one is removed (parents get Dutch).
    Returns the row, or None when removed."""
    _check(by, item)
    if language not in TRANSLATION_LANGUAGES:
        raise ValidationError(_("Onbekende taal: %(language)s.") % {"language": language})
    title = (title or "").strip()
    topics = "\n".join(_lines((topics or "").replace("\r\n", "\n")))
    if len(title) > 200:
        raise ValidationError(_("De titel is te lang (hoogstens 200 tekens)."))
    return translation_save(
        ProgrammeItemTranslation, owner={"item": item}, language=language,
        values={"title": title, "topics": topics}, by=by, approve=approve,
    )  # fmt: skip
