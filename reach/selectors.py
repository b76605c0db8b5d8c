"""The reach dashboard: which parents the school reaches, per year level, group and support need.

Definitions (also stated on the page, see DEFINITIONS):
- population: the guardians who receive information (GuardianOf.receives_information) about a
  pupil enrolled in a group of the school year (any enrollment in that year). A guardian counts
  once in the totals and once in every year level and group of their children;
- invited: at least one invitation to an information session of the year;
- answered: answered at least one of those invitations (coming, not coming or maybe);
- attended: marked present at a session of the year, or registered there as walk-in;
- booked: at least one confirmed, not cancelled conversation (booking) in a round of the year;
- conversation held: a booked conversation whose record says "came";
- reached per week: in a counted week, at least one message to the guardian with delivery
  status "delivered" and sent in that week (ISO week, Monday–Sunday, Amsterdam time). Counted
  weeks: completed weeks of the school year with at least one school day (weeks wholly in a
  holiday do not count). The row figure is the average over the counted weeks of the share
  reached that week;
- not reached: in the population and none of answered, attended, booked.
Shares are of the row's population.

Queries are bounded: a fixed number for any number of guardians, groups and weeks.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.db.models.functions import TruncWeek
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conversations.models import Attendance, BookingGuardian, BookingStatus
from conversations.models import FollowUp as ConversationFollowUp
from meetings.models import FollowUp as SessionFollowUp
from meetings.models import Invitation, Response, WalkIn
from meetings.priority import MANUAL
from messaging.models import DeliveryStatus, Message
from ouderbetrokkenheid.school.calendar import days_off, week_start
from ouderbetrokkenheid.school.clock import AMSTERDAM
from ouderbetrokkenheid.school.interventions import Intervention, delayed_guardian_ids
from ouderbetrokkenheid.school.models import CalendarPeriod, Enrollment, Guardian, GuardianOf, SchoolYear

from .models import ACTIVE_PAIR, BuddyPair, ReachFollowUp

MEASURES = ("invited", "answered", "attended", "booked", "held")
MEASURE_LABELS = {
    "invited": _("Uitgenodigd"),
    "answered": _("Geantwoord"),
    "attended": _("Bijeenkomst bezocht"),
    "booked": _("Gesprek geboekt"),
    "held": _("Gesprek gevoerd"),
}
NEEDS = {
    "language": _("Thuistaal niet Nederlands"),
    "interpreter": _("Tolk nodig"),
    "simple_dutch": _("Eenvoudig Nederlands"),
    "no_email": _("Geen e-mail"),
    "no_mobile": _("Geen mobiel"),
    "lateral": _("Zij-instromer"),
    "priority": _("Voorrang (persoonlijk uitnodigen)"),
}
DEFINITIONS = [
    _("Ouders: wie informatie krijgt over een leerling die dit schooljaar in een groep zat. "
      "Een ouder telt één keer in het totaal en in elk leerjaar en elke groep van de kinderen."),
    _("Uitgenodigd: minstens één uitnodiging voor een informatiebijeenkomst van dit schooljaar."),
    _("Geantwoord: minstens één van die uitnodigingen beantwoord (ik kom, ik kom niet of misschien)."),
    _("Bijeenkomst bezocht: als aanwezig aangevinkt of als binnenloper geregistreerd."),
    _("Gesprek geboekt: minstens één bevestigd, niet geannuleerd gesprek in een ronde van dit schooljaar."),
    _("Gesprek gevoerd: een geboekt gesprek waarvan het verslag zegt dat de ouders kwamen."),
    _("Bereikt per week: in die week (maandag tot en met zondag) minstens één bericht met afleverstatus "
      "'afgeleverd'. Alleen afgelopen weken met minstens één schooldag tellen mee. Het cijfer in de tabel "
      "is het gemiddelde over die weken van het deel van de ouders dat in de week bereikt is."),
    _("Niet bereikt: geen antwoord op een uitnodiging, geen bijeenkomst bezocht en geen gesprek geboekt."),
    _("Voorrang: tolk nodig, eenvoudig Nederlands, thuistaal niet Nederlands, kind is zij-instromer, geen "
      "e-mail en geen mobiel, of door de leerkracht gemarkeerd voor een persoonlijke uitnodiging."),
]  # fmt: skip


def year_for(staff, year_id=None) -> SchoolYear:
    """The school year asked for (of the staff member's school), or the current one."""
    years = SchoolYear.objects.filter(school_id=staff.school_id)
    if year_id is not None:
        try:
            return years.get(pk=year_id)
        except (SchoolYear.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
    year = SchoolYear.objects.running_or_next(staff.school_id, timezone.localdate(), or_last=True)
    if year is None:
        raise Http404
    return year


# -- per guardian ---------------------------------------------------------------------------------


@dataclass
class Family:
    guardian: Guardian
    measures: set = field(default_factory=set)
    needs: set = field(default_factory=set)
    levels: set = field(default_factory=set)
    groups: set = field(default_factory=set)  # (group name, group id)
    children: list = field(default_factory=list)
    weeks: set = field(default_factory=set)  # Mondays of the weeks reached
    follow_up: object = None  # (when, label, by) of the newest follow-up
    buddy: object = None  # the buddy of an active pair

    @property
    def reached(self):
        return bool(self.measures & {"answered", "attended", "booked"})


def _population(year):
    links = GuardianOf.objects.filter(
        guardian=OuterRef("pk"), receives_information=True, pupil__enrollments__group__school_year=year
    )
    return Guardian.objects.filter(school_id=year.school_id).filter(Exists(links))


def _measured(year):
    sessions = {"session__school_year": year}
    invited = Invitation.objects.filter(guardian=OuterRef("pk"), **sessions)
    bookings = BookingGuardian.objects.filter(
        guardian=OuterRef("pk"), round__school_year=year, active=True, booking__status=BookingStatus.CONFIRMED
    )
    return _population(year).annotate(
        m_invited=Exists(invited),
        m_answered=Exists(invited.exclude(response=Response.NONE)),
        m_attended=Exists(invited.filter(attended=True)),
        walked_in=Exists(WalkIn.objects.filter(guardian=OuterRef("pk"), **sessions)),
        m_booked=Exists(bookings),
        m_held=Exists(bookings.filter(booking__record__attendance=Attendance.CAME)),
        marked=Exists(invited.filter(priority_reasons__has_item=MANUAL)),
    )  # fmt: skip


def _needs(guardian, lateral):
    needs = set()
    if (guardian.language or "nl") != "nl":
        needs.add("language")
    if guardian.needs_interpreter:
        needs.add("interpreter")
    if guardian.prefers_simple_dutch:
        needs.add("simple_dutch")
    if not guardian.email_works:  # none, or it bounced
        needs.add("no_email")
    if not guardian.mobile:
        needs.add("no_mobile")
    if lateral:
        needs.add("lateral")
    unreachable = not guardian.email_works and not guardian.mobile
    if needs & {"language", "interpreter", "simple_dutch", "lateral"} or unreachable or guardian.marked:
        needs.add("priority")
    return needs


def counted_weeks(year, today=None) -> list[datetime.date]:
    """Mondays of the completed weeks of the year that hold at least one school day (one query)."""
    today = today or timezone.localdate()
    end = min(today, year.last_day + datetime.timedelta(days=1))
    off = days_off(CalendarPeriod.objects.filter(school_year=year))
    weeks, monday = [], week_start(year.first_day)
    while monday + datetime.timedelta(days=7) <= end:
        days = [monday + datetime.timedelta(days=i) for i in range(5)]
        if any(year.first_day <= d <= year.last_day and d not in off for d in days):
            weeks.append(monday)
        monday += datetime.timedelta(days=7)
    return weeks


#: What the dashboard, its list and its CSV show of a guardian (the rest of the row is not read).
GUARDIAN_FIELDS = ("first_name", "infix", "last_name", "email", "email_bounced", "mobile", "language",
                   "needs_interpreter", "prefers_simple_dutch")  # fmt: skip


def families(year, *, today=None) -> tuple[list[Family], list[datetime.date]]:
    """Every guardian of the population with what they did, their needs, groups and weeks reached."""
    weeks = counted_weeks(year, today)
    guardians = _measured(year).only(*GUARDIAN_FIELDS).order_by("last_name", "first_name", "pk")
    found = {g.pk: Family(guardian=g) for g in guardians}
    enrolled = defaultdict(list)
    for pupil_id, *enrollment in Enrollment.objects.filter(group__school_year=year).values_list(
        "pupil_id", "year_level", "group_id", "group__name", "is_lateral_entrant"
    ):
        enrolled[pupil_id].append(enrollment)
    links = GuardianOf.objects.filter(
        receives_information=True,
        guardian__school_id=year.school_id,
        pupil__in=Enrollment.objects.filter(group__school_year=year).values("pupil_id"),
    )
    lateral = set()
    for guardian_id, pupil_id, first_name in links.values_list("guardian_id", "pupil_id", "pupil__first_name"):
        family = found.get(guardian_id)
        if family is None:
            continue
        family.children.append((pupil_id, first_name))
        for level, group_id, group_name, is_lateral in enrolled[pupil_id]:
            family.levels.add(level)
            family.groups.add((group_name, group_id))
            if is_lateral:
                lateral.add(guardian_id)
    for pk, family in found.items():
        g = family.guardian
        family.measures = {m for m in MEASURES if getattr(g, f"m_{m}")}
        if g.walked_in:
            family.measures.add("attended")
        family.needs = _needs(g, pk in lateral)
    if weeks:
        start = datetime.datetime.combine(weeks[0], datetime.time(), tzinfo=AMSTERDAM)
        stop = datetime.datetime.combine(weeks[-1] + datetime.timedelta(days=7), datetime.time(), tzinfo=AMSTERDAM)
        delivered = (
            Message.objects.filter(school_id=year.school_id, delivery_status=DeliveryStatus.DELIVERED,
                                   sent_at__gte=start, sent_at__lt=stop)
            .annotate(monday=TruncWeek("sent_at", tzinfo=AMSTERDAM))
            .values_list("guardian_id", "monday")
            .order_by()  # no default ordering in the DISTINCT: one row per guardian and week
            .distinct()
        )  # fmt: skip
        counted = set(weeks)
        for guardian_id, monday in delivered:
            day = monday.date() if isinstance(monday, datetime.datetime) else monday
            if day in counted and guardian_id in found:
                found[guardian_id].weeks.add(day)
    return list(found.values()), weeks


# -- rows -----------------------------------------------------------------------------------------


@dataclass
class Row:
    kind: str  # total | level | group | need
    label: str
    key: object = None
    total: int = 0
    counts: dict = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))
    week_counts: dict = field(default_factory=dict)  # Monday -> guardians reached
    weeks: list = field(default_factory=list)

    def add(self, family):
        self.total += 1
        for measure in family.measures:
            self.counts[measure] += 1
        for monday in family.weeks:
            self.week_counts[monday] = self.week_counts.get(monday, 0) + 1

    def share(self, n):
        return round(100 * n / self.total) if self.total else None

    @property
    def cells(self):
        return [(m, self.counts[m], self.share(self.counts[m])) for m in MEASURES]

    @property
    def reached_weekly(self):
        """Average share (0–100, one decimal) over the counted weeks; None without weeks or guardians."""
        if not self.weeks or not self.total:
            return None
        return round(sum(100 * self.week_counts.get(w, 0) / self.total for w in self.weeks) / len(self.weeks), 1)

    @property
    def reached_weekly_count(self):
        if not self.weeks:
            return None
        return round(sum(self.week_counts.get(w, 0) for w in self.weeks) / len(self.weeks), 1)


