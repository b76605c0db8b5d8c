"""Weekly plans: a group's theme, tip, encouragement and progress lines for one ISO week,
approved once by the teacher (or leadership) and then scheduled in the outbox.

Scheduling goes through `messaging.services.message_parts_add` only: one part per pupil and
kind, with source `plan:{plan}:{kind}:{pupil}`. Parts of siblings (in this or another group)
merge into one message per guardian, week and kind; the database caps that at one.

Calendar rules (decided here, documented in the tests):
- a send day in a holiday or on a public holiday moves to the next free day of the same ISO
  week; when the week has none left, that kind is not sent that week. A study day does not
  block: the children are home, and a tip for home fits that day well;
- days outside the group's school year count as holiday (the summer holiday);
- in the summer holiday, schools with `summer_reading` on send one reading tip a week
  (`summer_reading_schedule`); the other kinds rest;
- a send moment that has already passed when the plan is approved goes out now (after the
  quiet hours), as long as that is still in the same week; otherwise that kind is skipped;
- a guardian on an evaluation's wait-list (school.InterventionDelay for the weekly messages,
  all kinds or this kind, or for the summer reading) gets no part of that kind while the send
  day is before the delay's `until`; re-approving withdraws a part written before the delay.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.calendar import week_start
from ouderbetrokkenheid.school.clock import at_local, local_day
from ouderbetrokkenheid.school.interventions import Delays, Intervention, delayed_guardian_ids, weekly_interventions
from ouderbetrokkenheid.school.models import (
    CalendarPeriod,
    Enrollment,
    Guardian,
    GuardianOf,
    PeriodKind,
    School,
    SchoolYear,
)

from . import services
from .library.placeholders import placeholders_in
from .library.render import library_render
from .library.select import library_pick
from .library.sms import sms_segments
from .models import Kind, MessagePart, ProgressLine, Purpose, SendSettings, Status, WeekPlan
from .timing import QUIET_FROM, QUIET_UNTIL, outside_quiet_hours

SUNDAY = 6
WEEKLY_KINDS = (Intervention.WEEKLY_PROGRESS, Intervention.WEEKLY_TIP, Intervention.WEEKLY_ENCOURAGEMENT)
# Room left before quiet hours on a Sunday for retries and a fallback channel: a Sunday
# message that misses 21:00 cannot go out in its ISO week any more and is cancelled.
SUNDAY_LATEST = datetime.time(20, 0)


def send_settings_problems(*, progress_weekday, tip_weekday, encouragement_weekday, send_time) -> dict:
    """Why these send settings would break a promise, per form field ({} when they are fine):
    a time inside quiet hours would slide every message to 08:00 the next day, and a Sunday
    later than SUNDAY_LATEST leaves no room before quiet hours, when the week ends."""
    problems = {}
    if send_time is None:
        return problems
    if send_time < QUIET_UNTIL or send_time >= QUIET_FROM:
        problems["send_time"] = gettext(
            "Kies een tijd tussen %(from)s en %(until)s uur. Tussen %(until)s en %(from)s uur stuurt de school "
            "geen berichten; het bericht zou dan pas de volgende ochtend gaan."
        ) % {"from": QUIET_UNTIL.strftime("%H:%M"), "until": QUIET_FROM.strftime("%H:%M")}
        return problems
    days = {"progress_weekday": progress_weekday, "tip_weekday": tip_weekday,
            "encouragement_weekday": encouragement_weekday}  # fmt: skip
    if send_time > SUNDAY_LATEST:
        for name, day in days.items():
            if day == SUNDAY:
                problems[name] = gettext(
                    "Op zondag moet het bericht uiterlijk om %(latest)s uur weg. Later lukt een nieuwe poging "
                    "niet meer voor %(until)s uur, en dan valt het bericht buiten zijn week. Kies een andere dag "
                    "of een vroegere tijd."
                ) % {"latest": SUNDAY_LATEST.strftime("%H:%M"), "until": QUIET_FROM.strftime("%H:%M")}
    return problems


KIND_ORDER = (Kind.PROGRESS, Kind.TIP, Kind.ENCOURAGEMENT)
BLOCKING_PERIODS = (PeriodKind.HOLIDAY, PeriodKind.PUBLIC_HOLIDAY)
PROGRESS_MAX_LENGTH = 160
SUMMER_FALLBACK = datetime.timedelta(weeks=6)
DEADLOCK_RETRIES = 3
SUBJECTS = {
    Kind.PROGRESS: _("Nieuws uit de klas"),
    Kind.TIP: _("Tip voor thuis"),
    Kind.ENCOURAGEMENT: _("Goed bezig!"),
}


# -- settings and calendar -------------------------------------------------------------------


def send_settings_for(school) -> SendSettings:
    """The school's send settings; the defaults (Mon/Wed/Fri 18:00) when it never saved any."""
    try:
        return SendSettings.objects.get(school=school)
    except SendSettings.DoesNotExist:
        return SendSettings(school=school)


