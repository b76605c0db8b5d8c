"""Writes: a parent's reply filed in their thread, a teacher's answer sent back, conversation
requests handled, threads closed, reads recorded.

A teacher's answer goes out through messaging as a notice (outside the weekly cap, quiet hours
respected: a notice written at 22:00 goes at 08:00) on the channel the parent last wrote on; a
reply in the portal is answered on the parent's preferred channel. By SMS the answer ends with the
numbered quick answers ("Antwoord met 1 …"); a parent's "1"–"4" is read as that quick answer.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from conversations.models import ConversationForm, Initiator, RoundKind, RoundTranslation
from conversations.one_off import one_off_offer
from messaging.services import notice_send
from ouderbetrokkenheid.school.languages import TRANSLATION_LANGUAGES
from ouderbetrokkenheid.school.models import Guardian, GuardianOf, Pupil

from . import notify, texts
from .models import (
    ConversationRequest,
    Direction,
    Post,
    QuickAnswer,
    RequestStatus,
    Thread,
    ThreadStatus,
    Via,
)

MAX_BODY = 2000
NUMBERED = {str(n): code for n, code in enumerate(QuickAnswer.values, start=1)}  # "1" -> "read", …


def _children(guardian):
    return list(Pupil.objects.filter(guardian_links__guardian=guardian, school_id=guardian.school_id))


def _open_thread(guardian, pupils) -> Thread:
    """The guardian's open thread (made when there is none), about `pupils` too."""
    Guardian.objects.select_for_update().get(pk=guardian.pk)  # two replies at once: one thread
    thread = Thread.objects.filter(guardian=guardian, status=ThreadStatus.OPEN).first()
    if thread is None:
        thread = Thread.objects.create(school_id=guardian.school_id, guardian=guardian)
    thread.pupils.add(*(pupils or _children(guardian)))
    return thread


def _pupils_of(message, guardian):
    """The children an outbox message was about (its parts' pupils), the guardian's own only."""
    if message is None:
        return []
    ids = {pk for pk in message.parts.values_list("pupil_id", flat=True) if pk}
    return list(Pupil.objects.filter(pk__in=ids, guardian_links__guardian=guardian))


def _quick(body: str, via: str) -> str:
    return NUMBERED.get(body.strip().rstrip(".")) if via != Via.PORTAL else None


@transaction.atomic
def reply_file(*, guardian, via, body="", quick_answer="", reference="", answers=None, pupils=None) -> Post | None:
    """File a parent's reply in their open thread; None if this reference was filed already
    (a provider retrying its webhook)."""
    body = (body or "").strip()[:MAX_BODY]
    quick_answer = quick_answer or _quick(body, via) or ""
    if quick_answer:
        body = ""
    if quick_answer and quick_answer not in QuickAnswer.values:
        raise ValidationError(_("Kies een van de snelle antwoorden."))
    if not body and not quick_answer:
        raise ValidationError(_("Schrijf een bericht."))
    if reference and Post.objects.filter(reference=reference).exists():
        return None
    thread = _open_thread(guardian, pupils or _pupils_of(answers, guardian))
    now = timezone.now()
    try:
        with transaction.atomic():
            post = Post.objects.create(thread=thread, direction=Direction.FROM_PARENT, via=via, body=body,
                                       quick_answer=quick_answer, reference=reference, answers=answers,
                                       created_at=now)  # fmt: skip
    except IntegrityError:  # the same webhook twice at once
        return None
    Thread.objects.filter(pk=thread.pk).update(last_post_at=now)
    if quick_answer == QuickAnswer.CONVERSATION:
        pupil = (pupils or _pupils_of(answers, guardian) or _children(guardian) or [None])[0]
        if pupil is not None:
            ConversationRequest.objects.create(thread=thread, pupil=pupil, initiated_by=Initiator.PARENT)
    transaction.on_commit(lambda: notify.at_once(post_id=post.pk))
    return post


@transaction.atomic
def request_create(*, guardian, pupil, topic="", times="", form="") -> ConversationRequest:
    """The portal's "ask for a conversation": a quick answer in the thread and the request."""
    if not GuardianOf.objects.filter(guardian=guardian, pupil=pupil).exists():
        raise ValidationError(_("Kies een van uw kinderen."))
    if form and form not in ConversationForm.values:
        raise ValidationError(_("Kies hoe u wilt praten."))
    post = reply_file(guardian=guardian, via=Via.PORTAL, quick_answer=QuickAnswer.CONVERSATION, pupils=[pupil])
    request = post.thread.requests.filter(status=RequestStatus.OPEN).order_by("-pk").first()
    request.pupil, request.topic, request.times, request.form = pupil, topic.strip()[:2000], times.strip()[:300], form
    request.save(update_fields=["pupil", "topic", "times", "form"])
    return request


def _last_via(thread) -> str:
    last = thread.posts.filter(direction=Direction.FROM_PARENT).order_by("-created_at", "-pk").first()
    return last.via if last else Via.PORTAL


def _send(post, *, link_text=None):
    """The answer to the parent as a notice, in their language, on the channel they used."""
    thread, via = post.thread, post.via
    channel = "" if via == Via.PORTAL else via
    (message,) = notice_send(
        guardians=[thread.guardian],
        source=f"threads.post:{post.pk}",
        subject=texts.subject(thread.guardian),
        text_for=lambda g: texts.answer_text(post=post, guardian=g, channel=channel, extra=link_text),
        channel=channel,
    ) or (None,)
    if message is not None:
        Post.objects.filter(pk=post.pk).update(outbox=message)
        post.outbox = message
    return post


