"""manage.py simulate_year --school BRIN [--from DATE] [--to DATE] [--seed N] [--report FILE] [--fault NAME …]"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from ouderbetrokkenheid.school.models import School
from simulation.faults import FAULTS
from simulation.report import html_report, text_report
from simulation.simulator import simulate


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is geen datum (JJJJ-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Simuleer een schooljaar van een school op een gestuurde klok: de echte Celery-taken, ouders en "
        "personeel via de services, elke regel elke dag gecontroleerd; een weekoverzicht als tabel en in HTML."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="BRIN van de school")
        parser.add_argument(
            "--from", dest="start", type=_date, help="eerste dag (standaard: een week voor de eerste schooldag)"
        )
        parser.add_argument("--to", dest="end", type=_date, help="laatste dag (standaard: einde vakantielezen)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--report", help="schrijf het verslag ook als HTML-bestand")
        parser.add_argument("--fault", action="append", default=[], choices=FAULTS, help="storing om in te voegen")

    def handle(self, *args, school, start=None, end=None, seed=1, report=None, fault=(), **options):
        found = School.objects.filter(brin=school).first()
        if found is None:
            raise CommandError(f"Geen school met BRIN {school}.")
        if start and end and end < start:
            raise CommandError("--to ligt vóór --from.")
        result = simulate(school=found, start=start, end=end, seed=seed, faults=fault)
        self.stdout.write(text_report(result))
        if report:
            with open(report, "w", encoding="utf-8") as out:
                out.write(html_report(result))
            self.stdout.write(f"HTML: {report}")
        if result.violations:
            raise CommandError(f"{len(result.violations)} overtredingen")