def _days(week):
    return [week + datetime.timedelta(days=i) for i in range(7)]


def blocked_days(*, school_year, week) -> frozenset[datetime.date]:
    """Days of the ISO week without engagement messages: holidays, public holidays, and days
    outside the school year (one query)."""
    days = _days(week)
    blocked = {day for day in days if not school_year.contains(day)}
    periods = CalendarPeriod.objects.filter(
        school_year=school_year, kind__in=BLOCKING_PERIODS, start_date__lte=days[-1], end_date__gte=days[0]
    ).values_list("start_date", "end_date")
    for start, end in periods:
        blocked.update(day for day in days if start <= day <= end)
    return frozenset(blocked)


def send_day(*, settings, week, kind, blocked=frozenset()) -> datetime.date | None:
    """The school's day for `kind` in the week, moved forward past blocked days; None if none is left."""
    first = week + datetime.timedelta(days=settings.weekday_for(kind))
    return next((day for day in _days(week) if day >= first and day not in blocked), None)


def send_moment(*, settings, week, kind, blocked=frozenset(), now=None) -> datetime.datetime | None:
    """The aware (UTC-stored) moment `kind` goes out in the week, at the school's time in Amsterdam."""
    day = send_day(settings=settings, week=week, kind=kind, blocked=blocked)
    if day is None:
        return None
    moment = at_local(day, settings.send_time)
    if now is not None and moment < now:
        moment = outside_quiet_hours(now)
        if week_start(local_day(moment)) != week or local_day(moment) in blocked:
            return None
    return moment


def week_moments(*, group, week, now=None) -> dict[str, datetime.datetime | None]:
    settings = send_settings_for(group.school_year.school)
    blocked = blocked_days(school_year=group.school_year, week=week)
    return {kind: send_moment(settings=settings, week=week, kind=kind, blocked=blocked, now=now) for kind in KIND_ORDER}


def summer_holiday(*, school, day) -> tuple[SchoolYear, datetime.date, datetime.date] | None:
    """(the school year that just ended, first and last day of its summer holiday) around `day`."""
    years = list(SchoolYear.objects.filter(school=school, last_day__lt=day + datetime.timedelta(days=366)))
    years.sort(key=lambda year: year.first_day)
    for year, following in zip(years, [*years[1:], None], strict=True):
        start = year.last_day + datetime.timedelta(days=1)
        if following is not None:
            end = following.first_day - datetime.timedelta(days=1)
        else:
            ends = CalendarPeriod.objects.filter(
                school_year=year, kind=PeriodKind.HOLIDAY, start_date__gte=year.last_day - datetime.timedelta(days=7)
            ).values_list("end_date", flat=True)
            end = max(ends, default=year.last_day + SUMMER_FALLBACK)
        if start <= day <= end:
            return year, start, end
    return None


# -- who may plan ------------------------------------------------------------------------------


def may_plan(staff, group) -> bool:
    """The group's teachers, and the school's leadership and admins, plan and approve its weeks."""
    if staff is None or staff.school_id != group.school_year.school_id:
        return False
    return staff.is_leadership or staff.is_admin or group.teachers.filter(pk=staff.pk).exists()


def may_set_send_settings(staff, school) -> bool:
    return staff is not None and staff.school_id == school.pk and (staff.is_leadership or staff.is_admin)


