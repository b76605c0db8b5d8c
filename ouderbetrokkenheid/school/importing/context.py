"""What every part of one import shares: the school (locked), its running school year, groups, report."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.models import Group, School, SchoolYear

from .errors import ImportFailed
from .report import GROUP, Entry, ImportReport


class GroupCache:
    """The groups of one school year by name, loaded once; a missing group is created on first use."""

    def __init__(self, year, report):
        self.year = year
        self.report = report
        self.by_name = {group.name: group for group in Group.objects.filter(school_year=year)}

    def get(self, name):
        if name not in self.by_name:
            self.by_name[name] = Group.objects.create(school_year=self.year, name=name)
            self.report.new.append(Entry(GROUP, _("groep %(name)s") % {"name": name}))
        return self.by_name[name]


@dataclass
class Context:
    school: School
    year: SchoolYear
    today: datetime.date
    report: ImportReport
    confirm_leavers: int | None = None
    groups: GroupCache = field(init=False)

    def __post_init__(self):
        self.groups = GroupCache(self.year, self.report)


def open_context(*, school, today, report, confirm_leavers=None) -> Context:
    """Lock the school row (one import per school at a time) and find the school year running today
    (in the summer holiday: the coming one, whose pupils are then enrolled from today)."""
    locked = School.objects.select_for_update().get(pk=school.pk)
    year = SchoolYear.objects.running_or_next(locked, today)
    if year is None:
        raise ImportFailed(_("Er is geen schooljaar dat vandaag loopt; maak eerst het schooljaar aan."))
    return Context(school=locked, year=year, today=today, report=report, confirm_leavers=confirm_leavers)
