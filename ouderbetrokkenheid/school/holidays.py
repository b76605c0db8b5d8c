"""Dutch school holidays per region, public holidays, and the import of newer official dates.

- Where the official school holidays of a year and region come from, first found wins:
  1. `OfficialHoliday` rows imported from the government's open-data JSON (`parse_open_data`,
     `import_open_data`, manage.py import_school_holidays): the override;
  2. the shipped file (school/data/school-holidays-nl.json; 2025-26, 2026-27 and 2027-28; end
     dates inclusive). The `holidays` package's data equals it for those years in all three
     regions (tests/school/test_holidays_package.py), the file stays their source;
  3. the `holidays` package (pinned in requirements.txt; its Dutch "school" category holds the
     ministry's dates per region, through the school year 2029-30 in version 0.109), so the app
     does not go blind after summer 2028. A year the package does not know fully is unknown.
- "Advice" dates may be moved by a school: the autumn and spring holidays (carnaval in the
  south), and the optional second May week. Christmas, the May week and summer are fixed.
- Public holidays are computed (Easter arithmetic from dateutil). Which ones are days off is
  partly the school's choice: Good Friday, 5 May outside lustrum years and the Friday after
  Ascension are off only when the school says so.
"""

import datetime
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dateutil.easter import easter
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .calendar import friday_on_or_before, monday_on_or_after, start_year_of
from .clock import local_day
from .models import OfficialHoliday, Region

DATA_FILE = Path(__file__).parent / "data" / "school-holidays-nl.json"
REGIONS = tuple(Region.values)
KINDS = ("herfstvakantie", "kerstvakantie", "voorjaarsvakantie", "meivakantie", "zomervakantie")
NAMES = {
    "herfstvakantie": "Herfstvakantie",
    "kerstvakantie": "Kerstvakantie",
    "voorjaarsvakantie": "Voorjaarsvakantie",
    "meivakantie": "Meivakantie",
    "zomervakantie": "Zomervakantie",
}
ADVICE_KINDS = ("herfstvakantie", "voorjaarsvakantie")
SECOND_MAY_WEEK = "Meivakantie (tweede week)"
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class OfficialPeriod:
    kind: str  # one of KINDS
    name: str
    start_date: datetime.date
    end_date: datetime.date
    is_advice: bool


def label(start_year: int) -> str:
    return f"{start_year}-{start_year + 1}"


PACKAGE_SUBDIVISIONS = {"noord": "Noord", "midden": "Midden", "zuid": "Zuid"}


@cache
def shipped() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _shipped_periods(start_year, region):
    rows = shipped()["schoolyears"].get(label(start_year), [])
    return [
        OfficialPeriod(
            kind=row["type"],
            name=NAMES[row["type"]],
            start_date=datetime.date.fromisoformat(row[region][0]),
            end_date=datetime.date.fromisoformat(row[region][1]),
            is_advice=row["status"] == "advies" or row["type"] in ADVICE_KINDS,
        )
        for row in rows
        if region in row
    ]


@cache
def package_periods(start_year: int, region: str) -> tuple[OfficialPeriod, ...]:
    """The school holidays of the school year starting in `start_year` according to the `holidays`
    package (no database); empty unless it knows all five holidays of that year."""
    import holidays as holidays_package  # the package, not this module

    days = holidays_package.country_holidays(
        "NL",
        subdiv=PACKAGE_SUBDIVISIONS[region],
        categories=(holidays_package.SCHOOL,),
        years=(start_year, start_year + 1),
        language="nl",
    )
    runs = []  # [kind, first day, last day] of consecutive days with one name
    for day, name in sorted(days.items()):
        kind = name.strip().lower()
        if runs and runs[-1][0] == kind and runs[-1][2] + ONE_DAY == day:
            runs[-1][2] = day
        else:
            runs.append([kind, day, day])
    # the year's holidays start from its autumn up to its summer (not last year's January or summer)
    first, last = datetime.date(start_year, 9, 1), datetime.date(start_year + 1, 8, 31)
    periods = {kind: (start, end) for kind, start, end in runs if kind in KINDS and first <= start <= last}
    if set(periods) != set(KINDS):
        return ()
    return tuple(
        OfficialPeriod(kind, NAMES[kind], start, end, kind in ADVICE_KINDS) for kind, (start, end) in periods.items()
    )


