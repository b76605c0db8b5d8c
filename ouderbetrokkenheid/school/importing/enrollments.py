"""Where a pupil is placed: group and year level over a period [start, end), end empty = running.

Rules (the contract is silent on some; these are the choices made):
- A new pupil's enrollment starts on datum_inschrijving, but not before the first day of
  the running school year and never after today (an enrollment that has not begun would
  hide the pupil from today's lists); without a date it starts on the first school day.
  A pupil who returns after leaving starts no earlier than the end of their last enrollment.
- Zij-instromer (lateral entrant): `zij_instromer` ja/nee when given. When empty it is
  derived for a new enrollment as IMPORT.md says, "entered after the start of groep 1":
  the year level the pupil had when entering this school (year level now minus the number
  of school years, counted from 1 August, since datum_inschrijving) is 2 or higher.
  Entering groep 1 is the start, whenever in the year (children start on turning four).
  Without datum_inschrijving: not a lateral entrant (arrival from abroad is not in the export).
  A move to another group keeps the flag of the running enrollment unless the file says ja/nee.
- A move (other group or year level) ends the running enrollment today and starts a new
  one today; if the running one started today (or later) it is updated in place, as the
  database forbids overlapping and empty periods. A running enrollment in an earlier
  school year ends the day after that year's last day and the new one starts on the first
  day of this year.
- A pupil no longer in the file: the running enrollment ends today (the pupil, the
  history and the guardian links are kept). An enrollment that has not run a single day
  (it started today or later) is removed instead, as it would be an empty period.
"""

import datetime
from dataclasses import dataclass, field

from ouderbetrokkenheid.school.calendar import start_year_of
from ouderbetrokkenheid.school.models import Enrollment

LATERAL_FROM_LEVEL = 2
ONE_DAY = datetime.timedelta(days=1)


def derive_lateral(*, year_level, enrolled_on, today):
    if enrolled_on is None:
        return False
    level_at_entry = year_level - (start_year_of(today) - start_year_of(enrolled_on))
    return level_at_entry >= LATERAL_FROM_LEVEL


def first_start(*, enrolled_on, year, today, last_end):
    start = max(enrolled_on or year.first_day, year.first_day)
    start = min(start, today)
    return max(start, last_end) if last_end else start


def end_day(running, *, year, today):
    """When a running enrollment ends: today, or just after its own school year if that is earlier."""
    own_year = running.group.school_year
    if own_year.pk != year.pk and own_year.last_day < today:
        return own_year.last_day + ONE_DAY
    return today


@dataclass
class EnrollmentWrites:
    create: list = field(default_factory=list)
    update: list = field(default_factory=list)
    end: list = field(default_factory=list)
    remove: list = field(default_factory=list)

    def save(self):
        if self.remove:
            Enrollment.objects.filter(pk__in=[e.pk for e in self.remove]).delete()
        if self.end:
            Enrollment.objects.bulk_update(self.end, ["end_date"])
        if self.update:
            Enrollment.objects.bulk_update(self.update, ["group", "year_level", "is_lateral_entrant"])
        Enrollment.objects.bulk_create(self.create)

    def start(self, *, pupil, group, year_level, lateral, start_date):
        self.create.append(
            Enrollment(
                pupil=pupil, group=group, year_level=year_level, is_lateral_entrant=lateral, start_date=start_date
            )
        )

    def stop(self, running, *, year, today):
        """End a running enrollment; returns the end date, or None when it was removed."""
        if running.start_date >= today:
            self.remove.append(running)
            return None
        running.end_date = end_day(running, year=year, today=today)
        self.end.append(running)
        return running.end_date
