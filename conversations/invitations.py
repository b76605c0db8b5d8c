"""What guardians hear about a conversation round and their bookings, through messaging.services.

- the invitation to a round, at least a week before the first conversation day, once per
  guardian listing their children (a notice: at once, outside the weekly cap);
- a confirmation when a booking is made (time, form, room or video link, the experts who join);
- a reminder the day before, one source per booking and guardian, so a cancel withdraws it;
- a notice at once when a booking is cancelled, moved or proposed.

Who is invited is who is told: the invitation goes to every guardian who receives information
about the pupil (`GuardianOf.receives_information`: parents with parental authority, and e.g. a
step-parent the school keeps informed), and a booking is told to all of them and every guardian
with parental authority (separated parents included), besides the guardians who come. Each of
them may book, and the booking rule counts all of them: one conversation per pupil and round,
except for separated parents who asked to be invited separately (conversations.booking).

Texts are short and in the guardian's language (`translation.override(guardian.page_language)`).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from messaging.models import MessagePart
from messaging.services import PartSpec, Purpose, message_cancel, message_parts_add, notice_send, reminder_schedule
from ouderbetrokkenheid.school.clock import at_local, local_day
from ouderbetrokkenheid.school.dates import day_month
from ouderbetrokkenheid.school.models import Guardian, GuardianOf

from . import rounds, slots
from .ical import calendar_of
from .models import BookingGuardian, ConversationForm, Round
from .texts import round_texts, round_title

INVITE_DAYS_AHEAD = 7
PUPIL_WELCOME_FROM_LEVEL = 4
REMINDER_TIME = datetime.time(10, 0)


def site_url(base_url=None) -> str:
    return (base_url or getattr(settings, "SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def booking_url(base_url=None) -> str:
    return site_url(base_url) + reverse("conversations:my_bookings")


# -- who hears it ---------------------------------------------------------------------------------


def informed_guardians(booking) -> list[Guardian]:
    """The guardians who come plus every guardian with parental authority of the pupil or who
    receives information about it (everyone who was invited hears that the conversation is booked)."""
    coming = BookingGuardian.objects.filter(booking=booking).values("guardian_id")
    told = GuardianOf.objects.filter(
        Q(has_parental_authority=True) | Q(receives_information=True), pupil_id=booking.pupil_id
    )
    return list(Guardian.objects.filter(Q(pk__in=coming) | Q(pk__in=told.values("guardian_id"))))


def coming_guardians(booking) -> list[Guardian]:
    return list(Guardian.objects.filter(pk__in=BookingGuardian.objects.filter(booking=booking).values("guardian_id")))


def guardians_and_children(round: Round) -> dict[Guardian, list]:
    """Each guardian in the round's audience with their children in the round (once per guardian)."""
    audience = {}
    for invitee in rounds.round_audience(round=round, day=max(timezone.localdate(), round.first_day)):
        invitee.pupil.round_year_level = invitee.year_level
        for guardian in invitee.guardians:
            audience.setdefault(guardian, []).append(invitee.pupil)
    return audience


# -- texts ----------------------------------------------------------------------------------------


