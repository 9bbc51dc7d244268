"""How long the personal data of this app is kept: its rules of cms.retention, which the
table of /donnees-personnelles/ and `purge_personal_data` both read."""

from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from cms.retention import Purged, RetentionRule, Term, months_before, register

from .common import PARIS, RETENTION_MONTHS
from .models import CallForCandidatesPage, EventRegistration, TopicProposal

__all__ = ["RETENTION_MONTHS", "months_before", "register_rules"]

# The term is news.common.RETENTION_MONTHS, which the mails quote.
TERM = Term(months=RETENTION_MONTHS)


def purge_applications(cutoff, now, dry_run):
    # A call closes at the end of its closing day, Paris time.
    cutoff_day = timezone.localtime(cutoff, PARIS).date()
    closed_calls = CallForCandidatesPage.objects.filter(closing_date__lt=cutoff_day)
    applications = FormSubmission.objects.filter(page__in=closed_calls.values("pk"))
    result = [Purged("candidatures aux appels clos", applications.count())]
    if not dry_run:
        applications.delete()
    return result


def purge_registrations(cutoff, now, dry_run):
    registrations = EventRegistration.objects.filter(event__end__lt=cutoff)
    result = [Purged("inscriptions aux événements passés", registrations.count())]
    if not dry_run:
        registrations.delete()
    return result


def purge_topic_contacts(cutoff, now, dry_run):
    proposals = TopicProposal.objects.filter(created_at__lt=cutoff, anonymised_at__isnull=True)
    result = [
        Purged(
            "coordonnées de propositions de sujets",
            proposals.count(),
            done="effacée(s)",
            planned="à effacer",
        )
    ]
    if not dry_run:
        proposals.update(contact_name="", contact_email="", contact_phone="", anonymised_at=now)
    return result


def register_rules():
    register(
        RetentionRule(
            key="applications",
            category="Candidatures aux formations",
            data="Identité, collectivité, fonction, motivation",
            purpose="Sélection des candidats",
            duration="{term} après la clôture de l'appel",
            term=TERM,
            purge=purge_applications,
            order=30,
        )
    )
    register(
        RetentionRule(
            key="registrations",
            category="Inscriptions aux événements",
            data="Nom, courriel, collectivité ou organisme, besoins d'adaptation",
            purpose="Organisation de l'événement",
            duration="{term} après l'événement",
            term=TERM,
            purge=purge_registrations,
            order=40,
        )
    )
    register(
        RetentionRule(
            key="topic_proposals",
            category="Propositions de sujets",
            data="Nom, courriel et téléphone du contact",
            purpose="Étudier le sujet proposé",
            duration="{term} après la proposition (le sujet est conservé sans coordonnées)",
            term=TERM,
            purge=purge_topic_contacts,
            order=50,
        )
    )