def official_holidays(start_year: int, region: str, *, imported: bool = True) -> list[OfficialPeriod]:
    """The official school holidays of the school year starting in `start_year`: the imported ones
    (one query), else the shipped ones, else the `holidays` package's; `imported=False` reads no
    database (the shipped file, else the package)."""
    if region not in REGIONS:
        raise ValueError(f"unknown region {region!r}")
    if imported:
        imported = OfficialHoliday.objects.filter(school_year=label(start_year), region=region).order_by("start_date")
    else:
        imported = []
    periods = [
        OfficialPeriod(
            row.kind,
            NAMES.get(row.kind, row.kind.capitalize()),
            row.start_date,
            row.end_date,
            row.is_advice or row.kind in ADVICE_KINDS,
        )
        for row in imported
    ]
    periods = periods or _shipped_periods(start_year, region) or list(package_periods(start_year, region))
    if region == Region.SOUTH:
        periods = [
            OfficialPeriod(p.kind, "Voorjaarsvakantie (carnaval)", p.start_date, p.end_date, True)
            if p.kind == "voorjaarsvakantie"
            else p
            for p in periods
        ]
    return sorted(periods, key=lambda p: p.start_date)


def package_start_years() -> list[int]:
    """The school years after the shipped file that the `holidays` package knows in every region."""
    last_shipped = max(int(key[:4]) for key in shipped()["schoolyears"])
    years = range(last_shipped + 1, last_shipped + 11)
    return [year for year in years if all(package_periods(year, region) for region in REGIONS)]


def known_start_years() -> list[int]:
    """School years with official dates: shipped, from the `holidays` package, or imported."""
    years = {int(key[:4]) for key in shipped()["schoolyears"]} | set(package_start_years())
    years |= {int(value[:4]) for value in OfficialHoliday.objects.values_list("school_year", flat=True).distinct()}
    return sorted(years)


def _summer(start_year, region, imported):
    holidays = official_holidays(start_year, region, imported=imported)
    return next((p for p in holidays if p.kind == "zomervakantie"), None)


def year_bounds(start_year: int, region: str, *, imported: bool = True) -> tuple[datetime.date, datetime.date]:
    """First and last school day: the Monday after last summer, the Friday before the next one.

    Raises LookupError (Dutch) when the official dates of that year are unknown.
    """
    summer = _summer(start_year, region, imported)
    if summer is None:
        raise LookupError(
            _("De officiële schoolvakanties van %(year)s zijn niet bekend; lees eerst het bestand van de overheid in.")
            % {"year": label(start_year)}
        )
    previous = _summer(start_year - 1, region, imported)
    if previous is not None:
        ended = previous.end_date
    else:
        known = shipped().get("summer_2025_ended", {})
        if start_year != 2025 or region not in known:
            ended = datetime.date(start_year, 8, 23)  # usual: school starts in the last week of August
        else:
            ended = datetime.date.fromisoformat(known[region])
    return monday_on_or_after(ended + ONE_DAY), friday_on_or_before(summer.start_date - ONE_DAY)


def running_or_next_start_year(day: datetime.date, region: str, *, imported: bool = True) -> int:
    """The start year of the region's official school year holding `day`; in the summer holiday the
    one about to start (as `SchoolYear.objects.running_or_next`, for a school without stored years).
    A year without official dates ends on its usual last day, the Friday before 17 July."""
    start_year = start_year_of(day)
    try:
        _first, last_day = year_bounds(start_year, region, imported=imported)
    except LookupError:
        last_day = friday_on_or_before(datetime.date(start_year + 1, 7, 16))
    return start_year + 1 if day > last_day else start_year


