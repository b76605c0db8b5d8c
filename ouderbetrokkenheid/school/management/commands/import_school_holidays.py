"""manage.py import_school_holidays FILE: read the government's open-data JSON of the school holidays."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ouderbetrokkenheid.school.holidays import import_open_data


class Command(BaseCommand):
    help = "Lees de officiële schoolvakanties in (JSON van de open data van de overheid)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            with open(file, "rb") as handle:
                result = import_open_data(handle.read())
        except OSError as error:
            raise CommandError(f"Kan {file} niet lezen: {error.strerror}") from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"Schoolvakanties ingelezen voor {', '.join(result.school_years)}: "
            f"{result.created} nieuw, {result.updated} bijgewerkt."
        )
