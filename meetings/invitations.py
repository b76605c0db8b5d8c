"""Invitations to a session, the RSVP, and what invited guardians hear when a session changes.

Every message goes through messaging.services: the invitation as a notice (at once, outside
the weekly cap), reminders a week and a day before (merged per guardian per day). Reminder
sources are per guardian, so one guardian's "I am not coming" cancels only their reminders.

The RSVP link carries a random token; only its SHA-256 is stored (`Invitation.token_hash`).
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from messaging.models import Purpose
from messaging.services import PartSpec, channels_for, message_cancel, message_parts_add, notice_send
from ouderbetrokkenheid.school.clock import at_local, local_day
from ouderbetrokkenheid.school.dates import day_month
from ouderbetrokkenheid.school.interventions import Intervention, delayed_guardian_ids
from ouderbetrokkenheid.school.languages import language_name

from .audience import audience_day, session_audience
from .models import Invitation, Response, Session
from .notice import refuse_late_invitation
from .priority import priority_reasons
from .texts import item_texts

REMINDERS = ((7, "reminder7"), (1, "reminder1"))
REMINDER_TIME = datetime.time(10, 0)
QUESTION_MAX_LENGTH = 500
CHILDCARE_MAX = 10


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_source(session) -> str:
    return f"meetings.session:{session.pk}:invite"


def reminder_source(session, name, guardian) -> str:
    return f"meetings.session:{session.pk}:{name}:{guardian.pk}"


def site_url(base_url=None) -> str:
    return (base_url or getattr(settings, "SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def rsvp_url(token, base_url=None) -> str:
    return site_url(base_url) + reverse("meetings:rsvp", kwargs={"token": token})


def portal_url(base_url=None) -> str:
    return site_url(base_url) + reverse("meetings:my_invitations")


# -- texts (rendered in the guardian's language) ----------------------------------------------------


def _when(session):
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    return {"day": day_month(start), "start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}


def _words(session, guardian):
    """The item's title and topics in the guardian's language (approved), else in Dutch."""
    return item_texts(session.item, guardian.page_language)


def invitation_text(*, session, guardian, pupils, link) -> str:
    words = _words(session, guardian)
    with translation.override(guardian.page_language):
        lines = [
            _("Uitnodiging: %(title)s") % {"title": words.title},
            _("Voor de ouders van %(children)s.") % {"children": ", ".join(p.first_name for p in pupils)},
            _("Wanneer: %(day)s, %(start)s–%(end)s uur") % _when(session),
        ]
        if session.location:
            lines.append(_("Waar: %(place)s") % {"place": session.location})
        lines.append(_("Onderwerpen:"))  # one topic per line: short lines read more easily
        lines.extend(f"- {topic}" for topic in words.topics)
        if session.childcare:
            lines.append(_("Er is kinderopvang."))
        if session.interpreter_languages:
            names = ", ".join(language_name(code) for code in session.interpreter_languages)
            lines.append(_("Er is een tolk voor: %(languages)s.") % {"languages": names})
        if session.item.pupils_welcome:
            lines.append(_("Uw kind mag mee."))
        lines.append(_("Komt u? Zeg het hier: %(link)s") % {"link": link})
        return "\n".join(lines)


def invitation_subject(session, guardian) -> str:
    title = _words(session, guardian).title
    with translation.override(guardian.page_language):
        return _("Uitnodiging: %(title)s") % {"title": title}


def change_subject(session, guardian) -> str:
    """A change to a session the guardian was invited to: not a new invitation."""
    title = _words(session, guardian).title
    with translation.override(guardian.page_language):
        return _("Gewijzigd: %(what)s") % {"what": title}


def cancel_subject(session, guardian) -> str:
    title = _words(session, guardian).title
    with translation.override(guardian.page_language):
        return _("Gaat niet door: %(what)s") % {"what": title}


def reminder_text(*, session, guardian, link) -> str:
    with translation.override(guardian.page_language):
        text = _("Herinnering: %(title)s op %(day)s om %(start)s uur.") % {
            "title": _words(session, guardian).title,
            **_when(session),
        }
        if session.location:
            text += " " + _("Waar: %(place)s") % {"place": session.location}
        return text + "\n" + _("Komt u niet? Zeg het hier: %(link)s") % {"link": link}


def change_text(*, session, guardian, link) -> str:
    with translation.override(guardian.page_language):
        text = _("Gewijzigd: %(title)s is nu op %(day)s om %(start)s uur.") % {
            "title": _words(session, guardian).title,
            **_when(session),
        }
        if session.location:
            text += " " + _("Waar: %(place)s") % {"place": session.location}
        return text + "\n" + _("Kijk hier: %(link)s") % {"link": link}


def cancel_text(*, session, guardian) -> str:
    with translation.override(guardian.page_language):
        return _("Gaat niet door: %(title)s op %(day)s om %(start)s uur. Excuses voor het ongemak.") % {
            "title": _words(session, guardian).title,
            **_when(session),
        }


def _by_language(guardians):
    groups = {}
    for guardian in guardians:
        groups.setdefault(guardian.page_language, []).append(guardian)
    return groups.values()


def _notice(*, guardians, source, text_for, subject_for, valid_until=None):
    """notice_send per language, so each subject is in the guardian's language; `valid_until`:
    past this moment (the session starts) the notice is not sent any more."""
    sent = []
    for group in _by_language(g for g in guardians if channels_for(g)):
        sent += notice_send(
            guardians=group, source=source, text_for=text_for, subject=subject_for(group[0]), valid_until=valid_until
        )
    return sent


# -- reminders ------------------------------------------------------------------------------------


def reminders_schedule(*, session, guardians, link_for) -> int:
    """Reminders a week and a day before, for the reachable guardians; past moments are skipped.
    Each moment's reminders are written in one outbox write (each guardian's own source)."""
    day, now, count = local_day(session.starts_at), timezone.now(), 0
    reachable = [guardian for guardian in guardians if channels_for(guardian)]
    for days, name in REMINDERS:
        when = at_local(day - datetime.timedelta(days=days), REMINDER_TIME)
        if when <= now or not reachable:
            continue
        specs = [
            PartSpec(
                guardian,
                Purpose.REMINDER,
                reminder_source(session, name, guardian),
                reminder_text(session=session, guardian=guardian, link=link_for(guardian)),
                when,
                subject=invitation_subject(session, guardian),
                valid_until=session.starts_at,
            )
            for guardian in reachable
        ]
        count += sum(message is not None for message in message_parts_add(parts=specs))
    return count


def reminders_cancel(*, session, guardians) -> None:
    for guardian in guardians:
        for _days, name in REMINDERS:
            message_cancel(source=reminder_source(session, name, guardian))


# -- sending --------------------------------------------------------------------------------------


@dataclass
class SendResult:
    session: Session
    invited: list = field(default_factory=list)  # the new invitations
    already_invited: int = 0
    unreachable: list = field(default_factory=list)  # new invitations without e-mail or mobile
    messages: int = 0
    delayed: int = 0  # guardians of an extra session's audience on an evaluation's wait-list


def interpreter_need(guardian) -> str:
    """The language the guardian needs an interpreter in ("" for none): it travels with every
    invitation, and the guardian can change it when answering."""
    language = (guardian.language or "").strip().lower()
    return language if guardian.needs_interpreter and language and language != "nl" else ""


def _new_invitation(session, guardian, pupils, now):
    token = secrets.token_urlsafe(24)
    invitation = Invitation(
        session=session,
        guardian=guardian,
        token_hash=token_hash(token),
        priority_reasons=priority_reasons(guardian=guardian, pupils=pupils),
        invited_at=now,
        interpreter_language=interpreter_need(guardian),
    )
    return invitation, token


def _link_pupils(invitations, audience_by_guardian):
    through = Invitation.pupils.through
    through.objects.bulk_create(
        [
            through(invitation_id=inv.pk, pupil_id=pupil.pk)
            for inv in invitations
            for pupil in audience_by_guardian[inv.guardian_id]
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def invitations_send(*, session: Session, by=None, base_url: str | None = None, day=None) -> SendResult:
    """Invite every guardian of the session's audience who is not invited yet (idempotent).

    Refused less than INVITE_DAYS_AHEAD days before the session (a later change to a session
    already invited reaches the invited guardians as a change notice, see `session_update`).
    The invitation goes out at once in the guardian's language; reminders follow a week and a
    day before. Guardians without e-mail or mobile get an invitation row too (for the
    follow-up list) but no message. `by` is the member of staff who sent them (for the record)."""
    session = Session.objects.select_for_update().select_related("item", "school_year").get(pk=session.pk)
    refuse_late_invitation(session)
    now = timezone.now()
    audience = session_audience(session=session, day=day or audience_day(session.school_year))
    delayed = []
    if session.is_extra:  # guardians who start later (an evaluation's lottery) are not invited to it
        waiting = delayed_guardian_ids(
            session.school_year.school_id, Intervention.EXTRA_SESSION, timezone.localdate(session.starts_at)
        )
        delayed = [g for g in audience if g.pk in waiting]
        audience = {g: pupils for g, pupils in audience.items() if g.pk not in waiting}
    by_guardian = {guardian.pk: pupils for guardian, pupils in audience.items()}
    existing = list(Invitation.objects.filter(session=session))
    known = {inv.guardian_id for inv in existing}
    new, tokens = [], {}
    for guardian, pupils in audience.items():
        if guardian.pk not in known:
            invitation, tokens[guardian.pk] = _new_invitation(session, guardian, pupils, now)
            new.append(invitation)
    Invitation.objects.bulk_create(new)
    _link_pupils(new + [inv for inv in existing if inv.guardian_id in by_guardian], by_guardian)
    guardians = [inv.guardian for inv in new]
    links = {pk: rsvp_url(token, base_url) for pk, token in tokens.items()}
    messages = _notice(
        guardians=guardians,
        source=invite_source(session),
        text_for=lambda g: invitation_text(session=session, guardian=g, pupils=by_guardian[g.pk], link=links[g.pk]),
        subject_for=lambda g: invitation_subject(session, g),
        valid_until=session.starts_at,
    )
    reminders_schedule(session=session, guardians=guardians, link_for=lambda g: links[g.pk])
    if session.invitations_sent_at is None:
        session.invitations_sent_at = now
        session.save(update_fields=["invitations_sent_at"])
    return SendResult(
        session=session,
        invited=new,
        already_invited=len(existing),
        unreachable=[g for g in guardians if not channels_for(g)],
        messages=len(messages),
        delayed=len(delayed),
    )


# -- the answer -----------------------------------------------------------------------------------


def _clean_answer(session, response, childcare_children, interpreter_language, question):
    if response not in (Response.COMING, Response.NOT_COMING, Response.MAYBE):
        raise ValidationError(_("Kies: ik kom, ik kom niet of misschien."))
    try:
        childcare_children = int(childcare_children or 0)
    except (TypeError, ValueError):
        raise ValidationError(_("Vul een aantal kinderen in.")) from None
    if not 0 <= childcare_children <= CHILDCARE_MAX:
        raise ValidationError(_("Het aantal kinderen voor de opvang is 0 tot en met 10."))
    if response == Response.NOT_COMING or not session.childcare:
        childcare_children = 0
    interpreter_language = (interpreter_language or "").strip().lower()[:8]
    question = (question or "").strip()
    if len(question) > QUESTION_MAX_LENGTH:
        raise ValidationError(_("Uw vraag is te lang (hoogstens 500 tekens)."))
    return childcare_children, interpreter_language, question


@transaction.atomic
def invitation_respond(
    *,
    invitation: Invitation,
    response: str,
    childcare_children: int = 0,
    interpreter_language: str = "",
    question: str = "",
    link: str | None = None,
) -> Invitation:
    """Record the guardian's answer. "Not coming" cancels their reminders; changing their mind
    back schedules them again (with `link`, or the portal's address)."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("session__item", "guardian")
        .get(pk=invitation.pk)
    )
    session = invitation.session
    childcare_children, interpreter_language, question = _clean_answer(
        session, response, childcare_children, interpreter_language, question
    )
    previous = invitation.response
    invitation.response = response
    invitation.childcare_children = childcare_children
    invitation.interpreter_language = interpreter_language
    invitation.question = question
    invitation.responded_at = timezone.now()
    invitation.save(
        update_fields=["response", "childcare_children", "interpreter_language", "question", "responded_at"]
    )
    if response == Response.NOT_COMING:
        reminders_cancel(session=session, guardians=[invitation.guardian])
    elif previous == Response.NOT_COMING:
        target = link or portal_url()
        reminders_schedule(session=session, guardians=[invitation.guardian], link_for=lambda g: target)
    return invitation


