"""What goes on a handout, in which language: one language for every word, or Dutch.

A handout is in the requested language only if every part exists there: an approved text for
each section, the fixed labels, and the session's title and topics (meetings.texts: an approved
translation, or the shipped one while the school keeps the default programme's wording).
Otherwise the whole handout is Dutch (school.translations.translated_whole: the one fallback).
Missing Dutch texts fall back to the shipped defaults, so a handout renders before installing.
"""

from dataclasses import dataclass, field

from django.utils import formats, timezone, translation

from ouderbetrokkenheid.school.languages import SOURCE_LANGUAGE, text_direction
from ouderbetrokkenheid.school.translations import approved_in, translated_whole

from ..models import HandoutText
from ..shipped import handout_labels, handout_languages
from ..texts import item_texts
from .defaults import PER_YEAR_LEVEL, SECTIONS_BY_KEY, default_text


@dataclass
class Section:
    key: str
    heading: str
    blocks: list = field(default_factory=list)  # ("p", text) or ("ul", [items])


@dataclass
class Handout:
    language: str
    dir: str  # "rtl" or "ltr" (school.languages)
    school: str
    title: str
    group: str
    when: str
    where: str
    topics: list
    sections: list
    labels: dict


def blocks(text):
    """Lines to paragraphs and bullet lists ("- " starts a bullet)."""
    out = []
    for line in filter(None, (raw.strip() for raw in text.splitlines())):
        if line.startswith("- "):
            if not out or out[-1][0] != "ul":
                out.append(("ul", []))
            out[-1][1].append(line[2:].strip())
        else:
            out.append(("p", line))
    return out


def _session_words(item, language):
    """(title, topics) in `language`, or None when there is no approved translation of both
    (the school's own approved one, or the shipped one while the default wording is unchanged)."""
    if language == SOURCE_LANGUAGE:
        return item.title, item.topic_list
    words = item_texts(item, language)
    return None if words.title_is_dutch or words.topics_are_dutch else (words.title, words.topics)


def _sections(session, year_level, language):
    """{section: (its Dutch text, its approved translation in `language` or None)} for the
    session's sections. Per section, the year level's own approved row comes before the one for
    all year levels (year level 0); Dutch falls back to the shipped default."""
    sections = SECTIONS_BY_KEY.get(session.item.key, ())
    rows = list(
        HandoutText.objects.filter(
            school_id=session.item.school_id,
            section__in=sections,
            year_level__in={0, year_level},
            language__in={SOURCE_LANGUAGE, language},
        ).order_by("-year_level")
    )
    parts = {}
    for section in sections:
        own = [row for row in rows if row.section == section]
        dutch = approved_in(own, SOURCE_LANGUAGE)
        translation = approved_in(own, language) if language != SOURCE_LANGUAGE else None
        level = year_level if section in PER_YEAR_LEVEL else 0
        parts[section] = (
            dutch.text if dutch else default_text(section, level) or "",
            translation.text if translation else None,
        )
    return parts


def handout_content(*, session, year_level: int, language: str) -> Handout:
    parts = _sections(session, year_level, language)
    words = _session_words(session.item, language) if language in handout_languages() else None
    parts["words"] = (_session_words(session.item, SOURCE_LANGUAGE), words)
    language, texts = translated_whole(parts, language)
    words = texts.pop("words")
    labels = handout_labels(language)
    with translation.override(language):
        when = formats.date_format(timezone.localtime(session.starts_at), "l j F Y, H:i")
    return Handout(
        language=language,
        dir=text_direction(language),
        school=session.item.school.name,
        title=words[0],
        group=labels["group"] % {"level": year_level},
        when=when,
        where=session.location,
        topics=list(words[1]),
        sections=[Section(section, labels[section], blocks(text)) for section, text in texts.items()],
        labels=labels,
    )
