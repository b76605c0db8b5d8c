"""The shipped default texts of the information sessions, as data: meetings/data/texts/<language>.json.

One file per language (read by school.translations.shipped_texts, the loader the message library
uses too), each with:

- "labels": the fixed words on a handout (headings, "When", "Where"). They travel with the texts
  rather than the gettext catalogs: a handout is printed in a language only when every word on
  it exists there (never half translated).
- "sessions": the default programme's title and topics by item key (and, in Dutch, the outline).
  A translation is used only while the school keeps the default Dutch wording (meetings.texts).
- "sections": the handout texts by section and year level ("0" = every year level), plain text
  with one line per paragraph and "- " starting a bullet. "home_tips" is kept as tagged tips
  ("by_level" and "for_all"), so tests can check each home-learning theme by its tag; the text is
  built from them, the year level's own tips first.

Dutch is the school's starting text (approved by nature); translations are installed unapproved.
"""

from pathlib import Path

from ouderbetrokkenheid.school.languages import SOURCE_LANGUAGE
from ouderbetrokkenheid.school.translations import shipped_texts

DATA_DIR = Path(__file__).resolve().parent / "data" / "texts"


def _data() -> dict[str, dict]:
    return shipped_texts(DATA_DIR)


def home_tips(by_level: dict, for_all: dict) -> dict[int, str]:
    """The home tips text per year level: bullets, the year level's own tips first."""
    return {int(level): "\n".join(f"- {tip}" for tip in (tips | for_all).values()) for level, tips in by_level.items()}


def _sections(data: dict) -> dict[str, dict[int, str]]:
    out = {}
    for section, texts in data["sections"].items():
        if section == "home_tips":
            out[section] = home_tips(texts["by_level"], texts["for_all"])
        else:
            out[section] = {int(level): text for level, text in texts.items()}
    return out


def handout_languages() -> tuple[str, ...]:
    """The languages a handout can be printed in (those with every fixed label)."""
    return tuple(_data())


def handout_labels(language: str) -> dict:
    return _data()[language]["labels"]


def handout_defaults() -> dict[str, dict[str, dict[int, str]]]:
    """{language: {section: {year_level: text}}} for every shipped handout text."""
    return {language: _sections(data) for language, data in _data().items()}


def home_tip_tags(language: str) -> dict:
    """The tagged home tips of `language`: {"by_level": {year_level: {tag: tip}}, "for_all": {tag: tip}}."""
    tips = _data()[language]["sections"]["home_tips"]
    return {"by_level": {int(k): v for k, v in tips["by_level"].items()}, "for_all": tips["for_all"]}


def session_words(key: str, language: str) -> dict | None:
    """The shipped {"title", "topics"[, "outline"]} of default session `key` in `language`, or None."""
    return _data().get(language, {}).get("sessions", {}).get(key) if key else None


def dutch_session(key: str) -> dict:
    return _data()[SOURCE_LANGUAGE]["sessions"][key]