def _check_week(group, week):
    if week != week_start(week):
        raise ValidationError(gettext("Een week begint op maandag."))
    last = week + datetime.timedelta(days=6)
    if last < group.school_year.first_day or week > group.school_year.last_day:
        raise ValidationError(gettext("Deze week valt buiten het schooljaar van de groep."))
    if last < timezone.localdate():
        raise ValidationError(gettext("Deze week is al voorbij."))


# -- reading and proposing a plan ---------------------------------------------------------------


def plan_day(week) -> datetime.date:
    """The day whose enrollments count for the week: today in the current week, else its Monday."""
    return min(max(week, timezone.localdate()), week + datetime.timedelta(days=6))


def group_enrollments(group, week):
    return (
        Enrollment.objects.current(plan_day(week))
        .filter(group=group)
        .select_related("pupil")
        .order_by("pupil__first_name", "pupil__last_name", "pupil_id")
    )


def main_year_level(enrollments) -> int | None:
    """The year level most pupils of the group are in (the lower one on a tie)."""
    counts = {}
    for enrollment in enrollments:
        counts[enrollment.year_level] = counts.get(enrollment.year_level, 0) + 1
    return min(counts, key=lambda level: (-counts[level], level)) if counts else None


def week_plan_get_or_propose(*, group, week, enrollments=None) -> WeekPlan:
    """The group's saved plan for the week, or an unsaved proposal: last week's theme and the
    library's tip and encouragement for the group's main year level."""
    week = week_start(week)
    plan = WeekPlan.objects.filter(group=group, week=week).select_related("tip", "encouragement").first()
    if plan is not None:
        return plan
    previous = WeekPlan.objects.filter(group=group, week__lt=week).exclude(theme="").order_by("-week").first()
    plan = WeekPlan(group=group, week=week, theme=previous.theme if previous else "")
    level = main_year_level(enrollments if enrollments is not None else group_enrollments(group, week))
    if level is not None:
        school = group.school_year.school
        for kind in (Kind.TIP, Kind.ENCOURAGEMENT):
            entry = library_pick(school=school, kind=kind, year_level=level, day=week, theme=plan.theme)
            setattr(plan, kind, entry)
    return plan


# -- saving -------------------------------------------------------------------------------------


def _check_entry(entry, group, kind):
    if entry is None:
        return
    if entry.school_id != group.school_year.school_id or entry.kind != kind or not entry.active:
        raise ValidationError(gettext("Kies een tekst uit de bibliotheek van de school."))


def _clean_progress(progress, allowed) -> dict[int, str]:
    lines = {}
    for pupil_id, text in progress.items():
        if int(pupil_id) not in allowed:
            raise ValidationError(gettext("Deze leerling zit niet in de groep."))
        text = " ".join((text or "").split())
        if len(text) > PROGRESS_MAX_LENGTH:
            raise ValidationError(gettext("Een regel is hoogstens %(max)d tekens.") % {"max": PROGRESS_MAX_LENGTH})
        lines[int(pupil_id)] = text
    return lines


@transaction.atomic
def week_plan_save(*, group, week, theme, tip, encouragement, progress: dict, by) -> WeekPlan:
    """Save the plan (theme, chosen texts, one progress line per pupil; an empty line removes it).

    A change to an approved plan makes it a draft again: the messages of the earlier approval
    stay planned as they were until the plan is approved again (which replaces them)."""
    if not may_plan(by, group):
        raise PermissionDenied
    week = week_start(week)
    _check_week(group, week)
    _check_entry(tip, group, Kind.TIP)
    _check_entry(encouragement, group, Kind.ENCOURAGEMENT)
    allowed = set(group_enrollments(group, week).values_list("pupil_id", flat=True))
    lines = _clean_progress(progress, allowed)
    plan, created = WeekPlan.objects.select_for_update().get_or_create(group=group, week=week)
    theme = " ".join((theme or "").split())[:200]
    changed = created or (plan.theme, plan.tip_id, plan.encouragement_id) != (
        theme,
        tip and tip.pk,
        encouragement and encouragement.pk,
    )
    plan.theme, plan.tip, plan.encouragement = theme, tip, encouragement
    changed |= _save_lines(plan, lines)
    fields = ["theme", "tip", "encouragement"]
    if changed and plan.approved_at is not None:
        plan.approved_at, plan.approved_by = None, None
        fields += ["approved_at", "approved_by"]
    plan.save(update_fields=fields)
    return plan


