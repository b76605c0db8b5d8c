"""manage.py school_create: a new school with its board, school year and first leadership account."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ouderbetrokkenheid.accounts.onboarding import school_create


class Command(BaseCommand):
    help = (
        "Maak een school aan: bestuur, school (BRIN, vakantieregio), het schooljaar uit de vakanties van de "
        "regio en het eerste account van de directie, dat een e-mail krijgt om een wachtwoord te kiezen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--board", required=True, help="naam van het schoolbestuur (bestaat het al, dan dat)")
        parser.add_argument("--brin", required=True, help="BRIN-nummer, bijvoorbeeld 12AB of 12AB00")
        parser.add_argument("--name", required=True, help="naam van de school")
        parser.add_argument("--region", required=True, help="vakantieregio: noord, midden of zuid")
        parser.add_argument("--email", required=True, help="e-mailadres van de directeur")
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--infix", default="")
        parser.add_argument("--last-name", required=True)
        parser.add_argument("--start-year", type=int, help="jaar waarin het schooljaar begint (standaard: het lopende)")

    def handle(self, *args, **options):
        try:
            created = school_create(
                board_name=options["board"], brin=options["brin"], name=options["name"], region=options["region"],
                email=options["email"], first_name=options["first_name"], infix=options["infix"],
                last_name=options["last_name"], start_year=options["start_year"], today=timezone.localdate(),
            )  # fmt: skip
        except ValidationError as error:
            raise CommandError("Niets aangemaakt. " + " ".join(error.messages)) from None
        year = created.year
        self.stdout.write(
            f"School {created.school.name} ({created.school.brin}) aangemaakt, schooljaar "
            f"{year.first_day:%d-%m-%Y} t/m {year.last_day:%d-%m-%Y}. {created.leadership.user.email} krijgt een "
            "e-mail om een wachtwoord te kiezen; daarna staat onder 'Aan de slag' wat de school eerst doet."
        )