def second_may_week(may: OfficialPeriod) -> tuple[datetime.date, datetime.date]:
    """The advised second May week: before the official week when King's Day lies before it, else after."""
    kings_day = kings_day_of(may.start_date.year)
    if kings_day < may.start_date:
        return may.start_date - datetime.timedelta(days=7), may.start_date - ONE_DAY
    return may.end_date + ONE_DAY, may.end_date + datetime.timedelta(days=7)


# -- public holidays ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicHoliday:
    name: str
    day: datetime.date
    day_off: bool  # the default: is it a day off unless the school decides otherwise?
    school_choice: bool  # the school decides whether it is a day off


def kings_day_of(year: int) -> datetime.date:
    day = datetime.date(year, 4, 27)
    return day - ONE_DAY if day.weekday() == 6 else day


def dutch_public_holidays(year: int) -> list[PublicHoliday]:
    """Dutch public holidays of calendar year `year`, plus the Friday after Ascension (a school choice)."""
    sunday = easter(year)
    liberation_off = year % 5 == 0  # 5 May is a national day off in lustrum years only
    days = [
        PublicHoliday("Nieuwjaarsdag", datetime.date(year, 1, 1), True, False),
        PublicHoliday("Goede Vrijdag", sunday - datetime.timedelta(days=2), False, True),
        PublicHoliday("Eerste Paasdag", sunday, True, False),
        PublicHoliday("Tweede Paasdag", sunday + ONE_DAY, True, False),
        PublicHoliday("Koningsdag", kings_day_of(year), True, False),
        PublicHoliday("Bevrijdingsdag", datetime.date(year, 5, 5), liberation_off, True),
        PublicHoliday("Hemelvaartsdag", sunday + datetime.timedelta(days=39), True, False),
        PublicHoliday("Vrijdag na Hemelvaart", sunday + datetime.timedelta(days=40), False, True),
        PublicHoliday("Eerste Pinksterdag", sunday + datetime.timedelta(days=49), True, False),
        PublicHoliday("Tweede Pinksterdag", sunday + datetime.timedelta(days=50), True, False),
        PublicHoliday("Eerste Kerstdag", datetime.date(year, 12, 25), True, False),
        PublicHoliday("Tweede Kerstdag", datetime.date(year, 12, 26), True, False),
    ]
    return sorted(days, key=lambda h: h.day)


def public_holidays_between(first_day: datetime.date, last_day: datetime.date) -> list[PublicHoliday]:
    return [
        h
        for year in range(first_day.year, last_day.year + 1)
        for h in dutch_public_holidays(year)
        if first_day <= h.day <= last_day
    ]


# -- the government's open data -----------------------------------------------------------------


@dataclass(frozen=True)
class ParsedHoliday:
    school_year: str
    kind: str
    region: str
    start_date: datetime.date
    end_date: datetime.date
    is_advice: bool