def _save_lines(plan, lines) -> bool:
    existing = {line.pupil_id: line for line in plan.progress_lines.all()}
    gone = [pk for pk, line in existing.items() if pk in lines and not lines[pk]]
    new = [ProgressLine(plan=plan, pupil_id=pk, text=text) for pk, text in lines.items() if text and pk not in existing]
    changed = []
    for pk, text in lines.items():
        if text and pk in existing and existing[pk].text != text:
            existing[pk].text = text
            changed.append(existing[pk])
    ProgressLine.objects.filter(plan=plan, pupil_id__in=gone).delete()
    ProgressLine.objects.bulk_create(new)
    ProgressLine.objects.bulk_update(changed, ["text"])
    return bool(gone or new or changed)


# -- approving and scheduling -----------------------------------------------------------------------


@dataclass
class ApproveResult:
    plan: WeekPlan
    parts: int = 0  # parts written (one per pupil, kind and guardian)
    messages: set = field(default_factory=set)  # the outbox rows they landed in
    not_subscribed: int = 0  # parts a guardian opted out of (or whose message already went)
    delayed: int = 0  # parts held back: the guardian starts later (an evaluation's wait-list)
    withdrawn: int = 0  # parts of an earlier approval that no longer apply
    moments: dict = field(default_factory=dict)  # kind -> moment, None when the week has no day for it

    @property
    def skipped_kinds(self):
        return [kind for kind, moment in self.moments.items() if moment is None]


@dataclass(frozen=True)
class _Part:
    guardian: object
    kind: str
    pupil: object
    source: str
    text: str
    moment: datetime.datetime

    @property
    def order(self):
        return self.guardian.pk, KIND_ORDER.index(self.kind), self.pupil.pk


def plan_source(plan, kind, pupil_id) -> str:
    return f"plan:{plan.pk}:{kind}:{pupil_id}"


def week_plan_approve(*, plan, by) -> ApproveResult:
    """Approve the plan and schedule its parts for every informed guardian of every pupil now in
    the group. Re-approving replaces the parts of an earlier approval and withdraws stale ones.

    Message rows are locked in one global order (their idempotency key), so two planners approving groups with
    shared siblings at the same moment wait for each other instead of deadlocking; should
    PostgreSQL still report a deadlock, the whole approval is retried."""
    for attempt in range(DEADLOCK_RETRIES):
        try:
            return _approve(plan=plan, by=by)
        except OperationalError as error:
            retryable = getattr(error.__cause__, "pgcode", None) in ("40P01", "40001")
            if not retryable or attempt == DEADLOCK_RETRIES - 1 or transaction.get_connection().in_atomic_block:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def _approve(*, plan, by) -> ApproveResult:
    plan = (
        WeekPlan.objects.select_for_update(of=("self",))
        .select_related("group__school_year__school", "tip", "encouragement")
        .get(pk=plan.pk)
    )
    group = plan.group
    if not may_plan(by, group):
        raise PermissionDenied
    _check_week(group, plan.week)
    _check_theme(plan)
    result = ApproveResult(plan=plan, moments=week_moments(group=group, week=plan.week, now=timezone.now()))
    parts = sorted(_plan_parts(plan, result.moments, held_back=result), key=lambda part: part.order)
    result.withdrawn = _withdraw_stale(plan, {(part.source, part.guardian.pk) for part in parts})
    specs = [
        services.PartSpec(
            guardian=part.guardian,
            purpose=Purpose.ENGAGEMENT,
            kind=part.kind,
            source=part.source,
            text=part.text,
            scheduled_at=part.moment,
            pupil=part.pupil,
            subject=_subject(part.guardian.page_language, part.kind),
        )  # fmt: skip
        for part in parts
    ]
    for message in services.message_parts_add(parts=specs):
        if message is None:
            result.not_subscribed += 1
        else:
            result.parts += 1
            result.messages.add(message.pk)
    plan.approved_by, plan.approved_at = by, timezone.now()
    plan.save(update_fields=["approved_by", "approved_at"])
    return result


