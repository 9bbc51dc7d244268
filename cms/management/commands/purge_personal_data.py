"""Delete the personal data kept past its term, rule by rule (run daily from cron).

The rules are those published on /donnees-personnelles/ (cms.retention): each app
declares its own in AppConfig.ready(); this command and the page's table read the same.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cms.retention import rules


class Command(BaseCommand):
    help = (
        "Supprime les données personnelles conservées au-delà des durées publiées sur "
        "/donnees-personnelles/ (toutes les règles, ou celles de --rule)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Affiche, règle par règle, ce qui serait supprimé, sans rien supprimer.",
        )
        parser.add_argument(
            "--rule",
            action="append",
            dest="keys",
            metavar="CLÉ",
            help="Ne traiter que cette règle (répétable). Clés : "
            + ", ".join(rule.key for rule in rules()),
        )

    def handle(self, *args, dry_run=False, keys=None, **options):
        now = timezone.now()
        selected = [rule for rule in rules() if not keys or rule.key in keys]
        unknown = set(keys or ()) - {rule.key for rule in selected}
        if unknown:
            self.stderr.write(f"Règle(s) inconnue(s) : {', '.join(sorted(unknown))}.")
        if dry_run:
            self.stdout.write("Simulation : rien n'est supprimé.")
        total = 0
        for rule in selected:
            self.stdout.write(f"{rule.category} — {rule.duration_text}")
            if rule.purge is None:
                self.stdout.write(f"  pas de purge automatique : {rule.manual}")
                continue
            cutoff = rule.cutoff(now)
            when = timezone.localtime(cutoff).strftime("%d/%m/%Y %H:%M")
            with transaction.atomic():
                results = rule.purge(cutoff=cutoff, now=now, dry_run=dry_run)
            if not results:
                self.stdout.write(f"  rien à purger par le site : {rule.manual}")
            for purged in results:
                verb = purged.planned if dry_run else purged.done
                self.stdout.write(f"  {purged.what} (avant le {when}) : {purged.count} {verb}")
                total += purged.count
        summary = f"{total} élément(s) {'à supprimer' if dry_run else 'supprimé(s) ou effacé(s)'}."
        self.stdout.write(self.style.SUCCESS(summary) if not dry_run else summary)
