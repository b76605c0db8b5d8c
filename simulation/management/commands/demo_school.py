import time

from django.core.management.base import BaseCommand

from ouderbetrokkenheid.school.demo import DEMO_PASSWORD, MAIN, SMALL, demo_logins, load_demo
from ouderbetrokkenheid.school.models import School
from simulation.demo import demo_exists, load_demo_today


class Command(BaseCommand):
    help = (
        "Laad de demoschool (Stichting Demo: De Regenboog en De Zonnewijzer) zoals die er vandaag voor staat: "
        "het schooljaar van De Regenboog gesimuleerd tot vandaag. Bestaat de demoschool al, dan verandert er niets "
        "(eigen gegevens blijven staan); --reset begint opnieuw."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Verwijder het demobestuur eerst en maak het opnieuw.")
        parser.add_argument(
            "--no-simulation",
            action="store_true",
            help="Alleen de import, zonder het gesimuleerde jaar (laadt opnieuw, ook als de demoschool al bestaat).",
        )

    def handle(self, *args, reset=False, no_simulation=False, **options):
        if no_simulation:
            result = load_demo(reset=reset)
            self.write_import(result)
        else:
            began = time.monotonic()
            if reset or not demo_exists():
                self.stderr.write("De demoschool laden en haar schooljaar tot vandaag simuleren (een paar minuten)…")
            today = load_demo_today(reset=reset, progress=self.progress)
            if today is None:
                self.stdout.write(
                    self.style.WARNING(
                        "De demoschool bestaat al: niets opnieuw geladen, uw gegevens blijven staan. "
                        "Opnieuw beginnen: make demo-reset (manage.py demo_school --reset)."
                    )
                )
                result = None
            else:
                result = today.demo
                self.write_import(result)
                if today.simulation is None:
                    self.stdout.write(
                        f"Zomervakantie: het komende schooljaar is gepland en de jaarkalender gepubliceerd; "
                        f"er is nog niets gebeurd (ingeladen op {today.start:%d-%m-%Y})."
                    )
                else:
                    sim = today.simulation
                    self.stdout.write(
                        f"{result.schools[0].name}: schooljaar gesimuleerd van {today.start:%d-%m-%Y} "
                        f"(import) tot en met {today.end:%d-%m-%Y}, {len(sim.violations)} overtredingen, "
                        f"{time.monotonic() - began:.0f} s."
                    )
                    done = ", ".join(f"{name} {n}" for name, n in sorted(sim.journal.counts.items()))
                    self.stdout.write(f"  gebeurd: {done}")
        if result:
            logins = result.logins
        else:
            logins = demo_logins(School.objects.filter(brin__in=[MAIN.brin, SMALL.brin]).order_by("brin").first())
        self.stdout.write("")
        self.stdout.write(f"Inloggen (demo-wachtwoord voor iedereen: {DEMO_PASSWORD}; alleen voor de demo!):")
        for role, login in logins:
            self.stdout.write(f"  {role:<40} {login}")
        self.stdout.write(
            "Ouders loggen in zonder wachtwoord: vul het e-mailadres in op /accounts/parent/; "
            "in ontwikkeling staat de inloglink in de console (EMAIL_BACKEND is console)."
        )
        self.stdout.write(
            "IB, directie en bestuur koppelen bij de eerste keer inloggen een app voor inlogcodes "
            "(een authenticator-app; de QR-code en de sleutel staan op de pagina)."
        )

    def progress(self, day):
        if day.weekday() == 6:  # one line per simulated week, on stderr (stdout holds the logins)
            self.stderr.write(f"  week {day:%G-W%V} gesimuleerd")

    def write_import(self, result):
        for school, report in zip(result.schools, result.reports, strict=True):
            pupils = school.pupils.count()
            self.stdout.write(self.style.SUCCESS(f"{school.name} ({school.brin}): {pupils} leerlingen."))
            self.stdout.write(f"  import: {report.summary()}")
            for rejection in report.rejected:
                self.stdout.write(self.style.WARNING(f"  {rejection}"))