@dataclass
class Dashboard:
    year: SchoolYear
    weeks: list
    total: Row
    by_level: list
    by_group: list
    by_need: list
    families: list
    not_reached: list
    waiting: int = 0  # not-reached families left off the list: their extra follow-up starts later

    @property
    def sections(self):
        return [
            (_("Leerjaar"), self.by_level),
            (_("Groep"), self.by_group),
            (_("Ondersteuningsbehoefte"), self.by_need),
        ]

    @property
    def chart(self):
        """Per counted week: (Monday, reached, share 0–100) for the whole school."""
        return [(w, self.total.week_counts.get(w, 0), self.total.share(self.total.week_counts.get(w, 0)) or 0)
                for w in self.weeks]  # fmt: skip


def _follow_ups(year, found):
    """The newest follow-up of each not-reached guardian from meetings, conversations and reach (3 queries)."""
    ids = list(found)
    newest = {}

    def keep(guardian_id, at, label, by):
        if guardian_id not in newest or at > newest[guardian_id][0]:
            newest[guardian_id] = (at, label, by)

    rows = SessionFollowUp.objects.filter(invitation__session__school_year=year, invitation__guardian_id__in=ids)
    for f in rows.select_related("by", "invitation"):
        keep(f.invitation.guardian_id, f.at, f.get_outcome_display(), f.by)
    rows = ConversationFollowUp.objects.filter(round__school_year=year, guardian_id__in=ids).select_related("by")
    for f in rows:
        keep(f.guardian_id, f.at, f.get_outcome_display(), f.by)
    for f in ReachFollowUp.objects.filter(school_year=year, guardian_id__in=ids).select_related("by"):
        keep(f.guardian_id, f.at, f.get_outcome_display(), f.by)
    for guardian_id, value in newest.items():
        found[guardian_id].follow_up = value


