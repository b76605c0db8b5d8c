from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from development.importing import ImportFailed, import_test_results
from ouderbetrokkenheid.school.models import School


class Command(BaseCommand):
    help = "Lees toetsresultaten in uit de CSV-export van het leerlingvolgsysteem (zie development/importing.py)."

    def add_arguments(self, parser):
        parser.add_argument("--file", required=True, help="Het CSV-bestand.")
        parser.add_argument("--school", required=True, help="BRIN van de school.")
        parser.add_argument("--dry-run", action="store_true", help="Alleen controleren; er wordt niets opgeslagen.")

    def handle(self, *args, file, school, dry_run=False, **options):
        found = School.objects.filter(brin=school.upper()).first()
        if found is None:
            raise CommandError(f"Geen school met BRIN {school}.")
        try:
            report = import_test_results(school=found, data=Path(file).read_bytes(), dry_run=dry_run)
        except (ImportFailed, OSError) as error:
            raise CommandError(str(error)) from None
        if report.errors:
            raise CommandError("\n".join([report.summary(), *report.errors]))
        for heading, lines in (
            ("Nieuw", report.new),
            ("Gewijzigd", report.changed),
            ("Niet overschreven", report.kept),
        ):
            if lines:
                self.stdout.write(f"{heading}:")
                for line in lines:
                    self.stdout.write(f"  {line}")
        prefix = "Proef (er is niets opgeslagen): " if dry_run else "Ingelezen: "
        self.stdout.write(self.style.SUCCESS(prefix + report.summary()))