def _uses_theme(entry) -> bool:
    return entry is not None and any("theme" in placeholders_in(t.text) for t in entry.texts.all())


def _check_theme(plan):
    """A text that says the theme is not sent without one ("Het thema in de klas is nu: .")."""
    if plan.theme.strip():
        return
    if _uses_theme(plan.tip):
        raise ValidationError(
            gettext("De tip noemt het thema, maar het thema is leeg. Vul het thema in of kies een andere tip.")
        )
    if _uses_theme(plan.encouragement):
        raise ValidationError(
            gettext(
                "De aanmoediging noemt het thema, maar het thema is leeg. "
                "Vul het thema in of kies een andere aanmoediging."
            )
        )


@functools.cache
def _subject(language, kind):
    """The subject of a `kind` message in `language` (once per process: one per part cost 6 % of approving)."""
    with translation.override(language):
        return str(SUBJECTS[kind])


def _withdraw_stale(plan, wanted) -> int:
    """Withdraw pending parts of this plan that the new approval does not write again."""
    existing = MessagePart.objects.filter(
        source__startswith=f"plan:{plan.pk}:", message__status=Status.PENDING
    ).values_list("source", "message__guardian_id")
    stale = sorted({source for source, guardian_id in existing if (source, guardian_id) not in wanted})
    for source in stale:
        services.message_cancel(source=source)
    return len(stale)


def _plan_parts(plan, moments, held_back=None):
    """What the plan says, per guardian: (guardian, kind, pupil, source, rendered text, moment).

    Parts for a guardian whose weekly messages (this kind or all) are delayed on the send day
    are left out (counted in `held_back.delayed`)."""
    group, week = plan.group, plan.week
    delays = Delays(group.school_year.school_id, [Intervention.WEEKLY_MESSAGES, *WEEKLY_KINDS], since=week)
    enrollments = list(group_enrollments(group, week))
    links = (
        GuardianOf.objects.filter(pupil__in=[e.pupil_id for e in enrollments], receives_information=True)
        .select_related("guardian")
        .order_by("guardian_id", "pupil_id")
    )
    by_pupil = {}
    for link in links:
        by_pupil.setdefault(link.pupil_id, []).append(link.guardian)
    lines = dict(plan.progress_lines.values_list("pupil_id", "text"))
    renderer = _Renderer(plan, moments)
    for enrollment in enrollments:
        pupil = enrollment.pupil
        for kind in KIND_ORDER:
            entry = renderer.entry(kind, enrollment.year_level, lines.get(pupil.pk))
            if moments[kind] is None or entry is None:
                continue
            for guardian in by_pupil.get(pupil.pk, []):
                if delays and delays.holds(guardian.pk, weekly_interventions(kind), local_day(moments[kind])):
                    if held_back is not None:
                        held_back.delayed += 1
                    continue
                text = renderer.text(kind, entry, guardian.page_language, pupil, lines.get(pupil.pk, ""))
                if text:
                    yield _Part(guardian, kind, pupil, plan_source(plan, kind, pupil.pk), text, moments[kind])


class _Renderer:
    """Renders library texts per (kind, language, pupil) once, with {child}, {theme}, {teacher},
    {date} and (progress frames) {line}; a progress line without a frame gets a plain one."""

    NO_FRAME = object()

    def __init__(self, plan, moments):
        self.plan, self.moments = plan, moments
        self.school = plan.group.school_year.school
        self.teacher = ", ".join(t.full_name for t in plan.group.teachers.order_by("last_name", "first_name"))
        self.frames, self.cache = {}, {}
        prefetch_related_objects([e for e in (plan.tip, plan.encouragement) if e is not None], "texts")

    def entry(self, kind, year_level, line):
        if kind == Kind.TIP:
            return self.plan.tip
        if kind == Kind.ENCOURAGEMENT:
            return self.plan.encouragement
        if not line:
            return None
        if year_level not in self.frames:
            frame = library_pick(
                school=self.school, kind=Kind.PROGRESS, year_level=year_level, day=self.plan.week,
                theme=self.plan.theme,
            )  # fmt: skip
            if frame is not None:
                prefetch_related_objects([frame], "texts")
            self.frames[year_level] = frame or self.NO_FRAME
        return self.frames[year_level]

    def text(self, kind, entry, language, pupil, line):
        key = (kind, getattr(entry, "pk", None), language, pupil.pk)
        if key not in self.cache:
            self.cache[key] = self._render(kind, entry, language, pupil, line)
        return self.cache[key]

    def _render(self, kind, entry, language, pupil, line):
        day = local_day(self.moments[kind])
        with translation.override(language):
            context = {
                "child": pupil.first_name,
                "theme": self.plan.theme,
                "teacher": self.teacher,
                "date": day,
                "line": line,
            }
            if entry is self.NO_FRAME:
                return gettext("Nieuws over %(child)s: %(line)s") % context
            text, _used = library_render(entry=entry, language=language, context=context)
        return text.strip()


