"""How long users' opinions on projects are kept (a rule of cms.retention)."""

from django.db.models import Q

from cms.retention import Purged, RetentionRule, Term, register

from .models import FeedbackStatus, ProjectFeedback

REJECTED_TERM = Term(months=6)


def purge_rejected_feedback(cutoff, now, dry_run):
    expired = ProjectFeedback.objects.filter(status=FeedbackStatus.REJECTED).filter(
        Q(moderated_at__lt=cutoff) | Q(moderated_at__isnull=True, created_at__lt=cutoff)
    )
    result = [Purged("avis d'usagers refusés", expired.count())]
    if not dry_run:
        expired.delete()
    return result


def register_rules():
    register(
        RetentionRule(
            key="feedback",
            category="Avis des usagers sur les projets",
            data="Rôle, texte de l'avis, nom seulement si la personne demande sa publication",
            purpose="Publier les retours d'usagers après modération",
            duration="Tant que l'avis est publié ; avis refusés supprimés {term} "
            "après leur modération",
            term=REJECTED_TERM,
            purge=purge_rejected_feedback,
            order=20,
        )
    )