def dashboard(*, year, today=None) -> Dashboard:
    """The whole dashboard for a school year (a fixed number of queries)."""
    all_families, weeks = families(year, today=today)
    total = Row("total", _("Hele school"), weeks=weeks)
    levels, groups = {}, {}
    needs = {key: Row("need", label, key, weeks=weeks) for key, label in NEEDS.items()}
    for family in all_families:
        total.add(family)
        for level in family.levels:
            levels.setdefault(level, Row("level", _("groep %(n)s") % {"n": level}, level, weeks=weeks)).add(family)
        for name, group_id in family.groups:
            groups.setdefault(group_id, Row("group", _("groep %(n)s") % {"n": name}, name, weeks=weeks)).add(family)
        for need in family.needs:
            needs[need].add(family)
    # The follow-up list leaves out families on an evaluation's wait-list for the extra follow-up
    # (they count in every figure above; they get the follow-up from the delay's end on).
    waiting = delayed_guardian_ids(year.school_id, Intervention.FOLLOWUP_EXTRA, today or timezone.localdate())
    not_reached = {f.guardian.pk: f for f in all_families if not f.reached and f.guardian.pk not in waiting}
    _follow_ups(year, not_reached)
    buddies = BuddyPair.objects.filter(ACTIVE_PAIR, guardian_id__in=list(not_reached)).select_related("buddy")
    for pair in buddies:
        not_reached[pair.guardian_id].buddy = pair.buddy
    return Dashboard(
        year=year,
        weeks=weeks,
        total=total,
        by_level=[levels[k] for k in sorted(levels)],
        by_group=[groups[k] for k in sorted(groups, key=lambda pk: (groups[pk].key, pk))],
        by_need=list(needs.values()),
        families=all_families,
        not_reached=list(not_reached.values()),
        waiting=sum(1 for f in all_families if not f.reached and f.guardian.pk in waiting),
    )


