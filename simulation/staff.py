"""Staff acting on schedule, through the apps' own services.

- leadership, before the year: installs the programme and the message library, plans the year
  ("plan the year"), gives every round its goal and forms and every session its place, and
  publishes the year calendar; during the year it invites parents to each session two weeks
  ahead (the meetings task) and to each round two weeks ahead;
- teachers: enter availability three weeks before a round (afternoons, one evening kept for
  working parents, never on an information-session evening), generate the slots, set the second
  colleague for advice rounds; follow up the guardians on their list; write and publish the record
  of each conversation held (agreements, an evaluation date, the advice in advice rounds); approve
  next week's plan on Friday afternoon with a few progress lines.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from conversations.booking import BookingItem, BookingRefused, bookings_create, free_slots
from conversations.contact import contact_details_correct
from conversations.followup import followup_due_on, followup_record, non_responders
from conversations.invitations import CoverageShort, round_invite
from conversations.models import (
    ACTIVE,
    ADVICE_KINDS,
    AdviceTrack,
    Attendance,
    Availability,
    Booking,
    ConversationForm,
    Round,
    RoundKind,
)
from conversations.records import may_write, record_publish, record_save
from conversations.rounds import round_update
from conversations.slots import availability_add, second_staff_set, slots_generate
from meetings.attendance import attendance_mark
from meetings.invitations import invitations_send, session_update
from meetings.models import Invitation, Response, Session
from meetings.programme import programme_install
from messaging.library.install import library_install
from messaging.library.services import library_texts_approve
from messaging.models import LibraryEntry, LibraryText
from messaging.planning import (
    group_enrollments,
    week_moments,
    week_plan_approve,
    week_plan_get_or_propose,
    week_plan_save,
)
from messaging.services import channels_for
from ouderbetrokkenheid.school.calendar import week_start
from ouderbetrokkenheid.school.clock import at_local, local_day
from ouderbetrokkenheid.school.followup import FollowUpOutcome
from ouderbetrokkenheid.school.models import Enrollment
from yearplan.planning import plan_year
from yearplan.publishing import calendar_publish

from .context import YearContext

INVITE_SESSIONS_DAYS = 14
INVITE_ROUNDS_DAYS = 14
AVAILABILITY_DAYS = 21
ROUND_DAYS_PER_TEACHER = 3
FOLLOWUPS_PER_TEACHER_PER_DAY = 8
PROGRESS_LINES_PER_WEEK = 4
# Who comes to an information session, by their answer (the presenter's register).
ATTENDS = {Response.COMING: 0.85, Response.MAYBE: 0.45, Response.NOT_COMING: 0.02, Response.NONE: 0.06}
AFTERNOON = (datetime.time(15, 0), datetime.time(17, 0))
EVENING = (datetime.time(19, 0), datetime.time(20, 30))

# The school's own words (Dutch data the school types in, like programme titles: not gettext).
ROUND_GOALS = {
    RoundKind.START: "Kennismaken: u vertelt over uw kind, wij over de groep. We maken afspraken over contact.",
    RoundKind.DEVELOPMENT_1: "Samen kijken hoe het gaat met leren en werkhouding, en wat we thuis en op school doen.",
    RoundKind.DEVELOPMENT_2: "Terugkijken op de afspraken en vooruitkijken naar het volgende jaar.",
    RoundKind.ADVICE_PROVISIONAL: "Het (voorlopig) schooladvies bespreken: hoe het tot stand komt en wat het betekent.",
    RoundKind.ADVICE_FINAL: "Het definitieve schooladvies bespreken, met de uitslag van de doorstroomtoets.",
}
PROGRESS = (
    "Werkte goed mee bij rekenen.",
    "Las deze week een heel boek uit.",
    "Hielp een klasgenoot.",
    "Oefent de tafels goed.",
    "Vertelde mooi in de kring.",
)
AGREEMENTS = (
    {
        "who": "Ouder",
        "what": "Elke dag 15 minuten samen lezen",
        "when": "Elke avond",
        "how": "Voorleesboek",
        "why": "Leesplezier en woordenschat",
    },
    {
        "who": "Leerkracht",
        "what": "Wekelijks een kort bericht over rekenen",
        "when": "Vrijdag",
        "how": "Via de app",
        "why": "Ouders weten waar ze kunnen helpen",
    },
    {
        "who": "Kind",
        "what": "Zelf de agenda bijhouden",
        "when": "Dagelijks",
        "how": "Planner",
        "why": "Zelfstandigheid",
    },
)
NO_AGREEMENTS_REASON = "Het schooljaar is bijna om: we maken nieuwe afspraken in het startgesprek."
TRACKS = [AdviceTrack.VMBO_BB, AdviceTrack.VMBO_KB, AdviceTrack.VMBO_GT, AdviceTrack.HAVO, AdviceTrack.VWO]


class Staff:
    def __init__(self, ctx: YearContext, journal):
        self.ctx, self.journal = ctx, journal
        self.advice = {}  # pupil id -> the track given (the final advice keeps it)
        self.refused_records = set()
        self.group_levels = None  # group id -> year levels in it (read once)
        self.new_languages = {}  # guardian id -> the language they will tell the teacher in a conversation

    # -- before the year -------------------------------------------------------------------------

    def _approve_translations(self, leader):
        """Leadership reviews the shipped translations and approves each language at once (as on
        the library's review page), so the demo's parents read the messages in their language."""
        waiting = LibraryText.objects.filter(entry__school=self.ctx.school, approved_at__isnull=True).exclude(
            language="nl"
        )
        for language in sorted(set(waiting.values_list("language", flat=True))):
            ids = list(waiting.filter(language=language).values_list("pk", flat=True))
            library_texts_approve(school=self.ctx.school, language=language, text_ids=ids, by=leader)

    def prepare_year(self):
        ctx, leader = self.ctx, self.ctx.leader
        today = timezone.localdate()
        programme_install(school=ctx.school)
        if not LibraryEntry.objects.filter(school=ctx.school).exists():
            library_install(school=ctx.school)
            self._approve_translations(leader)
        report = plan_year(school_year=ctx.year, today=today)
        self.journal.count("yearplan_placed", len(report.placed))
        for line in report.unplaced:
            self.journal.note(f"plan_year: not placed: {line.title} ({line.reason})")
        for round in Round.objects.filter(school_year=ctx.year, invited_at__isnull=True, one_off=False):
            goal = ROUND_GOALS.get(round.kind, ROUND_GOALS[RoundKind.DEVELOPMENT_1])
            round_update(round=round, goal=goal, forms=[ConversationForm.AT_SCHOOL, ConversationForm.VIDEO])
        for session in Session.objects.filter(school_year=ctx.year, invitations_sent_at__isnull=True):
            session_update(
                session=session,
                by=leader,
                location="Aula",
                childcare=session.item.number == 1,
                interpreter_languages=["ar", "tr"],
            )
        calendar_publish(school_year=ctx.year, by=leader)
        self.approve_week_plans(week_start(today) + datetime.timedelta(weeks=1))
        # Planned mid-year, a session or round can start a week from today (the planners' earliest
        # days): the teachers enter their availability at once and leadership invites the same day.
        self.enter_availability(today)
        self.invite(today)

    # -- leadership, mornings ----------------------------------------------------------------------

    def morning(self):
        today = timezone.localdate()
        if today.weekday() >= 5:
            return
        self.take_registers()
        self.invite(today)

    def invite(self, today):
        """Leadership invites for each session and each round starting one to two weeks from
        `today` (a round once its teachers entered their availability)."""
        sessions = Session.objects.filter(school_year=self.ctx.year, invitations_sent_at__isnull=True)
        for session in sessions:
            ahead = (local_day(session.starts_at) - today).days
            if 7 <= ahead <= INVITE_SESSIONS_DAYS:
                try:
                    invitations_send(session=session, by=self.ctx.leader)
                except ValidationError:  # too close to the session: leadership is told, nothing sent
                    pass
                self.journal.count("session_invited")
        rounds = Round.objects.filter(school_year=self.ctx.year, invited_at__isnull=True, one_off=False)
        for round in rounds:
            ahead = (round.first_day - today).days
            if 7 <= ahead <= INVITE_ROUNDS_DAYS and round.slots.exists():
                self.invite_round(round)

    def invite_round(self, round):
        """Leadership invites to `round`; when groups are short of slots the app shows them and
        leadership confirms the shortage it saw (those pupils' parents are followed up)."""
        try:
            round_invite(round=round)
        except CoverageShort as short:
            groups = ", ".join(f"groep {row.group.name} ({row.short})" for row in short.groups)
            self.journal.note(f"round '{round}': {short.missing} pupils without a free slot ({groups}); invited anyway")
            round_invite(round=round, accept_short=short.missing)
        self.journal.count("round_invited")

    def take_registers(self):
        """The presenter's register of each session held (entered the next school morning): every
        invited guardian ticked as there or not, through the meetings' attendance service."""
        now = timezone.now()
        held = Session.objects.filter(school_year=self.ctx.year, starts_at__lt=now).exclude(
            invitations__attended__isnull=False
        )
        for session in held.prefetch_related("presenters"):
            if session.ends_at > now:
                continue
            by = next(iter(session.presenters.all()), None) or self.ctx.leader
            came = 0
            invited = Invitation.objects.filter(session=session, invited_at__isnull=False).select_related("guardian")
            for invitation in invited.order_by("pk"):
                attended = self.ctx.rng("attended", session, invitation.guardian).random() < ATTENDS.get(
                    invitation.response, 0.0
                )
                attendance_mark(invitation=invitation, attended=attended, by=by)
                came += attended
            self.journal.count("attended", came)

    # -- teachers, after school --------------------------------------------------------------------

    def after_school(self):
        today = timezone.localdate()
        if today.weekday() >= 5:
            return
        self.enter_availability(today)
        if self.ctx.is_school_day(today):
            self.follow_up(today)
        self.write_records()
        if today.weekday() == 4:
            self.approve_week_plans(week_start(today) + datetime.timedelta(weeks=1))

    def _group_teachers(self, group_id):
        return next((list(g.teachers.all()) for g in self.ctx.groups if g.pk == group_id), [])

    def _round_teachers(self, round):
        teachers = {}
        if self.group_levels is None:
            self.group_levels = {}
            for group_id, level in Enrollment.objects.filter(group__school_year=self.ctx.year).values_list(
                "group_id", "year_level"
            ):
                self.group_levels.setdefault(group_id, set()).add(level)
        for group in self.ctx.groups:
            if self.group_levels.get(group.pk, set()) & set(round.year_levels):
                for teacher in group.teachers.all():
                    teachers.setdefault(teacher.pk, teacher)
        return list(teachers.values())

    def open_next_round(self, today):
        """A school opening the next round early (the demo, a week before its today): when no round
        is open, the teachers of the next one enter their availability and leadership invites at
        once, as long as the first conversation day is at least a week away."""
        rounds = Round.objects.filter(school_year=self.ctx.year, one_off=False).exclude(kind=RoundKind.AD_HOC)
        if rounds.filter(invited_at__isnull=False, last_day__gte=today).exists():
            return None
        upcoming = rounds.filter(invited_at__isnull=True, first_day__gte=today + datetime.timedelta(days=7))
        round = upcoming.order_by("first_day", "pk").first()
        if round is None:
            return None
        self.enter_availability(today, rounds=Round.objects.filter(pk=round.pk))
        if round.slots.exists():
            self.invite_round(round)
        return round

    def enter_availability(self, today, rounds=None):
        if rounds is None:
            rounds = Round.objects.filter(
                school_year=self.ctx.year,
                one_off=False,
                first_day__gt=today,
                first_day__lte=today + datetime.timedelta(days=AVAILABILITY_DAYS),
            )
        # the round with the fewest days first: a one-day advice round starting with the start
        # conversations gets its teacher's day before the longer round takes it
        rounds = sorted(
            rounds.exclude(availability__isnull=False), key=lambda r: (r.last_day - r.first_day, r.first_day, r.title)
        )
        for round in rounds:
            session_days = {
                local_day(s.starts_at) for s in Session.objects.filter(school_year=self.ctx.year).only("starts_at")
            }
            days = self.ctx.school_days(round.first_day, round.last_day)
            for index, teacher in enumerate(self._round_teachers(round)):
                rng = self.ctx.rng("availability", round, teacher)
                # a teacher in two rounds at once (groep 7/8: advice and development) keeps their days apart
                spans = list(Availability.objects.filter(staff=teacher).values_list("starts_at", "ends_at"))
                taken = {local_day(start) for start, _end in spans}
                free = [day for day in days if day not in taken]
                if not free:  # every day holds another round's conversations: the hours left over
                    if not self._free_hours(round, teacher, days, spans, room=f"Lokaal {index + 1}"):
                        self.journal.note(f"{teacher} has no free time left in round '{round}'")
                    continue
                mine = sorted(rng.sample(free, min(ROUND_DAYS_PER_TEACHER, len(free))))
                for day in mine:
                    availability_add(
                        round=round,
                        staff=teacher,
                        starts_at=at_local(day, AFTERNOON[0]),
                        ends_at=at_local(day, AFTERNOON[1]),
                        room=f"Lokaal {index + 1}",
                    )
                evenings = [day for day in free if day not in session_days]
                if evenings:
                    day = rng.choice(evenings)
                    if day not in mine:
                        availability_add(
                            round=round,
                            staff=teacher,
                            starts_at=at_local(day, EVENING[0]),
                            ends_at=at_local(day, EVENING[1]),
                            room=f"Lokaal {index + 1}",
                            protect_for_working_parents=True,
                        )
                self._advice_colleague(round, teacher)
            changes = slots_generate(round=round)
            self.journal.count("slots_created", changes.created)

    def _advice_colleague(self, round, teacher):
        """An advice conversation has a second staff member: the slots the teacher's spans give are
        made at once and the IB (or a colleague) joins them."""
        if round.kind in ADVICE_KINDS:
            slots_generate(round=round)
            second_staff_set(round=round, staff=teacher, second_staff=self.ctx.second_colleague(teacher))

    def _free_hours(self, round, teacher, days, spans, room) -> bool:
        """A teacher whose every day in `round` holds another round's conversations offers the
        afternoon or evening still free on the first day it can; False when there is none."""
        for day in days:
            for first, last in (AFTERNOON, EVENING):
                starts_at, ends_at = at_local(day, first), at_local(day, last)
                if all(ends_at <= start or starts_at >= end for start, end in spans):
                    availability_add(round=round, staff=teacher, starts_at=starts_at, ends_at=ends_at, room=room)
                    self._advice_colleague(round, teacher)
                    return True
        return False

    def follow_up(self, today):
        rounds = Round.objects.filter(school_year=self.ctx.year, invited_at__isnull=False, one_off=False)
        for round in rounds.exclude(kind=RoundKind.AD_HOC):
            due = followup_due_on(round)
            if due is None or today < due or today > round.last_day:
                continue
            # Each teacher's list is the school's list for their groups (non_responders with staff=…):
            # read once per round and split by group, rather than once per teacher.
            per_teacher = {}
            for row in non_responders(round=round, today=today):
                if not row.follow_ups:
                    for teacher in self._group_teachers(row.group.pk):
                        per_teacher.setdefault(teacher, []).append(row)
            for teacher, rows in per_teacher.items():
                for row in rows[:FOLLOWUPS_PER_TEACHER_PER_DAY]:
                    self._contact(round, teacher, row)

    def _contact(self, round, teacher, row):
        rng = self.ctx.rng("followup", round, row.guardian, row.pupil)
        outcome = FollowUpOutcome.NO_ANSWER
        if row.guardian.needs_interpreter:
            outcome = FollowUpOutcome.INTERPRETER
        elif channels_for(row.guardian) and rng.random() < 0.6:
            outcome = FollowUpOutcome.CALLED
        if outcome != FollowUpOutcome.NO_ANSWER and rng.random() < 0.6 and self._book_for(round, teacher, row):
            outcome = FollowUpOutcome.BOOKED
        try:
            followup_record(round=round, guardian=row.guardian, outcome=outcome, note="", by=teacher)
            self.journal.count("followups")
        except ValidationError as error:
            self.journal.note(f"follow-up refused for guardian {row.guardian.pk}: {error.messages[0]}")

    def _book_for(self, round, teacher, row) -> bool:
        if Booking.objects.filter(ACTIVE, round=round, pupil=row.pupil).exists():
            return False
        for slot in list(free_slots(round=round, pupil=row.pupil, for_staff=True)[:3]):
            item = BookingItem(slot=slot, pupil=row.pupil, guardians=[row.guardian], form=ConversationForm.AT_SCHOOL)
            try:
                bookings_create(round=round, items=[item], by_staff=teacher)
            except BookingRefused:
                continue
            self.journal.count("booked_by_staff")
            return True
        return False

    # -- records -------------------------------------------------------------------------------------

    def write_records(self):
        now = timezone.now()
        bookings = (
            Booking.objects.filter(
                ACTIVE, round__school_year=self.ctx.year, slot__ends_at__lte=now, record__isnull=True
            )
            .select_related("round", "pupil", "slot__staff")
            .order_by("slot__starts_at")
        )
        for booking in bookings.exclude(pk__in=self.refused_records):
            self._record(booking, now)

    def _evaluation_date(self, day):
        """The Tuesday about six weeks after the conversation (or the next school day)."""
        target = day + datetime.timedelta(weeks=6)
        target += datetime.timedelta(days=(1 - target.weekday()) % 7)
        target = self.ctx.next_school_day(target)
        return target if target < self.ctx.year.last_day and self.ctx.is_school_day(target) else None

    def _record(self, booking, now):
        rng = self.ctx.rng("record", booking)
        author = booking.slot.staff if may_write(booking.slot.staff, booking.pupil) else self._ib()
        day = local_day(booking.slot.starts_at)
        came = rng.random() < 0.93
        fields = {"attendance": Attendance.CAME if came else Attendance.NO_SHOW}
        agreements = None
        if came:
            fields.update(
                goal=booking.round.goal[:200],
                going_well="Werkt met plezier en zet door.",
                to_improve="Tempo bij rekenen; thuis oefenen met de tafels.",
                goals="Tafels 1 t/m 5",
            )
            agreements = [AGREEMENTS[i] for i in sorted(rng.sample(range(len(AGREEMENTS)), rng.choice((1, 2))))]
            if booking.round.kind in ADVICE_KINDS:
                track = self.advice.setdefault(booking.pupil_id, rng.choice(TRACKS))
                fields.update(
                    second_staff=booking.slot.second_staff or self.ctx.second_colleague(author),
                    advice_track=track,
                    advice_date=day,
                )
            # a record is shared only when complete: agreements and an evaluation date, or none needed
            evaluation = self._evaluation_date(day)
            if evaluation is None:  # too late in the year to look back together
                agreements = []
                fields.update(no_agreements_needed=True, no_agreements_reason=NO_AGREEMENTS_REASON)
            else:
                fields["evaluation_date"] = evaluation
        try:
            record = record_save(booking=booking, by=author, agreements=agreements, **fields)
            if came:
                record_publish(record=record, by=author)
                self._languages_told(booking, author)
            self.journal.count("records")
        except ValidationError as error:
            self.refused_records.add(booking.pk)  # not retried every day
            self.journal.note(f"record refused for booking {booking.pk}: {'; '.join(error.messages)}")

    def _languages_told(self, booking, author):
        """A parent who now prefers another language says so in the conversation; the teacher
        writes it back to the guardian (conversations.contact)."""
        for guardian in booking.guardians.all():
            language = self.new_languages.pop(guardian.pk, "")
            if language:
                contact_details_correct(
                    guardian=guardian,
                    pupil=booking.pupil,
                    email=guardian.email,
                    mobile=guardian.mobile,
                    language=language,
                    by=author,
                )
                self.journal.count("language_changed")

    def _ib(self):
        return next((s for s in self.ctx.staff if s.is_ib), self.ctx.leader)

    # -- week plans ---------------------------------------------------------------------------------

    def approve_week_plans(self, week):
        year = self.ctx.year
        if week + datetime.timedelta(days=6) < year.first_day or week > year.last_day:
            return
        for group in self.ctx.groups:
            teacher = next(iter(group.teachers.all()), None) or self.ctx.leader
            if not any(week_moments(group=group, week=week, now=timezone.now()).values()):
                continue
            enrollments = list(group_enrollments(group, week))
            plan = week_plan_get_or_propose(group=group, week=week, enrollments=enrollments)
            rng = self.ctx.rng("weekplan", group, week)
            chosen = rng.sample(enrollments, min(PROGRESS_LINES_PER_WEEK, len(enrollments)))
            progress = {e.pupil_id: rng.choice(PROGRESS) for e in chosen}
            try:
                plan = week_plan_save(
                    group=group,
                    week=week,
                    theme=plan.theme or "Lezen",
                    tip=plan.tip,
                    encouragement=plan.encouragement,
                    progress=progress,
                    by=teacher,
                )
                result = week_plan_approve(plan=plan, by=teacher)
                self.journal.count("week_plans")
                self.journal.count("week_plan_parts", result.parts)
            except ValidationError as error:
                self.journal.note(f"week plan {group} {week}: {'; '.join(error.messages)}")
