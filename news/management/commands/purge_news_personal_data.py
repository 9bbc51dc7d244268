"""Purge the personal data of the news app past its term (run daily from cron).

The terms are those of /donnees-personnelles/ (news.retention): applications 24 months
after the call closes, event registrations 24 months after the event, the contact details
of topic proposals 24 months after the proposal (the topic itself is kept).
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from news.models import PARIS, CallForCandidatesPage, EventRegistration, TopicProposal
from news.retention import RETENTION_MONTHS, months_before


def purge(now=None, dry_run=False):
    """Delete or anonymise what is past its term; returns the counts, by kind."""
    now = now or timezone.now()
    cutoff = months_before(now, RETENTION_MONTHS)
    # A call closes at the end of its closing day, Paris time.
    cutoff_day = timezone.localtime(cutoff, PARIS).date()
    closed_calls = CallForCandidatesPage.objects.filter(closing_date__lt=cutoff_day)
    applications = FormSubmission.objects.filter(page__in=closed_calls.values("pk"))
    registrations = EventRegistration.objects.filter(event__end__lt=cutoff)
    proposals = TopicProposal.objects.filter(created_at__lt=cutoff, anonymised_at__isnull=True)
    counts = {
        "applications": applications.count(),
        "registrations": registrations.count(),
        "proposals": proposals.count(),
    }
    if not dry_run:
        with transaction.atomic():
            applications.delete()
            registrations.delete()
            proposals.update(
                contact_name="",
                contact_email="",
                contact_phone="",
                anonymised_at=now,
            )
    return counts, cutoff


class Command(BaseCommand):
    help = (
        "Supprime les candidatures, inscriptions et coordonnées des propositions de sujets "
        f"conservées depuis plus de {RETENTION_MONTHS} mois (voir /donnees-personnelles/)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Affiche ce qui serait supprimé, sans rien supprimer.",
        )

    def handle(self, *args, dry_run=False, **options):
        counts, cutoff = purge(dry_run=dry_run)
        verb = "seraient supprimées" if dry_run else "supprimées"
        when = timezone.localtime(cutoff, PARIS).strftime("%d/%m/%Y")
        self.stdout.write(f"Terme : données antérieures au {when} ({RETENTION_MONTHS} mois).")
        self.stdout.write(f"Candidatures aux appels clos : {counts['applications']} {verb}.")
        self.stdout.write(f"Inscriptions aux événements passés : {counts['registrations']} {verb}.")
        self.stdout.write(
            f"Coordonnées de propositions de sujets : {counts['proposals']} "
            f"{'seraient effacées' if dry_run else 'effacées'}."
        )
        if not dry_run:
            self.stdout.write(self.style.SUCCESS("Purge terminée."))