# -- the preview -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PreviewText:
    kind: str
    subject: str
    text: str
    sms: object  # library.sms.SmsInfo


def week_plan_preview(*, plan, enrollments, moments, lines) -> dict[str, list[PreviewText]]:
    """Each message of the saved plan as a parent in the group reads it, per language their
    parents read (Dutch first), for one child (one with a progress line when there is one),
    rendered as on approval, with its SMS segments. Messages the week has no day for are left out."""
    if plan.pk is None or not enrollments:
        return {}
    sample = next((e for e in enrollments if lines.get(e.pupil_id)), enrollments[0])
    guardians = Guardian.objects.filter(
        children_links__pupil__in=[e.pupil_id for e in enrollments], children_links__receives_information=True
    ).distinct()
    languages = sorted({g.page_language for g in guardians} | {"nl"}, key=lambda code: (code != "nl", code))
    renderer = _Renderer(plan, moments)
    preview = {}
    for language in languages:
        texts = []
        for kind in KIND_ORDER:
            line = lines.get(sample.pupil_id, "")
            entry = renderer.entry(kind, sample.year_level, line)
            if moments[kind] is None or entry is None:
                continue
            text = renderer.text(kind, entry, language, sample.pupil, line)
            texts.append(PreviewText(kind, _subject(language, kind), text, sms_segments(text)))
        preview[language] = texts
    return preview


# -- the vacation reading programme ---------------------------------------------------------------


def summer_reading_schedule(*, school, week) -> int:
    """One reading tip per guardian in the summer-holiday week (siblings' tips merge into one
    message), for pupils of the year that just ended who stay at the school (not groep 8).
    Idempotent: source `summer:{week}:{pupil}`. Returns the number of parts written."""
    settings = send_settings_for(school)
    week = week_start(week)
    day = week + datetime.timedelta(days=settings.tip_weekday)
    holiday = summer_holiday(school=school, day=day) if settings.summer_reading else None
    if holiday is None:
        return 0
    year, _start, _end = holiday
    moment = max(at_local(day, settings.send_time), outside_quiet_hours(timezone.now()))
    if week_start(local_day(moment)) != week:
        return 0
    enrollments = (
        Enrollment.objects.current(year.last_day)
        .filter(group__school_year=year, year_level__lt=8)
        .select_related("pupil")
    )
    levels = {e.pupil_id: e for e in enrollments}
    links = (
        GuardianOf.objects.filter(pupil__in=list(levels), receives_information=True)
        .select_related("guardian")
        .order_by("guardian_id", "pupil_id")
    )
    # The beat runs this every six hours all week: a part already there with the same text stays as
    # it is, and one whose message went out can change no more (message_parts_add leaves it): that
    # tip is not rendered again.
    sources = {f"summer:{week}:{pupil_id}" for pupil_id in levels}
    there, closed = set(), set()
    for guardian_id, source, text, status, sent_at in MessagePart.objects.filter(source__in=sources).values_list(
        "message__guardian_id", "source", "text", "message__status", "message__sent_at"
    ):
        there.add((guardian_id, source, text))
        if status != Status.PENDING and not (status == Status.CANCELLED and sent_at is None):  # not revived
            closed.add((guardian_id, source))
    delayed = delayed_guardian_ids(school, Intervention.SUMMER_READING, local_day(moment))
    entries, specs = {}, []
    for link in links:
        if link.guardian_id in delayed:  # on an evaluation's wait-list for the reading programme
            continue
        if (link.guardian_id, f"summer:{week}:{link.pupil_id}") in closed:
            continue
        enrollment = levels[link.pupil_id]
        level = enrollment.year_level
        if level not in entries:
            entries[level] = library_pick(school=school, kind=Kind.TIP, year_level=level, day=day, summer=True)
            prefetch_related_objects([e for e in (entries[level],) if e is not None], "texts")
        if entries[level] is None:
            continue
        language = link.guardian.page_language
        with translation.override(language):
            context = {"child": enrollment.pupil.first_name, "date": day}
            text, _used = library_render(entry=entries[level], language=language, context=context)
            subject = gettext("Lezen in de vakantie")
        specs.append(services.PartSpec(
            guardian=link.guardian, purpose=Purpose.ENGAGEMENT, kind=Kind.TIP, source=f"summer:{week}:{link.pupil_id}",
            text=text.strip(), scheduled_at=moment, pupil=enrollment.pupil, subject=subject,
        ))  # fmt: skip
    specs = [spec for spec in specs if (spec.guardian.pk, spec.source, spec.text) not in there]
    return sum(message is not None for message in services.message_parts_add(parts=specs)) if specs else 0


