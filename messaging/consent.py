"""Consent per guardian and topic: stop and start, SMS keywords, signed unsubscribe links.

No Subscription row means subscribed. Engagement topics (progress, tip, encouragement)
and reminders are separate; notices (urgent changes) always go and have no topic.

SMS keywords (case- and accent-insensitive, from any of the guardians with that mobile
number), in every language the app speaks (`WORDS`; STOP and START work everywhere):
- STOP or STOP TIPS (en STOP, tr DUR, pl STOP, uk СТОП, ar توقف): stops the engagement
  topics only. Under the ACM's rules a STOP must end promotional-like messages; reminders
  about the child's own appointments are service messages the parent needs, so they keep coming.
- STOP ALLES (en STOP ALL, tr DUR HEPSİ, pl STOP WSZYSTKO, uk СТОП ВСЕ, ar توقف الكل):
  stops reminders too.
- START (tr BAŞLA, uk СТАРТ, ar ابدأ): everything back on.
The SMS footer names the word in the guardian's language (`words_for`).
Stopping also cancels the guardian's pending messages of those topics.

An unsubscribe link is a `django.core.signing` token for one guardian and one topic that
also carries the topic's current state: using it changes that state, so it works once.
"""

import unicodedata

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ouderbetrokkenheid.school.models import Guardian

from .models import CancelReason, Message, Purpose, Status, Subscription, Topic

ENGAGEMENT_TOPICS = (Topic.PROGRESS, Topic.TIP, Topic.ENCOURAGEMENT)
ALL_TOPICS = (*ENGAGEMENT_TOPICS, Topic.REMINDER)
# Per language: (stop engagement, stop everything, start), as the footer names them.
WORDS = {
    "nl": ("STOP", "STOP ALLES", "START"),
    "en": ("STOP", "STOP ALL", "START"),
    "tr": ("DUR", "DUR HEPSİ", "BAŞLA"),
    "pl": ("STOP", "STOP WSZYSTKO", "START"),
    "uk": ("СТОП", "СТОП ВСЕ", "СТАРТ"),
    "ar": ("توقف", "توقف الكل", "ابدأ"),
}
EXTRA_WORDS = {"STOP TIPS": "stop", "STOP ALL": "all", "STOP ALLES": "all", "STOPP": "stop"}


def normalise(body: str) -> str:
    """Case, accents and spacing do not matter: "dur hepsi", "DUR HEPSİ" and "Dur  Hepsi" match."""
    text = unicodedata.normalize("NFKD", " ".join((body or "").split()).casefold())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("\u0131", "i")  # Turkish dotless ı


def words_for(language: str) -> dict:
    """The keywords a guardian reading `language` is told to send."""
    stop, stop_all, start = WORDS.get(language, WORDS["nl"])
    return {"stop": stop, "stop_all": stop_all, "start": start}


def _keywords():
    actions = {"stop": ("stop", ENGAGEMENT_TOPICS), "all": ("stop", ALL_TOPICS), "start": ("start", ALL_TOPICS)}
    keywords = {normalise(word): actions[name] for word, name in EXTRA_WORDS.items()}
    for stop, stop_all, start in WORDS.values():
        keywords.update({normalise(stop): actions["stop"], normalise(stop_all): actions["all"]})
        keywords[normalise(start)] = actions["start"]
    return keywords


KEYWORDS = _keywords()  # normalised keyword -> (verb, topics)
TOKEN_SALT = "messaging.unsubscribe"
# An unsubscribe link lives 90 days. Every e-mail carries a fresh one, so a link only has to outlast
# the time a parent may still act on a mail they received: the longest school holiday (the summer,
# six to seven weeks, when the reading programme still writes) with a month to spare. After that
# the portal's preferences and the SMS words (STOP) still stop everything; a link that lived a year
# would let anyone holding an old forwarded mail change a family's settings for that long.
TOKEN_MAX_AGE = 60 * 60 * 24 * 90


class InvalidToken(Exception):
    """The link is forged, expired or already used."""


def topic_of(message) -> str | None:
    if message.purpose == Purpose.ENGAGEMENT:
        return message.kind
    return Topic.REMINDER if message.purpose == Purpose.REMINDER else None


def is_subscribed(guardian, topic) -> bool:
    return not Subscription.objects.filter(guardian=guardian, topic=topic, active=False).exists()