def _date(value, where):
    """A date from the open data: '2026-10-17', or a UTC timestamp of Amsterdam midnight."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(_("%(where)s: datum ontbreekt.") % {"where": where})
    text = value.strip()
    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text)
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(
            _("%(where)s: %(value)s is geen geldige datum.") % {"where": where, "value": text}
        ) from None
    if moment.tzinfo is None:
        return moment.date()
    return local_day(moment)


def _school_year(value):
    text = str(value or "").strip().replace("/", "-")
    parts = text.split("-")
    if len(parts) != 2 or not all(p.isdigit() and len(p) == 4 for p in parts) or int(parts[1]) != int(parts[0]) + 1:
        raise ValidationError(_("Onbekend schooljaar in het bestand: %(value)s.") % {"value": value})
    return text


def _kind(value, where):
    kind = str(value or "").strip().lower()
    if kind not in KINDS:
        raise ValidationError(_("%(where)s: onbekende vakantie %(value)s.") % {"where": where, "value": value})
    return kind


def _regions(value, where):
    name = str(value or "").strip().lower()
    if name in REGIONS:
        return [name]
    if name in ("heel nederland", "nederland", "alle regio's", "alle regios"):
        return list(REGIONS)
    raise ValidationError(_("%(where)s: onbekende regio %(value)s.") % {"where": where, "value": value})


def _from_api(document):
    rows = []
    for block in document.get("content") or []:
        year = _school_year(block.get("schoolyear"))
        for vacation in block.get("vacations") or []:
            kind = _kind(vacation.get("type"), year)
            compulsory = str(vacation.get("compulsorydates", "")).strip().lower() == "true"
            where = f"{NAMES[kind]} {year}"
            for region in vacation.get("regions") or []:
                start = _date(region.get("startdate"), where)
                end = _date(region.get("enddate"), where)
                for name in _regions(region.get("region"), where):
                    rows.append(ParsedHoliday(year, kind, name, start, end, not compulsory or kind in ADVICE_KINDS))
    return rows


def _from_shipped_shape(document):
    rows = []
    for year, vacations in document["schoolyears"].items():
        year = _school_year(year)
        for vacation in vacations:
            kind = _kind(vacation.get("type"), year)
            where = f"{NAMES[kind]} {year}"
            for region in REGIONS:
                if region in vacation:
                    dates = vacation[region]
                    if not isinstance(dates, list) or len(dates) != 2:
                        raise ValidationError(_("%(where)s: verwacht begin- en einddatum.") % {"where": where})
                    advice = vacation.get("status") == "advies" or kind in ADVICE_KINDS
                    rows.append(
                        ParsedHoliday(year, kind, region, _date(dates[0], where), _date(dates[1], where), advice)
                    )
    return rows


def _check(rows):
    if not rows:
        raise ValidationError(_("Het bestand bevat geen schoolvakanties."))
    seen = set()
    for row in rows:
        where = f"{NAMES[row.kind]} {row.school_year} ({row.region})"
        if row.end_date < row.start_date:
            raise ValidationError(_("%(where)s: de einddatum ligt vóór de begindatum.") % {"where": where})
        first = int(row.school_year[:4])
        if not datetime.date(first, 8, 1) <= row.start_date <= datetime.date(first + 1, 9, 30):
            raise ValidationError(_("%(where)s: de datums vallen buiten het schooljaar.") % {"where": where})
        key = (row.school_year, row.kind, row.region)
        if key in seen:
            raise ValidationError(_("%(where)s staat twee keer in het bestand.") % {"where": where})
        seen.add(key)
    return rows


def parse_open_data(raw: bytes | str) -> list[ParsedHoliday]:
    """Parse the government's open-data JSON for school holidays (content[].schoolyear,
    content[].vacations[].type/.compulsorydates/.regions[].region/startdate/enddate), or the shape
    of the shipped file. Raises ValidationError in Dutch; returns the rows, one per region."""
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ValidationError(_("Dit is geen JSON-bestand van de schoolvakanties.")) from None
    if isinstance(document, list):  # the API sometimes answers with a list of documents
        document = {"content": [c for d in document if isinstance(d, dict) for c in d.get("content") or []]}
    if not isinstance(document, dict):
        raise ValidationError(_("Dit is geen JSON-bestand van de schoolvakanties."))
    try:
        if "schoolyears" in document:
            rows = _from_shipped_shape(document)
        else:
            rows = _from_api(document)
    except (AttributeError, TypeError, KeyError):
        raise ValidationError(_("Het bestand heeft niet de vorm van de open data van de overheid.")) from None
    return _check(rows)


@dataclass(frozen=True)
class ImportResult:
    school_years: list
    created: int
    updated: int


@transaction.atomic
def import_open_data(raw: bytes | str) -> ImportResult:
    """Store the official holidays of the file (all or nothing); a year and region present in the file
    replaces what was imported before for it."""
    rows = parse_open_data(raw)
    created = updated = 0
    for row in rows:
        _, was_created = OfficialHoliday.objects.update_or_create(
            school_year=row.school_year,
            kind=row.kind,
            region=row.region,
            defaults={"start_date": row.start_date, "end_date": row.end_date, "is_advice": row.is_advice},
        )
        created += was_created
        updated += not was_created
    return ImportResult(sorted({row.school_year for row in rows}), created, updated)
