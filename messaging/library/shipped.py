"""The starting library shipped in data/: nl.json holds each entry's kind, year level,
month (null = any month), theme, summer_reading flag, topics and Dutch text; the other files
map the same keys to their translation.

`topics` tags what an entry is about, for the home-learning themes every year level must
carry (tests/readability/test_home_learning.py): home_language, multilingual_books,
theme_in_advance, reading_together, reading_aloud, number_letter_games, library_visit,
talk_about_school, no_pressure, homework (help without taking it over)."""

import functools
from dataclasses import dataclass, field
from pathlib import Path

from ouderbetrokkenheid.school.languages import LANGUAGE_CODES, TRANSLATION_LANGUAGES
from ouderbetrokkenheid.school.translations import shipped_texts

DATA_DIR = Path(__file__).resolve().parent / "data"
TRANSLATIONS = TRANSLATION_LANGUAGES
LANGUAGES = LANGUAGE_CODES


@dataclass(frozen=True)
class ShippedEntry:
    key: str
    kind: str
    year_level: int
    month: int | None
    theme: str = ""
    summer_reading: bool = False
    topics: tuple = ()
    texts: dict = field(default_factory=dict)


def _read(language):
    return shipped_texts(DATA_DIR)[language]


@functools.cache
def shipped_entries() -> tuple[ShippedEntry, ...]:
    dutch = _read("nl")
    translations = {language: _read(language) for language in TRANSLATIONS}
    return tuple(
        ShippedEntry(
            key=key,
            kind=meta["kind"],
            year_level=meta["year_level"],
            month=meta.get("month"),
            theme=meta.get("theme", ""),
            summer_reading=meta.get("summer_reading", False),
            topics=tuple(meta.get("topics", ())),
            texts={"nl": meta["text"]} | {lang: texts[key] for lang, texts in translations.items() if key in texts},
        )
        for key, meta in dutch.items()
    )
