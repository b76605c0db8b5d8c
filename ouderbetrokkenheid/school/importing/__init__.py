"""Import of a school's administration export (pupils with guardians, staff); see IMPORT.md.

    report = import_export(school=school, pupils=bytes_or_None, staff=bytes_or_None, dry_run=True)

One code path: the real import always runs inside one transaction; a dry run rolls it
back at the end, so the preview is exactly what an apply would do. An applied import
that changed something is kept in the school's import history, from which leadership
can undo the last one (history.py). An import that would end many enrollments stops
unless that number is confirmed (leavers.py).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.models import ImportSource

from . import history
from .context import open_context
from .errors import ImportFailed, LeaversNotConfirmed
from .pupil_rows import read_pupil_file
from .pupils import import_pupils
from .report import Entry, ImportReport, Rejection
from .staff import import_staff
from .staff_rows import read_staff_file

__all__ = [
    "Entry",
    "ImportFailed",
    "ImportReport",
    "LeaversNotConfirmed",
    "Rejection",
    "apply_previewed",
    "import_export",
]


def import_export(
    *,
    school,
    pupils: bytes | None = None,
    staff: bytes | None = None,
    dry_run: bool,
    today: datetime.date | None = None,
    confirm_leavers: int | None = None,
    user=None,
    source: str = ImportSource.COMMAND,
) -> ImportReport:
    """Bring the school in step with the export; raise ImportFailed when a file cannot be read at all,
    or LeaversNotConfirmed when it would end many enrollments and `confirm_leavers` is not that number."""
    if pupils is None and staff is None:
        raise ImportFailed(_("Kies een leerlingenbestand, een medewerkersbestand of allebei."))
    pupil_file = read_pupil_file(pupils) if pupils is not None else None
    staff_file = read_staff_file(staff) if staff is not None else None
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        ctx = open_context(
            school=school, today=today or timezone.localdate(), report=report, confirm_leavers=confirm_leavers
        )
        before = None if dry_run else history.snapshot(ctx.school)
        if pupil_file:
            import_pupils(ctx, pupil_file)
        if staff_file:
            import_staff(ctx, staff_file)
        report.sort()
        if dry_run:
            transaction.set_rollback(True)
        elif report.has_changes:
            changes = history.difference(before, history.snapshot(ctx.school))
            history.record(school=ctx.school, report=report, changes=changes, user=user, source=source)
    return report


def apply_previewed(
    *, school, pupils=None, staff=None, fingerprint: str, today=None, confirm_leavers=None, user=None
) -> tuple[bool, ImportReport]:
    """Apply only if the outcome equals the preview with `fingerprint`; else roll back.

    Returns (applied, report); when not applied, the report is the new preview."""
    with transaction.atomic():
        report = import_export(
            school=school,
            pupils=pupils,
            staff=staff,
            dry_run=False,
            today=today,
            confirm_leavers=confirm_leavers,
            user=user,
            source=ImportSource.BROWSER,
        )
        if report.fingerprint() != fingerprint:
            transaction.set_rollback(True)
            report.dry_run = True
            return False, report
    return True, report