def _when(slot):
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    return {"day": day_month(start), "start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}


def _form_names(forms) -> str:
    labels = dict(ConversationForm.choices)
    return ", ".join(str(labels.get(form, form)) for form in forms)


def invitation_text(*, round, guardian, pupils, link) -> str:
    words = round_texts(round, guardian.page_language)  # the approved translation, else Dutch
    with translation.override(guardian.page_language):
        lines = [
            _("Uitnodiging: %(title)s") % {"title": words.title},
            _("Voor de ouders van %(children)s.") % {"children": ", ".join(p.first_name for p in pupils)},
            _("Wanneer: %(first)s t/m %(last)s") % {
                "first": day_month(round.first_day), "last": day_month(round.last_day)},
            _("Een gesprek duurt %(minutes)s minuten.") % {"minutes": round.slot_minutes},
        ]  # fmt: skip
        if round.forms:
            lines.append(_("Hoe: %(forms)s") % {"forms": _form_names(round.forms)})
        if words.goal:
            lines.append(_("Doel: %(goal)s") % {"goal": words.goal})
        if words.invitation_text:
            lines.append(words.invitation_text)
        welcome = [p.first_name for p in pupils if getattr(p, "round_year_level", 0) >= PUPIL_WELCOME_FROM_LEVEL]
        if welcome:
            lines.append(_("%(children)s mag mee naar het gesprek.") % {"children": ", ".join(welcome)})
        lines.append(_("Kies hier een tijd: %(link)s") % {"link": link})
        return "\n".join(lines)


def _where(booking) -> str:
    if booking.form == ConversationForm.VIDEO and booking.video_link:
        return _("Videolink: %(link)s") % {"link": booking.video_link}
    if booking.form == ConversationForm.AT_SCHOOL and booking.slot.room:
        return _("Waar: %(room)s") % {"room": booking.slot.room}
    return _("Hoe: %(form)s") % {"form": booking.get_form_display()}


def experts_line(booking) -> str:
    names = [staff.full_name for staff in booking.experts.all()]
    if booking.external_expert:
        names.append(booking.external_expert)
    if not names:
        return ""
    return _("Bij het gesprek is ook: %(names)s.") % {"names": ", ".join(names)}


def confirmation_text(*, booking, guardian, link) -> str:
    with translation.override(guardian.page_language):
        lines = [
            _("Afspraak gemaakt: gesprek over %(child)s met %(teacher)s.")
            % {"child": booking.pupil.first_name, "teacher": booking.slot.staff.full_name},
            _("Wanneer: %(day)s, %(start)s–%(end)s uur") % _when(booking.slot),
            _where(booking),
        ]
        if expert := experts_line(booking):
            lines.append(expert)
        lines.append(_("Wijzigen of afzeggen: %(link)s") % {"link": link})
        return "\n".join(lines)


def proposal_text(*, booking, guardian, link) -> str:
    with translation.override(guardian.page_language):
        return "\n".join(
            [
                _("Voorstel: gesprek over %(child)s op %(day)s om %(start)s uur.")
                % {"child": booking.pupil.first_name, **_when(booking.slot)},
                _("Past het? Bevestig of kies een andere tijd: %(link)s") % {"link": link},
            ]
        )


def proposals_text(*, bookings, guardian, link) -> str:
    """The family's proposed times in one message (siblings back-to-back)."""
    with translation.override(guardian.page_language):
        lines = [_("Voorstel voor de gesprekken op school:")]
        for booking in bookings:
            lines.append(
                _("%(child)s: %(day)s om %(start)s uur met %(teacher)s")
                % {"child": booking.pupil.first_name, "teacher": booking.slot.staff.full_name, **_when(booking.slot)}
            )
        lines.append(_("Past het? Bevestig of kies een andere tijd: %(link)s") % {"link": link})
        return "\n".join(lines)


def reminder_text(*, booking, guardian, link) -> str:
    with translation.override(guardian.page_language):
        return "\n".join(
            [
                _("Herinnering: morgen om %(start)s uur gesprek over %(child)s.")
                % {"child": booking.pupil.first_name, **_when(booking.slot)},
                _where(booking),
                _("Kunt u niet? Zeg het hier: %(link)s") % {"link": link},
            ]
        )


def cancel_text(*, booking, guardian, link) -> str:
    with translation.override(guardian.page_language):
        return "\n".join(
            [
                _("Afgezegd: het gesprek over %(child)s op %(day)s om %(start)s uur gaat niet door.")
                % {"child": booking.pupil.first_name, **_when(booking.slot)},
                _("Kies een nieuwe tijd: %(link)s") % {"link": link},
            ]
        )


def experts_text(*, booking, guardian, link) -> str:
    with translation.override(guardian.page_language):
        return "\n".join(
            [
                _("Gesprek over %(child)s op %(day)s om %(start)s uur.")
                % {"child": booking.pupil.first_name, **_when(booking.slot)},
                experts_line(booking) or _("Er komt geen extra deskundige bij het gesprek."),
                _("Bekijk de afspraak: %(link)s") % {"link": link},
            ]
        )


def subject(guardian, booking=None, round=None) -> str:
    title = round_title(round or booking.round, guardian.page_language)
    with translation.override(guardian.page_language):
        return _("Gesprek op school: %(title)s") % {"title": title}


def _notice(*, guardians, round, **options) -> list:
    """notice_send per language, so each subject is the round's title in the guardian's language."""
    groups = {}
    for guardian in guardians:
        groups.setdefault(guardian.page_language, []).append(guardian)
    sent = []
    for language, group in groups.items():
        sent += notice_send(guardians=group, subject=round_title(round, language), **options)
    return sent


# -- sending --------------------------------------------------------------------------------------


def booking_source(booking, name) -> str:
    return f"conversations.booking:{booking.pk}:{name}"


def reminder_source(booking, guardian) -> str:
    return f"conversations.booking:{booking.pk}:reminder:{guardian.pk}"


def booking_notice(*, booking, name, text, guardians=None, base_url=None, with_ics=False) -> int:
    """A notice about `booking` to everyone who should hear it, now, each in their language;
    `with_ics` attaches the appointment as an iCalendar file to the e-mail."""
    link = booking_url(base_url)
    attachments = (("gesprek.ics", "text/calendar", calendar_of([booking]).decode()),) if with_ics else ()
    messages = _notice(
        guardians=guardians if guardians is not None else informed_guardians(booking),
        round=booking.round,
        source=booking_source(booking, name),
        text_for=lambda g: text(booking=booking, guardian=g, link=link),
        attachments=attachments,
        valid_until=booking.slot.starts_at,
    )
    return len(messages)


def proposals_notice(*, bookings, base_url=None) -> int:
    """Tell a family its proposed times once: one notice per informed guardian listing them all
    (keyed on the first booking, so announcing the same proposal again sends nothing new)."""
    if not bookings:
        return 0
    bookings = sorted(bookings, key=lambda b: b.slot.starts_at)
    guardians = {g.pk: g for booking in bookings for g in informed_guardians(booking)}
    link = booking_url(base_url)
    messages = _notice(
        guardians=list(guardians.values()),
        round=bookings[0].round,
        source=booking_source(bookings[0], "proposed"),
        text_for=lambda g: proposals_text(bookings=bookings, guardian=g, link=link),
        valid_until=bookings[0].slot.starts_at,
    )
    return len(messages)


def booking_confirmed(*, booking, base_url=None) -> None:
    """The confirmation to all who should hear it, and the reminders the day before."""
    booking_notice(booking=booking, name="confirmed", text=confirmation_text, base_url=base_url, with_ics=True)
    reminders_schedule(booking=booking, base_url=base_url)


def reminders_schedule(*, booking, base_url=None) -> int:
    when = at_local(local_day(booking.slot.starts_at) - datetime.timedelta(days=1), REMINDER_TIME)
    if when <= timezone.now():
        return 0
    link, count = booking_url(base_url), 0
    for guardian in coming_guardians(booking):
        count += len(
            reminder_schedule(
                guardians=[guardian],
                source=reminder_source(booking, guardian),
                text_for=lambda g: reminder_text(booking=booking, guardian=g, link=link),
                scheduled_at=when,
                subject=subject(guardian, booking),
                valid_until=booking.slot.starts_at,
            )
        )
    return count


def bookings_confirmed(*, bookings, base_url=None) -> None:
    """`booking_confirmed` for many bookings (the worker announcing the booking page's rush): a
    confirmation each, and every reminder of all of them in one outbox write."""
    for booking in bookings:
        booking_notice(booking=booking, name="confirmed", text=confirmation_text, base_url=base_url, with_ics=True)
    link, now, parts = booking_url(base_url), timezone.now(), []
    coming = BookingGuardian.objects.filter(booking__in=bookings).select_related("guardian").order_by("pk")
    by_booking = {booking.pk: booking for booking in bookings}
    for row in coming:
        booking = by_booking[row.booking_id]
        when = at_local(local_day(booking.slot.starts_at) - datetime.timedelta(days=1), REMINDER_TIME)
        if when > now:
            guardian = row.guardian
            parts.append(PartSpec(guardian, Purpose.REMINDER, reminder_source(booking, guardian),
                                  reminder_text(booking=booking, guardian=guardian, link=link), when,
                                  subject=subject(guardian, booking), valid_until=booking.slot.starts_at))  # fmt: skip
    if parts:
        message_parts_add(parts=parts)


def reminders_cancel(*, booking) -> None:
    for guardian_id in BookingGuardian.objects.filter(booking=booking).values_list("guardian_id", flat=True):
        message_cancel(source=f"conversations.booking:{booking.pk}:reminder:{guardian_id}")


def invitation_valid_until(round) -> datetime.datetime:
    """Until when an invitation to book makes sense: booking closes before the last day's slots."""
    end_of_last_day = at_local(round.last_day + datetime.timedelta(days=1), datetime.time(0, 0))
    return end_of_last_day - datetime.timedelta(hours=round.booking_closes_hours_before)


def invite_source(round) -> str:
    return f"conversations.round:{round.pk}:invite"


class CoverageShort(ValidationError):
    """Invitations refused: some groups have fewer free slots than pupils still to plan.
    `groups`: the coverage rows that are short; `missing`: how many pupils in all."""

    def __init__(self, groups):
        self.groups = groups
        self.missing = sum(row.short for row in groups)
        super().__init__(
            _("Er zijn te weinig gespreksplekken: %(n)s leerlingen hebben nog geen plek.") % {"n": self.missing}
        )


def coverage_shortfall(round) -> list:
    """The groups of the round whose teachers have fewer free slots than pupils still to plan."""
    return [row for row in slots.coverage(round=round).groups if row.short]


@transaction.atomic
def round_invite(*, round: Round, base_url: str | None = None, accept_short: int = 0) -> int:
    """Invite every guardian who receives information about a pupil in the round (the audience of
    `rounds.round_audience`, the same guardians the booking rule counts), once, listing their
    children. Refused less than 7 days before the first conversation day, and refused
    (`CoverageShort`) while more pupils lack a free slot than leadership accepted
    (`accept_short`, the number it saw on the confirmation page): parents are invited only to
    book times that exist. Calling it
    again adds guardians who were not invited yet; those already invited get no second message
    (the notice's key holds the round's first invitation moment). Returns the messages made."""
    round = Round.objects.select_for_update().select_related("school_year").get(pk=round.pk)
    if round.first_day - timezone.localdate() < datetime.timedelta(days=INVITE_DAYS_AHEAD):
        raise ValidationError(
            _("Nodig ouders minstens %(days)s dagen voor de eerste gespreksdag uit.") % {"days": INVITE_DAYS_AHEAD}
        )
    short = coverage_shortfall(round)
    if sum(row.short for row in short) > max(accept_short, 0):
        raise CoverageShort(short)
    invited_at = round.invited_at or timezone.now()
    audience = guardians_and_children(round)
    link = booking_url(base_url)
    messages = _notice(
        guardians=list(audience),
        round=round,
        source=invite_source(round),
        text_for=lambda g: invitation_text(round=round, guardian=g, pupils=audience[g], link=link),
        scheduled_at=invited_at,
        valid_until=invitation_valid_until(round),
    )
    if round.invited_at is None:
        round.invited_at = invited_at
        round.save(update_fields=["invited_at"])
    return len(messages)


# -- a reminder when booking opens ----------------------------------------------------------------


def opening_reminder_source(round, guardian) -> str:
    return f"conversations.round:{round.pk}:opens:{guardian.pk}"


def opening_text(*, round, guardian, link) -> str:
    title = round_title(round, guardian.page_language)
    with translation.override(guardian.page_language):
        return "\n".join(
            [
                _("U kunt nu een tijd kiezen voor: %(title)s.") % {"title": title},
                _("Kies hier een tijd: %(link)s") % {"link": link},
            ]
        )


def opening_reminder_set(*, round, guardian, base_url=None) -> bool:
    """A message to `guardian` at the moment free booking opens (once; asking again changes
    nothing). Refused when booking is already open."""
    opens = rounds.booking_not_open_yet(round)
    if opens is None:
        raise ValidationError(_("U kunt nu al een tijd kiezen."))
    link = booking_url(base_url)
    made = reminder_schedule(
        guardians=[guardian],
        source=opening_reminder_source(round, guardian),
        text_for=lambda g: opening_text(round=round, guardian=g, link=link),
        scheduled_at=opens,
        subject=subject(guardian, round=round),
        valid_until=invitation_valid_until(round),
    )
    return bool(made)


def opening_reminders_set(*, guardian, rounds) -> set:
    """The pks of `rounds` for which `guardian` asked for a reminder when booking opens (one query)."""
    sources = {opening_reminder_source(round, guardian): round.pk for round in rounds}
    found = MessagePart.objects.filter(source__in=list(sources)).values_list("source", flat=True)
    return {sources[source] for source in found} if sources else set()
