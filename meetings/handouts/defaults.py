"""The shipped default handout texts (meetings/data/texts, read by meetings.shipped): Dutch
(approved by definition) and translations (installed unapproved)."""

from ..shipped import handout_defaults

DEFAULTS = handout_defaults()

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