def summer_reading_schedule_all(*, week) -> int:
    """The reading programme for every school (for a weekly beat task)."""
    return sum(summer_reading_schedule(school=school, week=week) for school in School.objects.order_by("pk"))


# -- the wait-list of an evaluation ------------------------------------------------------------------


def delayed_parts_withdraw(*, school, today=None) -> int:
    """Withdraw the pending weekly-plan and summer-reading parts that a wait-list holds back on
    their send day: for an evaluation frozen after weeks were already approved (the evaluation
    app calls this when it writes the wait-list). Only the delayed guardian's own messages are
    touched. Returns the number of parts withdrawn."""
    today = today or timezone.localdate()
    delays = Delays(school, [Intervention.WEEKLY_MESSAGES, *WEEKLY_KINDS, Intervention.SUMMER_READING], since=today)
    if not delays:
        return 0
    pending = (
        MessagePart.objects.filter(
            message__guardian_id__in={guardian_id for guardian_id, _intervention in delays.until},
            message__status=Status.PENDING,
            message__purpose=Purpose.ENGAGEMENT,
        )
        .values_list("source", "message__guardian_id", "message__kind", "message__scheduled_at")
        .distinct()
    )
    withdrawn = 0
    for source, guardian_id, kind, scheduled_at in sorted(pending):
        held = (Intervention.SUMMER_READING,) if source.startswith("summer:") else weekly_interventions(kind)
        if delays.holds(guardian_id, held, local_day(scheduled_at)):
            services.message_cancel(source=source, guardian_id=guardian_id)
            withdrawn += 1
    return withdrawn


# -- send settings ------------------------------------------------------------------------------------


@transaction.atomic
def send_settings_update(
    *, school, progress_weekday: int, tip_weekday: int, encouragement_weekday: int,
    send_time: datetime.time, summer_reading: bool, by,
) -> SendSettings:  # fmt: skip
    """Change the school's send days and time. Plans approved from now on follow them; an
    approved plan moves to the new days when it is approved again."""
    if not may_set_send_settings(by, school):
        raise PermissionDenied
    days = (progress_weekday, tip_weekday, encouragement_weekday)
    if any(not 0 <= day <= 6 for day in days):
        raise ValidationError(gettext("Kies een dag van maandag tot en met zondag."))
    problems = send_settings_problems(progress_weekday=progress_weekday, tip_weekday=tip_weekday,
                                      encouragement_weekday=encouragement_weekday, send_time=send_time)  # fmt: skip
    if problems:
        raise ValidationError(problems)
    settings, _created = SendSettings.objects.update_or_create(
        school=school,
        defaults={
            "progress_weekday": progress_weekday,
            "tip_weekday": tip_weekday,
            "encouragement_weekday": encouragement_weekday,
            "send_time": send_time,
            "summer_reading": summer_reading,
        },
    )
    return settings