# -- changes to a session -------------------------------------------------------------------------

ADJUSTABLE = ("starts_at", "duration_minutes", "location", "guest_presenters", "childcare",
              "interpreter_languages", "fixed", "organiser", "is_extra")  # fmt: skip
NOTIFIED = ("starts_at", "duration_minutes", "location")


@transaction.atomic
def session_update(*, session: Session, by=None, presenters=None, base_url=None, **changes) -> Session:
    """Adjust a session. `by` (a member of staff) must be allowed to move it when the time, length
    or place changes (meetings.moves.may_move; None: the system). When invitations went out and the
    time or place changed, the invited guardians get a change notice (not a new invitation, whatever
    the distance to the session: the week's notice applies to the first invitation) and their
    reminders move along."""
    from .moves import MoveNeedsProposal, may_move, moves_anything, organiser_check

    unknown = set(changes) - set(ADJUSTABLE)
    if unknown:
        raise ValidationError(_("Onbekende velden: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    session = Session.objects.select_for_update().select_related("item", "school_year").get(pk=session.pk)
    if by is not None and moves_anything(session, changes) and not may_move(session, by):
        raise MoveNeedsProposal  # a session shared with other groups: leadership or its organiser
    if "organiser" in changes:
        organiser_check(session=session, organiser=changes["organiser"], by=by)
    if by is not None and changes.get("is_extra", session.is_extra) != session.is_extra and not by.is_leadership:
        raise PermissionDenied  # only leadership marks a session as the extra one of an evaluation
    changed = [name for name, value in changes.items() if getattr(session, name) != value]
    for name in changed:
        setattr(session, name, changes[name])
    if "starts_at" in changed and timezone.is_naive(session.starts_at):
        raise ValidationError(_("De begintijd heeft geen tijdzone."))
    session.full_clean(exclude=["item", "school_year", "presenters"])
    if changed:
        session.save(update_fields=changed)
    if presenters is not None:
        if any(p.school_id != session.school_year.school_id for p in presenters):
            raise ValidationError(_("Presentatoren moeten van deze school zijn."))
        session.presenters.set(presenters)
    if session.invitations_sent_at and set(changed) & set(NOTIFIED):
        _notify_change(session, base_url=base_url, moved="starts_at" in changed)
    return session


def _notify_change(session, *, base_url, moved):
    invitations = list(session.invitations.select_related("guardian"))
    link = portal_url(base_url)
    interested = [inv.guardian for inv in invitations if inv.response != Response.NOT_COMING]
    _notice(
        guardians=[inv.guardian for inv in invitations],
        source=f"meetings.session:{session.pk}:change",
        text_for=lambda g: change_text(session=session, guardian=g, link=link),
        subject_for=lambda g: change_subject(session, g),
        valid_until=session.starts_at,
    )
    if moved:
        reminders_cancel(session=session, guardians=interested)
        reminders_schedule(session=session, guardians=interested, link_for=lambda g: link)


@transaction.atomic
def session_cancel(*, session: Session, by=None) -> int:
    """Call off a session: pending invitations and reminders are withdrawn, the invited
    guardians who had not said no get a notice, and the session is removed. Returns the
    number of notices."""
    session = Session.objects.select_for_update().select_related("item").get(pk=session.pk)
    invitations = list(session.invitations.select_related("guardian"))
    message_cancel(source=invite_source(session))
    reminders_cancel(session=session, guardians=[inv.guardian for inv in invitations])
    notices = _notice(
        guardians=[inv.guardian for inv in invitations if inv.response != Response.NOT_COMING],
        source=f"meetings.session:{session.pk}:cancel",
        text_for=lambda g: cancel_text(session=session, guardian=g),
        subject_for=lambda g: cancel_subject(session, g),
        valid_until=session.starts_at,
    )
    session.delete()
    return len(notices)
