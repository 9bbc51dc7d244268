"""Former name of the news rules of `purge_personal_data` (applications, registrations,
topic proposals' contacts); kept so that existing cron lines keep working."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

NEWS_RULES = ("applications", "registrations", "topic_proposals")


class Command(BaseCommand):
    help = (
        "Alias de `purge_personal_data --rule applications --rule registrations "
        "--rule topic_proposals` (candidatures, inscriptions, propositions de sujets)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Simulation.")

    def handle(self, *args, dry_run=False, **options):
        arguments = [f"--rule={key}" for key in NEWS_RULES] + (["--dry-run"] if dry_run else [])
        call_command("purge_personal_data", *arguments, stdout=self.stdout, stderr=self.stderr)
