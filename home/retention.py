"""How long messages of the contact form are kept (a rule of cms.retention)."""

from wagtail.contrib.forms.models import FormSubmission

from cms.retention import Purged, RetentionRule, Term, register

from .models import ContactPage

CONTACT_TERM = Term(months=12)


def purge_contact_messages(cutoff, now, dry_run):
    old = FormSubmission.objects.filter(
        page__in=ContactPage.objects.values("pk"), submit_time__lt=cutoff
    )
    result = [Purged("messages du formulaire de contact", old.count())]
    if not dry_run:
        old.delete()
    return result


def register_rules():
    register(
        RetentionRule(
            key="contact_messages",
            category="Formulaire de contact",
            data="Nom, courriel, message",
            purpose="Vous répondre",
            duration="{term} après l'envoi du message",
            term=CONTACT_TERM,
            purge=purge_contact_messages,
            order=10,
        )
    )
