"""Former name of the `feedback` rule of `purge_personal_data` (refused opinions);
kept so that existing cron lines keep working."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Alias de `purge_personal_data --rule feedback` (avis d'usagers refusés)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Simulation.")

    def handle(self, *args, dry_run=False, **options):
        arguments = ["--rule=feedback"] + (["--dry-run"] if dry_run else [])
        call_command("purge_personal_data", *arguments, stdout=self.stdout, stderr=self.stderr)
