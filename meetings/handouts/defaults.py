"""The shipped default handout texts: Dutch (approved by definition) and translations (unapproved)."""

from . import texts_ar, texts_en, texts_nl, texts_pl, texts_tr, texts_uk

DEFAULTS = {
    "nl": texts_nl.TEXTS,
    "en": texts_en.TEXTS,
    "ar": texts_ar.TEXTS,
    "tr": texts_tr.TEXTS,
    "pl": texts_pl.TEXTS,
    "uk": texts_uk.TEXTS,
}

# Which sections a session's handout holds, by the programme item's key; year-level sections
# are per year level, the others are one text for all (year_level 0).
SECTIONS_BY_KEY = {
    "milestones": ("reading", "maths", "home_tips"),
    "work_attitude": ("work_attitude",),
    "school_system": ("school_system", "advice_timeline"),
}
PER_YEAR_LEVEL = {"reading", "maths", "home_tips"}


def default_rows():
    """(section, year_level, language, text) for every shipped text."""
    for language, sections in DEFAULTS.items():
        for section, by_level in sections.items():
            for year_level, text in by_level.items():
                yield section, year_level, language, text


def default_text(section, year_level, language="nl"):
    return DEFAULTS.get(language, {}).get(section, {}).get(year_level)
