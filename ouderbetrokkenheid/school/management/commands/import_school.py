"""manage.py import_school --pupils F --staff F --school BRIN [--dry-run] [--confirm-leavers N]: for scheduled syncs.

Each file may be CSV, an Excel workbook (.xlsx) or, for pupils, EDEXML; the format is
detected from the content (importing/formats.py).

An import that would end many enrollments stops with exit code 1 and writes nothing, unless
--confirm-leavers gives exactly that number (see importing/leavers.py)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from ouderbetrokkenheid.school.importing import ImportFailed, import_export
from ouderbetrokkenheid.school.models import School


class Command(BaseCommand):
    help = "Importeer de export van de leerlingenadministratie (leerlingen met verzorgers, medewerkers)."

    def add_arguments(self, parser):
        parser.add_argument("--pupils", help="leerlingen × verzorgers: CSV, Excel-werkmap (.xlsx) of EDEXML")
        parser.add_argument("--staff", help="medewerkers: CSV of Excel-werkmap (.xlsx)")
        parser.add_argument("--school", required=True, help="BRIN van de school")
        parser.add_argument("--dry-run", action="store_true", help="alleen laten zien wat er zou veranderen")
        parser.add_argument(
            "--confirm-leavers",
            type=int,
            metavar="N",
            help="bevestig dat deze import N inschrijvingen beëindigt (nodig bij veel uitschrijvingen)",
        )
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="datum van de import (jjjj-mm-dd)")

    def handle(self, *args, pupils=None, staff=None, school, dry_run, today=None, confirm_leavers=None, **options):
        with translation.override("nl"):
            if not (pupils or staff):
                raise CommandError(_("Geef --pupils, --staff of allebei."))
            report = self._run(
                school=_school(school),
                pupils=_read(pupils),
                staff=_read(staff),
                dry_run=dry_run,
                today=today,
                confirm_leavers=confirm_leavers,
            )
            self.stdout.write(report.as_text())

    def _run(self, **kwargs):
        try:
            return import_export(**kwargs)
        except ImportFailed as error:
            raise CommandError(str(error)) from None


def _school(brin):
    try:
        return School.objects.get(brin__iexact=brin)
    except School.DoesNotExist:
        raise CommandError(_("Er is geen school met BRIN %(brin)s.") % {"brin": brin}) from None


def _read(path):
    if not path:
        return None
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        message = _("Het bestand %(path)s kan niet gelezen worden: %(error)s") % {"path": path, "error": error}
        raise CommandError(message) from None
