from django.core.management.base import BaseCommand

from ouderbetrokkenheid.school.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Laad de demoschool (Stichting Demo: De Regenboog en De Zonnewijzer). Twee keer draaien verdubbelt niets."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Verwijder het demobestuur eerst en maak het opnieuw.")

    def handle(self, *args, reset=False, **options):
        result = load_demo(reset=reset)
        for school, report in zip(result.schools, result.reports, strict=True):
            pupils = school.pupils.count()
            self.stdout.write(self.style.SUCCESS(f"{school.name} ({school.brin}): {pupils} leerlingen."))
            self.stdout.write(f"  import: {report.summary()}")
            for rejection in report.rejected:
                self.stdout.write(self.style.WARNING(f"  {rejection}"))
        self.stdout.write("")
        self.stdout.write(f"Inloggen (demo-wachtwoord voor iedereen: {DEMO_PASSWORD}; alleen voor de demo!):")
        for role, login in result.logins:
            self.stdout.write(f"  {role:<40} {login}")
        self.stdout.write(
            "Ouders loggen in zonder wachtwoord: vul het e-mailadres in op /accounts/parent/; "
            "in ontwikkeling staat de inloglink in de console (EMAIL_BACKEND is console)."
        )
