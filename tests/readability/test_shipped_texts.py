"""Every Dutch text the app ships for parents passes the plain-Dutch (B1) check.

Covered: the parent-facing msgids of the catalogs (the i18n guard's notion of "parent-facing"),
the message library (messaging/library/data/nl.json), the handout texts (meetings/handouts), the
default programme's titles and topics (they appear in every session invitation) and the default
conversation goals (they appear in conversation invitations).

Also the invitations as they are sent (meetings and conversations, every optional line filled).
A text that fails is rewritten shorter and plainer. EXCEPTIONS would hold the few that may not be
rewritten, each with its reason (an exception that passes again must leave it: the last test); it
is empty: every shipped text passes or was rewritten.
"""

import datetime

import pytest

from conversations.invitations import invitation_text as round_invitation
from conversations.models import ConversationForm, RoundKind
from conversations.rounds import round_create
from meetings.handouts.defaults import DEFAULTS
from meetings.invitations import invitation_text as session_invitation
from meetings.programme import DEFAULTS as PROGRAMME_DEFAULTS
from messaging.library.shipped import shipped_entries
from ouderbetrokkenheid.readability import HEADINGS, check
from tests.conversations.test_rounds_support import DAY
from tests.i18n.test_parent_pages_translated import parent_entries
from tests.meetings.test_attendance import make_session

# text → why it may stay as it is. Empty now: every shipped parent text passes.
EXCEPTIONS: dict[str, str] = {}


def catalog_texts():
    for entry in parent_entries("en"):
        yield entry["msgid"]
        if entry["msgid_plural"]:
            yield entry["msgid_plural"]


def library_texts():
    return [(entry.key, entry.texts["nl"]) for entry in shipped_entries()]


def handout_texts():
    return [
        (f"{section}-{level}", text) for section, by_level in DEFAULTS["nl"].items() for level, text in by_level.items()
    ]


def programme_texts():
    return [
        (f"{item.key}-{field}", getattr(item, field))
        for item in PROGRAMME_DEFAULTS
        for field in ("title", "topics", "outline")
    ]


# Goals the app writes into a conversation invitation by itself (conversations/intake.py, records.py).
CONVERSATION_GOALS = ["Kennismaken met u en uw kind.", "Vervolg op het vorige gesprek."]


def failures(texts):
    return [(text, check(text).problems) for text in texts if text not in EXCEPTIONS and not check(text).ok]


def test_every_parent_facing_catalog_text_is_plain_dutch():
    texts = list(catalog_texts())
    assert len(texts) > 250, "the parent-facing msgids were not found"
    where = {e["msgid"]: sorted(set(e["refs"])) for e in parent_entries("en")}
    found = [(text, problems, where.get(text)) for text, problems in failures(texts)]
    assert not found, "rewrite these parent texts shorter and plainer:\n" + "\n".join(map(repr, found))


@pytest.mark.parametrize(("key", "text"), library_texts(), ids=lambda value: value if "-" in str(value) else "")
def test_every_library_text_is_plain_dutch(key, text):
    result = check(text)
    assert result.ok, result.problems


def test_the_library_is_all_there():
    assert len(library_texts()) >= 304


@pytest.mark.parametrize(("key", "text"), handout_texts(), ids=[key for key, _ in handout_texts()])
def test_every_handout_text_is_plain_dutch(key, text):
    result = check(text)
    assert result.ok, result.problems


def test_default_invitation_texts_are_plain_dutch():
    """Titles and goals as text; the topics as what they are, a list of short headings (no score)."""
    texts = [text for key, text in programme_texts() if not key.endswith("-topics")] + CONVERSATION_GOALS
    assert not failures(texts)
    for item in PROGRAMME_DEFAULTS:
        result = check(item.topics, HEADINGS)
        assert result.ok and result.score is None, (item.key, result.problems)


# The invitations as a Dutch parent receives them, with every optional line (childcare, interpreter,
# pupils welcome, all conversation forms).
LINK = "https://school.example/u/abc123"


@pytest.mark.parametrize(
    "key",
    [
        "milestones",
        "work_attitude",
        "school_system",
    ],
)
def test_session_invitation_as_sent_is_plain_dutch(world, key):
    session = make_session(world.year_a, key)
    session.childcare, session.interpreter_languages = True, ["ar", "tr"]
    text = session_invitation(session=session, guardian=world.anna, pupils=[world.pim], link=LINK)
    result = check(text)
    assert result.ok, (result.problems, text)


@pytest.mark.parametrize("kind", RoundKind.values)
def test_round_invitation_as_sent_is_plain_dutch(world, kind):
    round = round_create(school_year=world.year_a, kind=kind, title=str(RoundKind(kind).label), year_levels=[3, 8],
                         first_day=DAY, last_day=DAY + datetime.timedelta(days=4),
                         forms=list(ConversationForm.values), goal=CONVERSATION_GOALS[0])  # fmt: skip
    world.pim.round_year_level = 8  # shows the "may come along" line too
    text = round_invitation(round=round, guardian=world.anna, pupils=[world.pim], link=LINK)
    result = check(text)
    assert result.ok, (result.problems, text)


def test_every_exception_still_fails_and_is_a_shipped_text():
    """An exception that passes again, or that no longer ships, must leave the list."""
    shipped = set(catalog_texts()) | {text for _, text in programme_texts()}
    for text, reason in EXCEPTIONS.items():
        assert reason
        assert text in shipped, f"no longer shipped: {text!r}"
        assert not check(text).ok, f"passes now, remove the exception: {text!r}"
