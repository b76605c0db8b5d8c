"""The public rules behind the development view (issue 6). Pure functions: no ORM, no I/O.

Sources (all public):

- Functioning level ↔ didactic age equivalent (DLE), "Regeling screenings- en testinstrumenten
  LWOO en PrO": "M5 met een DL van 25"; so M3 = 5, E3 = 10, M4 = 15, E4 = 20, … M8 = 55, E8 = 60,
  and a level above E8 is shown as "E8+".
- Didactic age (DL), Besluit regionale verwijzingscommissies (art. 4): the months of schooling from
  groep 3, September to June, ten per school year; a repeated year counts on; at most 60. The
  offset of a mid-year test moment is a school setting (DevelopmentSettings).
- Learning rate LR = DLE / DL; learning delay = 1 − DLE / DL; expected DLE at the end of groep 8 =
  DLE + LR × (60 − DL), for the pupil's own LR and for chosen expectations (EXPECTATIONS).
- Praktijkonderwijs (PrO): a delay of at least 0.5 (three years or more) on at least two of the
  four domains, one of them maths or reading comprehension. The old LWOO band: 0.25 ≤ delay < 0.5.
- The boundaries between vmbo-kb, gl/tl, havo and vwo are not set by law: school (or regional)
  policy. DEFAULT_ROUTES is this app's own default, clearly labelled, and the IB can change it.
- School advice since 2023-24 (WPO art. 42/43, Besluit doorstroomtoetsen): provisional advice
  before the transfer test (January of groep 8), the test in February, the final advice by 24
  March; after the test result an advice may only be raised, never lowered.

This app does not ship (and must not contain) Cito norm tables or the opptrap.nl route lines.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.calendar import start_year_of

MAX_DL = 60
DLE_PER_YEAR = 10
FIRST_YEAR_LEVEL = 3  # DL and DLE count from groep 3
LAST_YEAR_LEVEL = 8

# Expected learning rates shown beside the pupil's own (50 %, 75 %, 100 % of a year's growth a year).
EXPECTATIONS = (0.5, 0.75, 1.0)

DOMAINS = ("technical_reading", "reading_comprehension", "spelling", "maths")  # models.Domain values
PRO_KEY_DOMAINS = ("maths", "reading_comprehension")
PRO_DELAY = 0.5
LWOO_DELAY = 0.25

# Lowest expected DLE at the end of groep 8 for each track above PrO (below vmbo_bb = PrO).
# This app's own default, not law and not taken from any published spreadsheet: school policy.
DEFAULT_ROUTES = {"vmbo_bb": 30, "vmbo_kb": 40, "vmbo_gt": 47, "havo": 55, "vwo": 62}
DEFAULT_ROUTES_NAME = _("Standaardtabel van de app (schoolbeleid, aan te passen door de IB)")
# Track order, lowest first (conversations.models.AdviceTrack values).
TRACKS = ("pro", "vmbo_bb", "vmbo_kb", "vmbo_gt", "havo", "vwo")
ROUTE_KEYS = TRACKS[1:]
# Upper edge of the highest band on a chart (vwo has no upper boundary).
ROUTE_TOP = 70

_LEVEL_RE = re.compile(r"^\s*([<>])?\s*([BME])\s*([1-8])\s*(\+)?\s*$", re.IGNORECASE)
_MOMENT_RE = re.compile(r"^\s*([BME])\s*([1-8])\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Level:
    """A functioning level as a DLE (months of schooling from groep 3) and a qualifier.

    qualifier "<" means "below this level" (e.g. "<E3"), ">" "above" (">E8", shown as "E8+").
    """

    dle: int
    qualifier: str = ""  # "", "<" or ">"

    @property
    def label(self) -> str:
        if self.qualifier == ">" and self.dle >= MAX_DL:
            return "E8+"
        return f"{self.qualifier}{_moment_label(self.dle)}"


def _moment_label(dle: int) -> str:
    """5 → "M3", 10 → "E3", 0 → "B3" (the start of groep 3); in between, the level reached (31 → "E5")."""
    step = DLE_PER_YEAR // 2
    dle = int(dle // step) * step
    if dle <= 0:
        return "B3"
    years, rest = divmod(dle, DLE_PER_YEAR)
    if rest == 0:
        return f"E{FIRST_YEAR_LEVEL - 1 + years}"
    return f"M{FIRST_YEAR_LEVEL + years}"


def moment_dle(phase: str, year_level: int) -> int:
    """The DLE of a moment: M5 → 25, E4 → 20, B5 (start of groep 5 = end of groep 4) → 20."""
    base = (year_level - FIRST_YEAR_LEVEL) * DLE_PER_YEAR
    return base + {"B": 0, "M": DLE_PER_YEAR // 2, "E": DLE_PER_YEAR}[phase.upper()]


def parse_moment(text: str) -> tuple[str, int] | None:
    """A test moment "M5" / "e4" / "B6" → ("M", 5); groep 1–8 allowed; invalid → None."""
    match = _MOMENT_RE.match(text or "")
    if not match:
        return None
    return match.group(1).upper(), int(match.group(2))


def parse_level(text: str) -> Level | None:
    """A reported functioning level → Level; invalid → None.

    "M5" → 25, "E3" → 10, "<M3" → (5, "<"), ">E8" and "E8+" → (60, ">"), "B5" → 20 (the start of
    groep 5 = E4, used by newer tests). Levels count from groep 3: "M2" is invalid; "B3" is 0.
    """
    match = _LEVEL_RE.match(text or "")
    if not match:
        return None
    qualifier, phase, year, plus = match.groups()
    year_level = int(year)
    if year_level < FIRST_YEAR_LEVEL:
        return None
    if plus:
        if qualifier or (phase.upper(), year_level) != ("E", LAST_YEAR_LEVEL):
            return None  # only "E8+" has a plus
        qualifier = ">"
    return Level(dle=moment_dle(phase, year_level), qualifier=qualifier or "")


def level_for_dle(dle: float) -> str:
    """The M/E level a DLE reaches: 27 → "M5", 30 → "E5", 4 → "<M3", 60 → "E8", 61 → "E8+"."""
    if dle > MAX_DL:
        return "E8+"
    if dle < DLE_PER_YEAR // 2:
        return "<M3"
    return _moment_label(dle)


def level_phrase(dle: float) -> tuple[str, int, bool]:
    """Data for words: (phase, year_level, above_e8) of the level a DLE reaches.

    27 → ("M", 5, False): "midden groep 5"; 30 → ("E", 5, False): "eind groep 5"; below M3 →
    ("B", 3, False): "begin groep 3"; 60 → ("E", 8, False); above 60 → ("E", 8, True): "boven
    eind groep 8".
    """
    if dle > MAX_DL:
        return ("E", LAST_YEAR_LEVEL, True)
    label = level_for_dle(dle)
    if label == "<M3":
        return ("B", FIRST_YEAR_LEVEL, False)
    return (label[0], int(label[1:]), False)


def moment_dl(year_level: int, phase: str, prior_years: int, settings=None) -> int:
    """Didactic age at a test moment: ten months per school year in groep 3 or higher before this
    one (`prior_years`, a repeated year counting on), plus the moment's offset in this year: B =
    settings.begin_offset_months (default 0), M = settings.middle_offset_months (default 5), E = 10.
    At most 60. Before groep 3 the DL is 0.
    """
    if year_level < FIRST_YEAR_LEVEL:
        return 0
    offsets = {
        "B": getattr(settings, "begin_offset_months", 0),
        "M": getattr(settings, "middle_offset_months", DLE_PER_YEAR // 2),
        "E": DLE_PER_YEAR,
    }
    return min(MAX_DL, prior_years * DLE_PER_YEAR + offsets[phase.upper()])


def didactic_history(enrollment_years: list[tuple[int, int, bool]]) -> dict[int, int]:
    """For each school year (start_year, year_level, lateral_entrant) the number of school years
    in groep 3 or higher before it (`prior_years` for moment_dl).

    - A year in groep 3+ counts one on, also when it is repeated (a repeated groep 5 after a groep
      5 gives the second groep 5 one prior year more).
    - The first known year, and any year marked as lateral entry, starts from year_level − 3: we
      assume schooling before entry as if in the Dutch system from groep 3 (a lateral entrant in
      groep 5 has two prior years), unless the school records otherwise (then it enters the
      pupil's earlier years). A lateral entrant never gets fewer prior years than the count on.
    - A gap in the records (a missing year) counts as schooling.
    """
    history: dict[int, int] = {}
    previous: tuple[int, int] | None = None  # (start_year, year_level)
    prior = 0
    for start_year, year_level, lateral in sorted(enrollment_years):
        from_level = max(0, year_level - FIRST_YEAR_LEVEL)
        if previous is None:
            prior = from_level
        else:
            prev_start, prev_level = previous
            if prev_level >= FIRST_YEAR_LEVEL:
                prior += start_year - prev_start
            else:
                prior = from_level
            if lateral:
                prior = max(prior, from_level)
        history[start_year] = prior
        previous = (start_year, year_level)
    return history


def merged_years(
    enrollment_years: list[tuple[int, int, bool]], result_years: list[tuple[int, int]]
) -> list[tuple[int, int, bool]]:
    """Input for didactic_history from the school's enrollments and, for school years without an
    enrollment (before the app was used), the (start_year, year_level) of the pupil's test results.
    An enrollment wins for its year; results of groep 4 in two school years are a repeated year."""
    years = {start: (level, lateral) for start, level, lateral in enrollment_years}
    for start, level in result_years:
        if start not in years:
            years[start] = (level, False)
        elif start not in {s for s, _l, _lat in enrollment_years}:
            years[start] = (max(years[start][0], level), False)
    return sorted((start, level, lateral) for start, (level, lateral) in years.items())


def learning_rate(dle: float, dl: float) -> float | None:
    """LR = DLE / DL; None when DL is 0 (before groep 3 or at its very start)."""
    if not dl:
        return None
    return dle / dl


def delay(dle: float, dl: float) -> float | None:
    """Learning delay = 1 − DLE / DL (0.5 = half of the schooling behind); None when DL is 0."""
    if not dl:
        return None
    return 1 - dle / dl


def projected_dle(dle: float, dl: float, rate: float) -> float:
    """Expected DLE at the end of groep 8: DLE + rate × (60 − DL)."""
    return dle + rate * (MAX_DL - min(dl, MAX_DL))


def validate_routes(boundaries: dict) -> list[str]:
    """Dutch errors for a route table: all five tracks, whole numbers, strictly increasing."""
    errors = []
    values = []
    for key in ROUTE_KEYS:
        value = boundaries.get(key) if isinstance(boundaries, dict) else None
        if isinstance(value, bool) or not isinstance(value, int):
            errors.append(f"{key}: vul een heel getal in.")
            continue
        if not 0 < value <= 80:
            errors.append(f"{key}: {value} ligt niet tussen 1 en 80.")
        values.append(value)
    if not errors and any(b <= a for a, b in zip(values, values[1:], strict=False)):
        errors.append("De grenzen moeten oplopen: vmbo-bb < vmbo-kb < vmbo-gl/tl < havo < vwo.")
    return errors


def track_for_exit_dle(dle: float, boundaries: dict | None = None) -> str:
    """The track whose band an expected DLE at the end of groep 8 falls in (AdviceTrack value)."""
    boundaries = boundaries or DEFAULT_ROUTES
    track = "pro"
    for key in ROUTE_KEYS:
        if dle >= boundaries[key]:
            track = key
    return track


def route_bands(boundaries: dict | None = None) -> list[tuple[str, float, float]]:
    """[(track, low_exit_dle, high_exit_dle)], lowest first: PrO from 0, vwo up to ROUTE_TOP."""
    boundaries = boundaries or DEFAULT_ROUTES
    edges = [0] + [boundaries[key] for key in ROUTE_KEYS] + [max(ROUTE_TOP, boundaries["vwo"] + 5)]
    return [(track, edges[i], edges[i + 1]) for i, track in enumerate(TRACKS)]


def track_rank(track: str) -> int:
    """Order of tracks, PrO = 0 … vwo = 5."""
    return TRACKS.index(track)


def pro_delay_criterion(delays: dict[str, float | None]) -> bool:
    """The delay (achterstand) criterion of the public PrO rule: delay ≥ 0.5 on at least two of the
    four domains, at least one of them maths or reading comprehension. Domains without a delay
    (None or missing) do not count. Only half of the rule: admission to praktijkonderwijs also
    needs an IQ between 55 and 80, which this app does not hold, so this is never a PrO indication
    on its own."""
    behind = {domain for domain, value in delays.items() if value is not None and value >= PRO_DELAY}
    return len(behind) >= 2 and bool(behind & set(PRO_KEY_DOMAINS))


def lwoo_band(delay_value: float | None) -> bool:
    """The old LWOO band: 0.25 ≤ delay < 0.5."""
    return delay_value is not None and LWOO_DELAY <= delay_value < PRO_DELAY


def default_advice_timeline(first_day: datetime.date, last_day: datetime.date) -> dict[str, datetime.date]:
    """Advice dates of a school year by the law since 2023-24 (keys = DevelopmentSettings fields).

    groep7_advice_by: the end of groep 7 (the last school day); provisional_advice_by: 31 January
    (before the transfer test); transfer_test_from/until: February; final_advice_by: 24 March.
    """
    spring = start_year_of(first_day) + 1
    march_first = datetime.date(spring, 3, 1)
    return {
        "groep7_advice_by": last_day,
        "provisional_advice_by": datetime.date(spring, 1, 31),
        "transfer_test_from": datetime.date(spring, 2, 1),
        "transfer_test_until": march_first - datetime.timedelta(days=1),
        "final_advice_by": datetime.date(spring, 3, 24),
    }


def advice_change_allowed(previous_track: str | None, new_track: str, after_transfer_test: bool) -> bool:
    """Before the transfer test result an advice may change either way; after it, only be raised
    (or kept), never lowered."""
    if previous_track is None or not after_transfer_test:
        return True
    return track_rank(new_track) >= track_rank(previous_track)


def effective_level(level_reported: str, level_derived: str, dle_reported=None) -> tuple[Level | None, str]:
    """Which level counts: the school table's derived level when present ("school_table"), else the
    level the pupil monitoring system reported ("reported"), else a reported DLE ("dle"); else
    (None, ""). Both stored levels stay; nothing is overwritten."""
    derived = parse_level(level_derived)
    if derived is not None:
        return derived, "school_table"
    reported = parse_level(level_reported)
    if reported is not None:
        return reported, "reported"
    if dle_reported is not None:
        return Level(dle=int(round(float(dle_reported)))), "dle"
    return None, ""