NOT_REACHED_PER_PAGE = 50


def group_choices(data) -> list[tuple[str, int]]:
    """(name, id) of every group with a guardian in the population, by name."""
    return sorted({group for family in data.families for group in family.groups})


def not_reached_filtered(data, *, groep=None, behoefte=None, opvolging=None) -> list[Family]:
    """The not-reached families of one group, with one need, and/or (not) followed up yet."""
    found = data.not_reached
    if groep is not None:
        found = [f for f in found if any(pk == groep for _name, pk in f.groups)]
    if behoefte:
        found = [f for f in found if behoefte in f.needs]
    if opvolging:
        found = [f for f in found if (f.follow_up is None) == (opvolging == "open")]
    return found


def month_labels(weeks):
    """{Monday: month label} for the first counted week of each month (chart axis)."""
    seen, labels = set(), {}
    for monday in weeks:
        if (monday.year, monday.month) not in seen:
            seen.add((monday.year, monday.month))
            labels[monday] = monday
    return labels


def followup_guardian(year, guardian_id) -> Guardian:
    """A guardian of the year's population (404 otherwise: another school, or not a parent this year)."""
    try:
        return _population(year).get(pk=guardian_id)
    except (Guardian.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


__all__ = ["DEFINITIONS", "NEEDS", "MEASURE_LABELS", "dashboard", "families", "counted_weeks", "year_for"]