def _pending_of(guardian_ids, topics):
    kinds = [t for t in topics if t != Topic.REMINDER]
    of_topics = Message.objects.filter(purpose=Purpose.ENGAGEMENT, kind__in=kinds)
    if Topic.REMINDER in topics:
        of_topics = of_topics | Message.objects.filter(purpose=Purpose.REMINDER)
    return of_topics.filter(guardian_id__in=guardian_ids, status=Status.PENDING)


def _set(guardian_ids, topics, *, active, via):
    now = timezone.now()
    for guardian_id in guardian_ids:
        for topic in topics:
            Subscription.objects.update_or_create(
                guardian_id=guardian_id, topic=topic, defaults={"active": active, "changed_at": now, "changed_via": via}
            )


@transaction.atomic
def topics_stop(*, guardians, topics, via: str) -> int:
    """Stop `topics` for `guardians`; returns the number of pending messages cancelled."""
    ids = [g.pk for g in guardians]
    _set(ids, topics, active=False, via=via)
    return _pending_of(ids, topics).update(status=Status.CANCELLED, cancel_reason=CancelReason.OPTED_OUT)


@transaction.atomic
def topics_start(*, guardians, topics, via: str) -> None:
    _set([g.pk for g in guardians], topics, active=True, via=via)


def sms_keyword(*, number: str, body: str):
    """Apply an inbound SMS keyword; returns (action, topics, guardians) or None if not a keyword."""
    action = KEYWORDS.get(normalise(body))
    number = (number or "").removeprefix("whatsapp:")
    guardians = list(Guardian.objects.filter(mobile=number)) if number else []
    if action is None or not guardians:
        return None
    verb, topics = action
    change = topics_stop if verb == "stop" else topics_start
    change(guardians=guardians, topics=topics, via="sms")
    return verb, topics, guardians


def _state(guardian_id, topic) -> str:
    row = Subscription.objects.filter(guardian_id=guardian_id, topic=topic).first()
    return row.changed_at.isoformat() if row else ""


def consent_of(guardian_ids) -> tuple[dict, set]:
    """For many guardians in one query: ({(guardian pk, topic): the token state, see `_state`;
    absent means ""}, {(guardian pk, topic) stopped})."""
    rows = Subscription.objects.filter(guardian_id__in=guardian_ids)
    states, stopped = {}, set()
    for guardian_id, topic, active, changed_at in rows.values_list("guardian_id", "topic", "active", "changed_at"):
        states[guardian_id, topic] = changed_at.isoformat()
        if not active:
            stopped.add((guardian_id, topic))
    return states, stopped


def unsubscribe_token(*, guardian, topic, state=None) -> str:
    """`state`: the topic's current state if the caller read it already (`consent_of`)."""
    payload = {"g": guardian.pk, "t": topic, "v": _state(guardian.pk, topic) if state is None else state}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def unsubscribe_url(*, guardian, topic, state=None) -> str:
    token = unsubscribe_token(guardian=guardian, topic=topic, state=state)
    return reverse("messaging:unsubscribe", kwargs={"token": token})


def unsubscribe_check(token: str):
    """(guardian, topic) for a valid, unused token; raises InvalidToken otherwise."""
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        guardian = Guardian.objects.get(pk=payload["g"])
        topic = Topic(payload["t"])
    except (signing.BadSignature, Guardian.DoesNotExist, KeyError, ValueError, TypeError):
        raise InvalidToken from None
    if payload.get("v") != _state(guardian.pk, topic) or not is_subscribed(guardian, topic):
        raise InvalidToken
    return guardian, topic


@transaction.atomic
def unsubscribe_confirm(*, token: str):
    """Stop the token's topic for its guardian; raises InvalidToken (also on a second use)."""
    guardian, topic = unsubscribe_check(token)
    Guardian.objects.select_for_update().get(pk=guardian.pk)  # two clicks at once: one wins
    guardian, topic = unsubscribe_check(token)
    topics_stop(guardians=[guardian], topics=[topic], via="email-link")
    return guardian, topic


@transaction.atomic
def preferences_update(*, guardian, active_topics, channel: str) -> None:
    """The portal form: which topics are on, and the preferred channel."""
    on = [t for t in ALL_TOPICS if t in active_topics]
    off = [t for t in ALL_TOPICS if t not in active_topics]
    changed_off = [t for t in off if is_subscribed(guardian, t)]
    changed_on = [t for t in on if not is_subscribed(guardian, t)]
    if changed_off:
        topics_stop(guardians=[guardian], topics=changed_off, via="portal")
    if changed_on:
        topics_start(guardians=[guardian], topics=changed_on, via="portal")
    if channel != guardian.channel:
        guardian.channel = channel
        guardian.save(update_fields=["channel"])
