from django.core.management.base import BaseCommand

from ouderbetrokkenheid.school.models import SchoolYear
from yearplan.publishing import calendar_publish, last_publication

DEMO_BRINS = ("99ZZ00", "99ZZ01")


class Command(BaseCommand):
    help = (
        "Publiceer de jaarkalender van de demoscholen (na demo_school), zodat ouders hem zien. "
        "Twee keer draaien verandert niets."
    )

    def handle(self, *args, **options):
        years = SchoolYear.objects.filter(school__brin__in=DEMO_BRINS).select_related("school")
        if not years:
            self.stdout.write(self.style.WARNING("Geen demoscholen: draai eerst manage.py demo_school."))
            return
        for year in years:
            if last_publication(year) is None:
                publication = calendar_publish(school_year=year)
                self.stdout.write(f"Jaarkalender {year.school.name} {year}: gepubliceerd ({publication.added} items).")