def _locked_open(thread, by) -> Thread:
    from .selectors import threads_visible_to

    if not threads_visible_to(by.user).filter(pk=thread.pk).exists():
        raise ValidationError(_("U mag in dit gesprek niet schrijven."))
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not thread.is_open:
        raise ValidationError(_("Dit gesprek is gesloten."))
    return thread


@transaction.atomic
def answer_send(*, thread, by, body, link_text=None, body_for_parent="") -> Post:
    """A teacher's answer in the thread, sent to the parent on the channel they used."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Schrijf een antwoord."))
    if len(body) > MAX_BODY:
        raise ValidationError(_("Uw antwoord is te lang (hoogstens %(max)d tekens).") % {"max": MAX_BODY})
    thread = _locked_open(thread, by)
    now = timezone.now()
    post = Post.objects.create(thread=thread, direction=Direction.FROM_SCHOOL, via=_last_via(thread), author=by,
                               body=body, body_for_parent=body_for_parent, created_at=now)  # fmt: skip
    Thread.objects.filter(pk=thread.pk).update(last_post_at=now)
    return _send(post, link_text=link_text)


def _locked_request(request, by):
    _locked_open(request.thread, by)
    request = (
        ConversationRequest.objects.select_for_update().select_related("thread__guardian", "pupil").get(pk=request.pk)
    )
    if request.status != RequestStatus.OPEN:
        raise ValidationError(_("Dit verzoek is al afgehandeld."))
    return request


@transaction.atomic
def request_accept(*, request, by, starts_at, minutes=15, form="", other_time=False) -> ConversationRequest:
    """Accept a conversation request (or propose another time): a one-off appointment through the
    booking rules, proposed to the parent who asked; they confirm it on their bookings page and then
    get the invitation and the reminder. The thread tells them."""
    request = _locked_request(request, by)
    form = form or request.form or ConversationForm.AT_SCHOOL
    if form not in ConversationForm.values:
        raise ValidationError(_("Kies een gespreksvorm."))
    booking = one_off_offer(
        pupil=request.pupil, by=by, starts_at=starts_at, guardians=[request.thread.guardian], minutes=minutes,
        form=form, kind=RoundKind.AD_HOC, title=_("Gesprek op uw verzoek"), goal=request.topic,
        initiated_by=request.initiated_by,
    )  # fmt: skip
    _title_translations(booking.round)
    request.status = RequestStatus.OTHER_TIME if other_time else RequestStatus.ACCEPTED
    request.booking, request.handled_at, request.handled_by = booking, timezone.now(), by
    request.save(update_fields=["status", "booking", "handled_at", "handled_by"])
    with translation.override("nl"):
        body = texts.offer_text(booking=booking, other_time=other_time)
    guardian = request.thread.guardian
    answer_send(thread=request.thread, by=by, body=body,
                body_for_parent=texts.offer_text(booking=booking, other_time=other_time, guardian=guardian),
                link_text=lambda g: texts.offer_text(booking=booking, other_time=other_time, guardian=g))  # fmt: skip
    return request


@transaction.atomic
def conversation_start(*, thread, by, pupil, initiated_by, starts_at, minutes=15, form="") -> ConversationRequest:
    """A conversation the teacher or the pupil started (the conversation card's optional second
    development conversation may be started by either): recorded as a request of theirs and
    offered to the parent at once, like an accepted request."""
    if initiated_by not in (Initiator.TEACHER, Initiator.PUPIL):
        raise ValidationError(_("Kies wie het gesprek wil."))
    if not thread.pupils.filter(pk=pupil.pk).exists():
        raise ValidationError(_("Kies een kind uit dit gesprek."))
    _locked_open(thread, by)
    request = ConversationRequest.objects.create(thread=thread, pupil=pupil, initiated_by=initiated_by, form=form)
    return request_accept(request=request, by=by, starts_at=starts_at, minutes=minutes, form=form)


def _title_translations(round):
    """The one-off round's title is the app's own words: parents read it in their language."""
    now = timezone.now()
    rows = []
    for language in TRANSLATION_LANGUAGES:
        with translation.override(language):
            rows.append(RoundTranslation(round=round, language=language, title=_("Gesprek op uw verzoek"),
                                         approved_at=now))  # fmt: skip
    RoundTranslation.objects.bulk_create(rows)


@transaction.atomic
def request_answer(*, request, by, body) -> ConversationRequest:
    """Answer a request without an appointment (e.g. "I will phone you on Tuesday")."""
    request = _locked_request(request, by)
    answer_send(thread=request.thread, by=by, body=body)
    request.status, request.handled_at, request.handled_by = RequestStatus.ANSWERED, timezone.now(), by
    request.save(update_fields=["status", "handled_at", "handled_by"])
    return request


@transaction.atomic
def thread_close(*, thread, by) -> Thread:
    thread = _locked_open(thread, by)
    thread.status, thread.closed_at, thread.closed_by = ThreadStatus.CLOSED, timezone.now(), by
    thread.save(update_fields=["status", "closed_at", "closed_by"])
    return thread


def reads_record(*, thread, direction) -> int:
    """Mark the posts of `direction` read (the other side opened the thread); returns how many."""
    return Post.objects.filter(thread=thread, direction=direction, read_at__isnull=True).update(read_at=timezone.now())


def minutes_choices():
    return [(15, "15"), (30, "30"), (45, "45"), (60, "60")]


def parse_start(day: datetime.date, time: datetime.time) -> datetime.datetime:
    from ouderbetrokkenheid.school.clock import at_local

    return at_local(day, time)
