"""A programme item's own words (title and topics) for parents, in their language.

The school writes the title and topics in Dutch; a translation reaches parents only once a
member of staff approved it (the message library's rule: approved by whom and when). Per text
(the title is one text, the topics one), a parent gets the approved translation or else the
whole Dutch text, never a mix: a draft, a missing translation or an approved translation that
leaves a text empty gives the Dutch of that text, which pages mark lang="nl".

The three default sessions carry shipped translations (handouts.session_texts). They count as
approved while the school keeps the default Dutch wording, exactly as on the handout; a
translation the school approves itself comes first. Changing the Dutch title or topics
withdraws every approval of the item's translations (they need approving again).

Who writes and approves: whoever edits the item (leadership and the school admin of the item's
school), as in the library, where whoever may edit a text may approve its translation.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.models import TRANSLATION_LANGUAGES

from .handouts.session_texts import SESSION_TEXTS
from .models import ProgrammeItem, ProgrammeItemTranslation
from .programme import DEFAULTS

DUTCH = "nl"


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
    found = SESSION_TEXTS.get(item.key, {}).get(language)
    return (found[0], list(found[1])) if found else None


def _approved_translation(item, language):
    prefetch_related_objects([item], "translations")  # once per item instance; free when prefetched
    return next((t for t in item.translations.all() if t.language == language and t.is_approved), None)


def item_texts(item: ProgrammeItem, language: str) -> ItemTexts:
    """The approved translation in `language`, else the Dutch original, text by text."""
    dutch = ItemTexts(item.title, item.topic_list, DUTCH, DUTCH, language)
    if language == DUTCH or language not in TRANSLATION_LANGUAGES:
        return dutch
    row = _approved_translation(item, language)
    if row is not None:
        title, topics = row.title.strip(), row.topic_list
    elif shipped := shipped_translation(item, language):
        title, topics = shipped
    else:
        return dutch
    return ItemTexts(
        title=title or item.title,
        topics=topics or item.topic_list,
        title_lang=language if title else DUTCH,
        topics_lang=language if topics else DUTCH,
        language=language,
    )


# -- writing translations ---------------------------------------------------------------------------


def may_translate(staff, item) -> bool:
    return staff is not None and staff.school_id == item.school_id and (staff.is_leadership or staff.is_admin)


def _check(staff, item):
    if not may_translate(staff, item):
        raise PermissionDenied


@transaction.atomic
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
    current = ProgrammeItemTranslation.objects.select_for_update().filter(item=item, language=language).first()
    if not title and not topics:
        if approve:
            raise ValidationError(_("Er is geen vertaling om goed te keuren."))
        if current:
            current.delete()
        return None
    if current is None:
        current = ProgrammeItemTranslation.objects.create(item=item, language=language, title=title, topics=topics)
    elif (current.title, current.topics) != (title, topics):
        current.title, current.topics, current.approved_by, current.approved_at = title, topics, None, None
        current.save(update_fields=["title", "topics", "approved_by", "approved_at"])
    if approve:
        current.approved_by, current.approved_at = by, timezone.now()
        current.save(update_fields=["approved_by", "approved_at"])
    return current
