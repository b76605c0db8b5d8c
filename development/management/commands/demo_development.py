from django.core.management.base import BaseCommand

from development.demo import DEMO_BRIN, load_development_demo
from development.models import TestResult


class Command(BaseCommand):
    help = "Voeg demo-toetsresultaten toe aan de demoschool (na demo_school). Twee keer draaien verdubbelt niets."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Verwijder eerst de demo-toetsresultaten.")

    def handle(self, *args, reset=False, **options):
        special = load_development_demo(reset=reset)
        if not special:
            self.stdout.write(self.style.WARNING(f"Geen demoschool ({DEMO_BRIN}): draai eerst manage.py demo_school."))
            return
        count = TestResult.objects.filter(pupil__school__brin=DEMO_BRIN).count()
        self.stdout.write(self.style.SUCCESS(f"Ontwikkeling: {count} toetsresultaten in de demoschool."))
        for kind, pupil in special.items():
            self.stdout.write(f"  {kind:<10} {pupil.full_name} ({pupil.external_id})")
