"""A seeded population of parents acting as real parents do, through the apps' services.

Every guardian gets a persona from `random.Random(seed)`: answering at once (the evening the
invitation arrives), late (a few days on), or never. Parents answer session invitations (with
childcare and an interpreter when they need one, and some change their mind), book a conversation
for each child (both separated parents their own; in a joint family one parent, after looking at
what is already booked, as the portal shows it), join the waiting list when no time is left, accept
a time offered from it, cancel or move a booking now and then, send STOP by SMS or switch topics
off in the portal, and switch channel. A language change is told to the teacher in the
conversation (the record step writes it back through conversations.contact).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from conversations.booking import (
    BookingItem,
    BookingRefused,
    booking_cancel,
    booking_move,
    bookings_create,
    free_slots,
    household_guardians,
    proposal_accept,
    waiting_list_join,
)
from conversations.invitations import guardians_and_children
from conversations.models import ACTIVE, Booking, BookingGuardian, BookingStatus, ConversationForm, Round
from conversations.selectors import bookings_visible_to
from meetings.invitations import interpreter_need, invitation_respond
from meetings.models import Invitation, Response
from messaging.consent import ENGAGEMENT_TOPICS, Topic, preferences_update, sms_keyword
from messaging.services import channels_for
from ouderbetrokkenheid.school.clock import local_day
from ouderbetrokkenheid.school.languages import TRANSLATION_LANGUAGES
from ouderbetrokkenheid.school.models import Channel, Guardian, GuardianOf

from .context import YearContext

STYLES = (("prompt", 50), ("late", 32), ("never", 18))
LANGUAGES = TRANSLATION_LANGUAGES


@dataclass
class Persona:
    style: str
    stop_on: datetime.date | None = None
    stop_via_sms: bool = True
    channel_on: datetime.date | None = None
    new_language: str = ""


class Parents:
    def __init__(self, ctx: YearContext, journal, rng):
        self.ctx, self.journal = ctx, journal
        self.personas: dict[int, Persona] = {}
        self.waiting: set = set()  # (round, guardian, pupil) on the waiting list
        self.changes: dict = {}  # day -> [(booking id, guardian id, "cancel" | "move")]
        days = ctx.school_days(ctx.year.first_day, ctx.year.last_day)
        for guardian in Guardian.objects.filter(school=ctx.school).order_by("pk"):
            style = rng.choices([s for s, _w in STYLES], weights=[w for _s, w in STYLES])[0]
            persona = Persona(style=style)
            if rng.random() < 0.05 and days:
                persona.stop_on, persona.stop_via_sms = rng.choice(days), bool(guardian.mobile) and rng.random() < 0.7
            if rng.random() < 0.03 and days and guardian.mobile:
                persona.channel_on = rng.choice(days)
            if rng.random() < 0.03:
                persona.new_language = rng.choice([code for code in LANGUAGES if code != guardian.language])
            self.personas[guardian.pk] = persona

    def persona(self, guardian) -> Persona:
        return self.personas.get(guardian.pk) or self.personas.setdefault(guardian.pk, Persona(style="late"))

    def answer_day(self, guardian, about: tuple, invited: datetime.date) -> datetime.date | None:
        """When this guardian answers the invitation `about` (a session, or a round and a child)
        that arrived on `invited`; None: never."""
        style = self.persona(guardian).style
        if style == "never":
            return None
        if style == "prompt":
            return invited
        return invited + datetime.timedelta(days=self.ctx.rng("late", guardian, *about).randint(2, 9))

    # -- the evening: what parents do ---------------------------------------------------------------

    def evening(self):
        today = timezone.localdate()
        self.answer_sessions(today)
        self.book_conversations(today)
        self.accept_proposals()
        self.change_bookings(today)
        self.preferences(today)

    def answer_sessions(self, today):
        open_invitations = (
            Invitation.objects.filter(session__school_year=self.ctx.year, session__starts_at__gt=timezone.now())
            .filter(invited_at__isnull=False)
            .select_related("guardian", "session")
        )
        for invitation in open_invitations:
            guardian = invitation.guardian
            if not channels_for(guardian):
                continue  # they never heard of it: that is the teacher's follow-up
            rng = self.ctx.rng("rsvp", invitation)
            if invitation.response:
                if invitation.response == Response.COMING and rng.random() < 0.05:
                    change_day = local_day(invitation.responded_at) + datetime.timedelta(days=rng.randint(1, 5))
                    if change_day == today:
                        invitation_respond(invitation=invitation, response=Response.NOT_COMING)
                        self.journal.count("rsvp_changed")
                continue
            day = self.answer_day(guardian, (invitation.session,), local_day(invitation.invited_at))
            if day is None or day > today:
                continue
            response = rng.choices([Response.COMING, Response.MAYBE, Response.NOT_COMING], weights=[55, 15, 30])[0]
            childcare = rng.randint(1, 2) if invitation.session.childcare and rng.random() < 0.15 else 0
            invitation_respond(
                invitation=invitation,
                response=response,
                childcare_children=childcare,
                interpreter_language=interpreter_need(guardian),
            )
            self.journal.count("rsvp")

    def book_conversations(self, today):
        rounds = Round.objects.filter(
            school_year=self.ctx.year, invited_at__isnull=False, one_off=False, last_day__gte=today
        )
        for round in rounds:
            invited = local_day(round.invited_at)
            booked = set(
                BookingGuardian.objects.filter(round=round, active=True).values_list("pupil_id", "guardian_id")
            )
            booked_pupils = {pupil for pupil, _guardian in booked}
            audience = guardians_and_children(round)
            links = {}
            pupil_ids = {pupil.pk for pupils in audience.values() for pupil in pupils}
            for link in GuardianOf.objects.filter(pupil_id__in=pupil_ids, has_parental_authority=True).select_related(
                "guardian"
            ):
                links.setdefault(link.pupil_id, []).append(link)
            for guardian, pupils in audience.items():
                for pupil in pupils:
                    if (pupil.pk, guardian.pk) in booked or (round.pk, guardian.pk, pupil.pk) in self.waiting:
                        continue
                    day = self.answer_day(guardian, (round, pupil), invited)
                    if day is None or day > today or not self._acts_for(guardian, pupil, booked_pupils, links):
                        continue
                    self._book(round, guardian, pupil)

    def _acts_for(self, guardian, pupil, booked_pupils, links) -> bool:
        """A separated parent books their own conversation; in a joint family one parent books (the
        first reachable one), and nobody books a child the portal already shows a booking for."""
        if not channels_for(guardian):
            return False
        links = links.get(pupil.pk, [])
        mine = next((link for link in links if link.guardian_id == guardian.pk), None)
        if mine is None:
            return False
        if mine.invite_separately:
            return True
        if pupil.pk in booked_pupils:
            return False
        lead = next(
            (link.guardian for link in links if not link.invite_separately and channels_for(link.guardian)), None
        )
        return lead is not None and lead.pk == guardian.pk

    def _book(self, round, guardian, pupil):
        rng = self.ctx.rng("book", round, guardian, pupil)
        already = bookings_visible_to(guardian).filter(round=round, pupil=pupil)
        if already.exists():
            return
        slots = list(free_slots(round=round, pupil=pupil))
        evening = [s for s in slots if timezone.localtime(s.starts_at).hour >= 17]
        prefer = evening if evening and rng.random() < 0.35 else slots
        form = ConversationForm.VIDEO if ConversationForm.VIDEO in round.forms and rng.random() < 0.1 else ""
        for slot in rng.sample(prefer, min(4, len(prefer))):
            guardians = household_guardians(pupil=pupil, booker=guardian, round=round, slot=slot)
            item = BookingItem(slot=slot, pupil=pupil, guardians=guardians, form=form or ConversationForm.AT_SCHOOL)
            try:
                (booking,) = bookings_create(round=round, items=[item], by_guardian=guardian)
            except BookingRefused:
                continue
            self.journal.count("booked")
            self._plan_change(booking, guardian, rng)
            return
        try:
            waiting_list_join(round=round, guardian=guardian, pupil=pupil)
            self.journal.count("waiting_list")
        except BookingRefused as refusal:
            self.journal.note(f"waiting list refused for guardian {guardian.pk}: {refusal.message}")
        self.waiting.add((round.pk, guardian.pk, pupil.pk))

    def _plan_change(self, booking, guardian, rng):
        draw = rng.random()
        action = "cancel" if draw < 0.04 else "move" if draw < 0.11 else None
        if action is None:
            return
        last = local_day(booking.slot.starts_at) - datetime.timedelta(days=2)
        first = timezone.localdate() + datetime.timedelta(days=1)
        if last < first:
            return
        day = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
        self.changes.setdefault(day, []).append((booking.pk, guardian.pk, action))

    def accept_proposals(self):
        proposed = BookingGuardian.objects.filter(
            round__school_year=self.ctx.year, active=True, booking__status=BookingStatus.PROPOSED
        ).select_related("guardian", "round")
        for link in proposed:
            if self.persona(link.guardian).style != "never":
                proposal_accept(guardian=link.guardian, round=link.round)
                self.journal.count("proposal_accepted")

    def change_bookings(self, today):
        for booking_id, guardian_id, action in self.changes.pop(today, []):
            booking = Booking.objects.filter(ACTIVE, pk=booking_id).select_related("round", "pupil", "slot").first()
            guardian = Guardian.objects.get(pk=guardian_id)
            if booking is None:
                continue
            try:
                if action == "cancel":
                    booking_cancel(booking=booking, by_guardian=guardian)
                    self.journal.count("cancelled")
                    continue
                rng = self.ctx.rng("move", booking)
                slots = [s for s in free_slots(round=booking.round, pupil=booking.pupil) if s.pk != booking.slot_id]
                if slots:
                    booking_move(booking=booking, slot=rng.choice(slots[:10]), by_guardian=guardian)
                    self.journal.count("moved")
            except BookingRefused as refusal:
                self.journal.note(f"{action} refused for booking {booking_id}: {refusal.message}")

    def preferences(self, today):
        for guardian_id, persona in self.personas.items():
            if persona.stop_on == today:
                guardian = Guardian.objects.get(pk=guardian_id)
                if persona.stop_via_sms and guardian.mobile:
                    sms_keyword(number=guardian.mobile, body="STOP")
                else:
                    preferences_update(guardian=guardian, active_topics=[Topic.REMINDER], channel=guardian.channel)
                self.journal.count("stopped")
            if persona.channel_on == today:
                guardian = Guardian.objects.get(pk=guardian_id)
                channel = Channel.SMS if guardian.channel != Channel.SMS else Channel.WHATSAPP
                active = [
                    t
                    for t in (*ENGAGEMENT_TOPICS, Topic.REMINDER)
                    if not guardian.subscriptions.filter(topic=t, active=False).exists()
                ]
                preferences_update(guardian=guardian, active_topics=active, channel=channel)
                self.journal.count("channel_changed")
