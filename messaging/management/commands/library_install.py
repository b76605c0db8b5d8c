"""manage.py library_install [--school BRIN]: copy the shipped starting library into one school
or every school. Safe to run again: it only adds what a school lacks."""

from django.core.management.base import BaseCommand, CommandError

from messaging.library.install import library_install
from ouderbetrokkenheid.school.models import School


class Command(BaseCommand):
    help = "Installeer de startbibliotheek met berichten (alleen wat ontbreekt) voor één school of alle scholen."

    def add_arguments(self, parser):
        parser.add_argument("--school", help="BRIN van de school; zonder: alle scholen")

    def handle(self, *args, school=None, **options):
        schools = School.objects.order_by("brin")
        if school:
            schools = schools.filter(brin=school)
            if not schools.exists():
                raise CommandError(f"Geen school met BRIN {school}.")
        for each in schools:
            created = library_install(school=each)
            self.stdout.write(f"{each.brin} {each.name}: {created} teksten toegevoegd")
