"""Monthly cron: remind alumni whose profile was not updated for 12 months.

    0 9 1 * *  cd /srv/emi && .venv/bin/python manage.py remind_alumni_profiles

A person is reminded once per stale period: again only after a new update followed by
12 more months, or 12 months after the previous reminder.
"""

from django.core.management.base import BaseCommand
from django.db.models import F, Q
from django.utils import timezone

from alumni.models import AlumniProfile
from alumni.notifications import send_profile_reminder
from news.retention import months_before

STALE_MONTHS = 12


def profiles_to_remind(now=None):
    now = now or timezone.now()
    cutoff = months_before(now, STALE_MONTHS)
    return (
        AlumniProfile.objects.members()
        .filter(profile_updated_at__lte=cutoff)
        .filter(
            Q(reminder_sent_at__isnull=True)
            | Q(reminder_sent_at__lt=F("profile_updated_at"))
            | Q(reminder_sent_at__lte=cutoff)
        )
        .select_related("user")
        .order_by("pk")
    )


def send_reminders(now=None, dry_run=False):
    now = now or timezone.now()
    sent = []
    for profile in profiles_to_remind(now):
        if not profile.contact_email:
            continue
        if not dry_run:
            send_profile_reminder(profile)
            AlumniProfile.objects.filter(pk=profile.pk).update(reminder_sent_at=now)
        sent.append(profile)
    return sent


class Command(BaseCommand):
    help = (
        f"Écrit aux alumni dont le profil n'a pas été mis à jour depuis {STALE_MONTHS} mois "
        "(une fois par période ; à lancer chaque mois par cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="affiche qui serait relancé, sans écrire"
        )

    def handle(self, *args, dry_run=False, **options):
        reminded = send_reminders(dry_run=dry_run)
        verb = "serai(en)t relancé(s)" if dry_run else "relancé(s)"
        for profile in reminded:
            self.stdout.write(f"  {profile.contact_email} — {profile.full_name}")
        self.stdout.write(self.style.SUCCESS(f"{len(reminded)} alumni {verb}."))
