from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ouderbetrokkenheid.privacy import accessibility


class Command(BaseCommand):
    help = "Summarise the axe results of the browser tests (OB_AXE_RESULTS lines) into the accessibility statement."

    def add_arguments(self, parser):
        parser.add_argument("results", help="the file the browser tests wrote with OB_AXE_RESULTS")
        parser.add_argument("--output", default=str(accessibility.DATA_FILE))

    def handle(self, results, output, **options):
        path = Path(results)
        if not path.exists():
            raise CommandError(f"{path} does not exist: run the browser tests with OB_AXE_RESULTS={path}")
        lines = accessibility.read_lines(path)
        if not lines:
            raise CommandError(f"{path} holds no axe results")
        summary = accessibility.summarise(lines, day=timezone.localdate())
        accessibility.write(summary, Path(output))
        self.stdout.write(
            f"{output}: {len(summary['pages'])} pages, {len(summary['rules'])} rules, "
            f"{len(summary['violations'])} violations"
        )
