"""Apply a pupil export to the school: pupils, their placement in groups, guardians and links.

The school's data is loaded in a few queries, compared with the file in memory, and
written with bulk operations; a re-import of the same file writes nothing.
Rules for enrollments are in enrollments.py, for guardian matching in guardians.py,
for rejected rows in pupil_rows.py.
"""

from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.models import Pupil

from . import leavers
from .changes import apply, describe, diff, shown
from .enrollments import EnrollmentWrites, derive_lateral, first_start
from .guardians import GuardianIndex
from .links import LinkWrites, link_guardians
from .pupil_rows import left_out
from .report import ENROLLMENT, PUPIL, Entry
from .state import load_state


def describe_pupil(pupil):
    return f"{pupil.full_name} ({pupil.external_id})"


class PupilImport:
    def __init__(self, ctx):
        self.ctx = ctx
        self.state = load_state(school=ctx.school, today=ctx.today)
        self.guardians = GuardianIndex(school=ctx.school, report=ctx.report)
        self.enrollments, self.links = EnrollmentWrites(), LinkWrites()
        self.new, self.changed, self.changed_fields = [], [], set()

    def add(self, record):
        pupil = self.state.pupils.get(record.pupil["external_id"])
        is_new = pupil is None
        existing = {} if is_new else self.state.links.get(pupil.pk, {})
        conflict = self.guardians.conflict(record, existing.keys())
        if conflict is not None:
            self.ctx.report.rejected += [conflict] + left_out(record, because=conflict.line)
            return
        if is_new:
            pupil = Pupil(school=self.ctx.school, **record.pupil)
            self.new.append(pupil)
            details = []
        else:
            details = self._update(pupil, record.pupil)
        details += self._place(pupil, record, is_new)
        details += link_guardians(
            pupil=pupil,
            record=record,
            existing=existing,
            guardians=self.guardians,
            writes=self.links,
        )
        if is_new or details:
            target = self.ctx.report.new if is_new else self.ctx.report.changed
            target.append(Entry(PUPIL, describe_pupil(pupil), tuple(details)))

    def _update(self, pupil, values):
        changes = diff(pupil, values)
        if changes:
            apply(pupil, changes)
            self.changed.append(pupil)
            self.changed_fields |= set(changes)
        return describe(Pupil, changes)

    def _place(self, pupil, record, is_new):
        group = self.ctx.groups.get(record.placement["group"])
        level, explicit = record.placement["year_level"], record.placement.get("lateral")
        running = None if is_new else self.state.running.get(pupil.pk)
        if running is None:
            return self._enroll(pupil, group, level, explicit, is_new)
        lateral = running.is_lateral_entrant if explicit is None else explicit
        details = _move_details(running, group, level, lateral)
        if not details:
            return []
        if running.start_date >= self.ctx.today or (running.group_id, running.year_level) == (group.pk, level):
            running.group, running.year_level, running.is_lateral_entrant = group, level, lateral
            self.enrollments.update.append(running)
        else:
            end = self.enrollments.stop(running, year=self.ctx.year, today=self.ctx.today)
            start = max(self.ctx.year.first_day, end)
            self.enrollments.start(pupil=pupil, group=group, year_level=level, lateral=lateral, start_date=start)
        return details

    def _enroll(self, pupil, group, level, explicit, is_new):
        ctx = self.ctx
        start = first_start(
            enrolled_on=pupil.enrolled_on, year=ctx.year, today=ctx.today, last_end=self.state.last_end.get(pupil.pk)
        )
        lateral = (
            explicit
            if explicit is not None
            else derive_lateral(year_level=level, enrolled_on=pupil.enrolled_on, today=ctx.today)
        )
        self.enrollments.start(pupil=pupil, group=group, year_level=level, lateral=lateral, start_date=start)
        values = {"group": group.name, "level": level, "date": shown(start)}
        if is_new:
            return [_("groep %(group)s, leerjaar %(level)d, vanaf %(date)s") % values]
        return [_("weer ingeschreven in groep %(group)s, leerjaar %(level)d, vanaf %(date)s") % values]

    def end_leavers(self, present):
        """End the running enrollment of every pupil not in the file; returns how many."""
        count = 0
        for pupil in self.state.pupils.values():
            running = self.state.running.get(pupil.pk)
            if pupil.external_id in present or running is None:
                continue
            end = self.enrollments.stop(running, year=self.ctx.year, today=self.ctx.today)
            if end is None:
                text = _("niet meer in het bestand; de inschrijving was nog niet begonnen en is verwijderd")
            else:
                text = _("niet meer in het bestand; uitgeschreven per %(date)s") % {"date": shown(end)}
            self.ctx.report.ended.append(Entry(ENROLLMENT, describe_pupil(pupil), (text,)))
            count += 1
        return count

    def save(self):
        Pupil.objects.bulk_create(self.new)
        if self.changed:
            Pupil.objects.bulk_update(self.changed, sorted(self.changed_fields))
        self.guardians.save()
        self.enrollments.save()
        self.links.save()


def _move_details(running, group, level, lateral):
    details = []
    if running.group_id != group.pk:
        details.append(_("groep: %(old)s → %(new)s") % {"old": running.group.name, "new": group.name})
    if running.year_level != level:
        details.append(_("leerjaar: %(old)d → %(new)d") % {"old": running.year_level, "new": level})
    if running.is_lateral_entrant != lateral:
        details.append(
            _("zij-instromer: %(old)s → %(new)s") % {"old": shown(running.is_lateral_entrant), "new": shown(lateral)}
        )
    return details


def import_pupils(ctx, pupil_file):
    ctx.report.rejected += pupil_file.rejections
    run = PupilImport(ctx)
    for record in pupil_file.records.values():
        run.add(record)
    leaving = run.end_leavers(set(pupil_file.records) | pupil_file.rejected_numbers)
    leavers.check(report=ctx.report, leaving=leaving, running=len(run.state.running), confirmed=ctx.confirm_leavers)
    run.save()
