"""Reads for the development view: a pupil's levels per domain with DL, DLE, learning rate and
projection, the chart data, and the group table. The rules themselves live in rules.py; this
module only gathers the rows (a fixed number of queries, however many pupils or results) and
applies the rules to them.

Access is not decided here: views fetch the pupil or group through the scoped getters and
development.access first.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from conversations.models import AdviceTrack, Record
from ouderbetrokkenheid.school.calendar import start_year_of
from ouderbetrokkenheid.school.models import Enrollment

from . import rules, services
from .chart import Band, Chart, Expectation, Point, Series
from .models import DevelopmentSettings, Domain, ExitPerspective, Publication, ShortTermGoal, TestResult

E8_PLUS_DLE = 65  # where a level above E8 is drawn (the "E8+" row of the chart)
BEYOND = 2  # how far below (or above) its level a "<" (">") level is drawn
# The domains that decide whether a pupil is on course for the exit perspective (as in the PrO rule).
LEADING_DOMAINS = rules.PRO_KEY_DOMAINS


@dataclass
class Routes:
    name: str
    boundaries: dict
    is_default: bool

    def bands(self):
        return [(track, low, high) for track, low, high in rules.route_bands(self.boundaries)]

    def low_of(self, track):
        return next((low for t, low, _high in self.bands() if t == track), 0)


@dataclass
class DomainView:
    domain: str
    label: str
    points: list = field(default_factory=list)  # [chart.Point], in time order
    dl: float | None = None  # of the latest result
    dle: float | None = None
    level: str = ""  # the latest level as reported/derived, e.g. "M5", "E8+"
    rate: float | None = None
    delay: float | None = None
    projection: float | None = None  # expected DLE at the end of groep 8, own rate
    expectations: dict = field(default_factory=dict)  # {0.5: dle, 0.75: dle, 1.0: dle}
    projected_track: str = ""
    on_course: bool | None = None

    @property
    def has_data(self):
        return self.dle is not None

    @property
    def projection_level(self):
        return rules.level_for_dle(self.projection) if self.projection is not None else ""

    @property
    def projected_track_label(self):
        return AdviceTrack(self.projected_track).label if self.projected_track else ""


@dataclass
class PupilView:
    pupil: object
    year_level: int | None
    domains: list
    routes: Routes
    exit_perspective: object | None
    pro_delay_criterion: bool  # the achterstand half of the PrO rule only (no IQ here)
    goals: list = field(default_factory=list)
    publication: object | None = None
    perspective_from: int = 6

    @property
    def name(self):
        return self.pupil.first_name

    @property
    def exit_track(self):
        return self.exit_perspective.track if self.exit_perspective else ""

    @property
    def exit_track_label(self):
        return AdviceTrack(self.exit_track).label if self.exit_track else ""

    @property
    def with_data(self):
        return [d for d in self.domains if d.has_data]

    @property
    def on_course(self):
        """True/False for the exit perspective (the leading domains decide); None without one or without data."""
        if not self.exit_track:
            return None
        leading = [d for d in self.with_data if d.domain in LEADING_DOMAINS] or self.with_data
        verdicts = [d.on_course for d in leading if d.on_course is not None]
        return all(verdicts) if verdicts else None

    @property
    def off_course(self):
        return self.on_course is False


# -- gathering rows (each a single query, for one pupil or many) ----------------------------------


def _histories(pupil_ids, results):
    """{pupil_id: {start_year: prior_years}} from the enrollments (one query) and, for school years
    the app has no enrollment for (before the school used it), from the test results themselves:
    results of groep 4 in two school years are a repeated year (rules.merged_years)."""
    years = {}
    rows = Enrollment.objects.filter(pupil_id__in=pupil_ids).values_list(
        "pupil_id", "group__school_year__first_day", "year_level", "is_lateral_entrant"
    )
    for pupil_id, first_day, year_level, lateral in rows:
        start = start_year_of(first_day)
        known = years.setdefault(pupil_id, {})
        level, was_lateral = known.get(start, (0, False))
        known[start] = (max(level, year_level), was_lateral or lateral)
    histories = {}
    for pupil_id in pupil_ids:
        enrolled = [(start, level, lateral) for start, (level, lateral) in years.get(pupil_id, {}).items()]
        tested = {
            (r.school_year_start, r.year_level) for by_domain in results.get(pupil_id, {}).values() for r in by_domain
        }
        histories[pupil_id] = rules.didactic_history(rules.merged_years(enrolled, sorted(tested)))
    return histories


def _settings_by_year(school_id):
    rows = DevelopmentSettings.objects.filter(school_year__school_id=school_id).select_related("school_year")
    return {start_year_of(s.school_year.first_day): s for s in rows}


def routes_for(school_id) -> Routes:
    name, boundaries, is_default = services.routes_for(school_id)
    return Routes(name=name, boundaries=boundaries, is_default=is_default)


def _results(pupil_ids):
    """{pupil_id: {domain: [result, …]}}: per moment the latest test, in time order (one query)."""
    rows = TestResult.objects.filter(pupil_id__in=pupil_ids).order_by("pupil_id", "domain", "taken_on", "pk")
    out = {}
    for row in rows:
        by_moment = out.setdefault(row.pupil_id, {}).setdefault(row.domain, {})
        # A later test of the same moment replaces it; a repeated year holds the moment twice.
        by_moment[(row.school_year_start, row.year_level, row.phase)] = row
    return {pid: {d: list(moments.values()) for d, moments in domains.items()} for pid, domains in out.items()}


def _latest_perspectives(pupil_ids):
    rows = (
        ExitPerspective.objects.filter(pupil_id__in=pupil_ids)
        .order_by("pupil_id", "-recorded_at", "-pk")
        .select_related("recorded_by")
    )
    latest = {}
    for row in rows:  # newest first per pupil (portable: no DISTINCT ON, which SQLite lacks)
        latest.setdefault(row.pupil_id, row)
    return latest


def _year_levels(pupil_ids, day):
    rows = Enrollment.objects.current(day).filter(pupil_id__in=pupil_ids).values_list("pupil_id", "year_level")
    return dict(rows)


# -- applying the rules --------------------------------------------------------------------------


def _point(result, history, settings):
    level, _source = rules.effective_level(result.level_reported, result.level_derived, result.dle_reported)
    if level is None:
        return None
    start = result.school_year_start
    prior = history.get(start, max(0, result.year_level - rules.FIRST_YEAR_LEVEL))
    dl = rules.moment_dl(result.year_level, result.phase, prior, settings.get(start))
    shown = level.dle
    if level.qualifier == ">" and level.dle >= rules.MAX_DL:
        shown = E8_PLUS_DLE
    elif level.qualifier:  # "<M5" drawn a little below M5, ">M5" a little above
        shown = level.dle + (BEYOND if level.qualifier == ">" else -BEYOND)
    return Point(dl=dl, dle=shown, label=level.label), level.dle


def domain_view(domain, results, history, settings, routes, exit_track="") -> DomainView:
    view = DomainView(domain=domain, label=str(Domain(domain).label))
    measured = [p for p in (_point(r, history, settings) for r in results) if p is not None]
    measured.sort(key=lambda item: item[0].dl)
    view.points = [point for point, _dle in measured]
    if not measured:
        return view
    last, dle = measured[-1]
    view.dl, view.dle, view.level = last.dl, dle, last.label
    view.rate, view.delay = rules.learning_rate(dle, last.dl), rules.delay(dle, last.dl)
    if view.rate is not None:
        view.projection = rules.projected_dle(dle, last.dl, view.rate)
        view.projected_track = rules.track_for_exit_dle(view.projection, routes.boundaries)
        if exit_track:
            view.on_course = view.projection >= routes.low_of(exit_track)
    view.expectations = {rate: rules.projected_dle(dle, last.dl, rate) for rate in rules.EXPECTATIONS}
    return view


def _pupil_view(pupil, *, results, history, settings, routes, perspective, year_level):
    exit_track = perspective.track if perspective else ""
    domains = [domain_view(d, results.get(d, []), history, settings, routes, exit_track) for d in Domain.values]
    current = settings.get(start_year_of(timezone.localdate()))
    return PupilView(
        pupil=pupil,
        year_level=year_level,
        domains=domains,
        routes=routes,
        exit_perspective=perspective,
        pro_delay_criterion=rules.pro_delay_criterion({d.domain: d.delay for d in domains}),
        perspective_from=current.perspective_from_year_level if current else 6,
    )


def pupil_view(pupil, *, day=None) -> PupilView:
    """Everything the view of one pupil shows (a fixed number of queries)."""
    day = day or timezone.localdate()
    ids = [pupil.pk]
    view = _pupil_view(
        pupil,
        results=(results := _results(ids)).get(pupil.pk, {}),
        history=_histories(ids, results).get(pupil.pk, {}),
        settings=_settings_by_year(pupil.school_id),
        routes=routes_for(pupil.school_id),
        perspective=_latest_perspectives(ids).get(pupil.pk),
        year_level=_year_levels(ids, day).get(pupil.pk),
    )
    view.goals = list(
        ShortTermGoal.objects.filter(pupil=pupil, outcome="").order_by("domain", "evaluation_date", "-recorded_at")
    )
    view.publication = Publication.objects.filter(pupil=pupil).select_related("published_by").first()
    return view


def group_table(group, *, day=None) -> list[PupilView]:
    """One PupilView per pupil currently in the group, by name (a fixed number of queries)."""
    day = day or timezone.localdate()
    enrollments = (
        Enrollment.objects.current(day).filter(group=group).select_related("pupil").order_by("pupil__last_name",
                                                                                              "pupil__first_name")
    )  # fmt: skip
    pupils = {e.pupil_id: (e.pupil, e.year_level) for e in enrollments}
    ids = list(pupils)
    results = _results(ids)
    histories = _histories(ids, results)
    settings = _settings_by_year(group.school_year.school_id)
    routes = routes_for(group.school_year.school_id)
    perspectives = _latest_perspectives(ids)
    published = set(Publication.objects.filter(pupil_id__in=ids).values_list("pupil_id", flat=True))
    rows = []
    for pupil_id, (pupil, year_level) in pupils.items():
        view = _pupil_view(pupil, results=results.get(pupil_id, {}), history=histories.get(pupil_id, {}),
                           settings=settings, routes=routes, perspective=perspectives.get(pupil_id),
                           year_level=year_level)  # fmt: skip
        view.publication = pupil_id in published
        rows.append(view)
    return rows


# -- the chart -----------------------------------------------------------------------------------


def focus_domain(view: PupilView, requested: str = "") -> DomainView | None:
    """The domain the expectation lines start from: the requested one, else the lowest projection."""
    with_data = [d for d in view.with_data if d.projection is not None]
    chosen = next((d for d in with_data if d.domain == requested), None)
    return chosen or min(with_data, key=lambda d: d.projection, default=None)


def chart_for(view: PupilView, *, description: str, focus: str = "", expectations: bool = True) -> Chart:
    bands = [Band(track, str(AdviceTrack(track).label), low, high) for track, low, high in view.routes.bands()]
    series = [Series(d.domain, d.label, d.points, d.projection) for d in view.domains if d.points]
    lines, note = [], ""
    start = focus_domain(view, focus) if expectations else None
    if start is not None:
        origin = Point(start.dl, start.dle, start.level)
        lines = [Expectation(f"{round(rate * 100)}%", origin, start.expectations[rate]) for rate in rules.EXPECTATIONS]
        note = _("verwachting bij 50, 75 en 100%% groei per jaar (%(domain)s)") % {"domain": start.label}
    return Chart(
        title=_("Ontwikkeling van %(name)s") % {"name": view.name},
        description=description,
        series=series,
        bands=bands,
        expectations=lines,
        exit_track=view.exit_track,
        route_table=view.routes.name,
        expectation_note=note,
    )


def latest_record(pupil):
    """The latest conversation record of the pupil (for the PDF), or None."""
    return (
        Record.objects.filter(booking__pupil=pupil)
        .select_related("booking__slot__staff", "booking__round", "author")
        .prefetch_related("agreements")
        .order_by("-booking__slot__starts_at")
        .first()
    )
