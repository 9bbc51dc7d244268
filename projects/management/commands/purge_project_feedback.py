"""Delete the opinions that moderators refused, once their retention period is over.

Approved opinions stay on their project page (published with their author's consent);
a name is stored only when its author asked for it to be published. Cron (monthly):
    30 7 1 * * cd /srv/emi && .venv/bin/python manage.py purge_project_feedback
"""

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from projects.management.commands.remind_stale_projects import months_before
from projects.models import ProjectFeedback

REJECTED_RETENTION_MONTHS = 6


class Command(BaseCommand):
    help = f"Supprime les avis d'usagers refusés depuis plus de {REJECTED_RETENTION_MONTHS} mois."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compte sans rien supprimer.")

    def handle(self, *args, dry_run, **options):
        cutoff = months_before(timezone.now(), REJECTED_RETENTION_MONTHS)
        expired = ProjectFeedback.objects.filter(status=ProjectFeedback.STATUS_REJECTED).filter(
            Q(moderated_at__lt=cutoff) | Q(moderated_at__isnull=True, created_at__lt=cutoff)
        )
        count = expired.count()
        when = date_format(timezone.localtime(cutoff), "j F Y")
        if dry_run:
            self.stdout.write(
                f"Simulation : {count} avis refusé(s) avant le {when} seraient supprimés."
            )
            return
        expired.delete()
        self.stdout.write(
            self.style.SUCCESS(f"✓ {count} avis refusé(s) avant le {when} supprimé(s).")
        )
