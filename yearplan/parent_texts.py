"""The titles a parent reads on "Schooljaar van mijn kinderen", in their language where possible.

Generated titles and the official names of holidays are translated (labels.display_title).
Session and round titles are the school's own words: the school's approved translation is shown
(meetings.texts / conversations.texts) while the published Dutch title is still the item's; else
the Dutch title, which the page marks lang="nl" so read-aloud and screen readers say it in Dutch.
"""

from conversations.models import Round
from conversations.texts import round_texts
from meetings.models import Session
from meetings.texts import item_texts

from .labels import GENERATED_TITLES, OFFICIAL_NAMES, display_title

DUTCH = "nl"


def _ids(events, kind):
    return {event.source[1] for event in events if event.source and event.source[0] == kind}


def parent_titles(events, language) -> dict:
    """{uid: (title, language the title is in)} for published events. At most four queries."""
    session_ids, round_ids = _ids(events, "session"), _ids(events, "round")
    sessions, rounds = {}, {}
    if language != DUTCH and session_ids:
        queryset = Session.objects.filter(pk__in=session_ids).select_related("item")
        sessions = {s.pk: s for s in queryset.prefetch_related("item__translations")}
    if language != DUTCH and round_ids:
        rounds = {r.pk: r for r in Round.objects.filter(pk__in=round_ids).prefetch_related("translations")}
    titles = {}
    for event in events:
        kind, pk = (event.source + (None, None))[:2]
        if event.title_key in GENERATED_TITLES or (kind == "period" and event.title in OFFICIAL_NAMES):
            titles[event.uid] = (display_title(event), language)
        elif kind == "session" and pk in sessions and sessions[pk].item.title == event.title:
            texts = item_texts(sessions[pk].item, language)
            titles[event.uid] = (texts.title, texts.title_lang)
        elif kind == "round" and pk in rounds and rounds[pk].title == event.title:
            texts = round_texts(rounds[pk], language)
            titles[event.uid] = (texts.title, texts.title_lang)
        else:
            titles[event.uid] = (event.title, DUTCH)
    return titles
