"""The retention rules of what the site as a whole keeps: accounts, logs, backups, and the
records of the mail queue (django-mailer) and of login attempts (django-axes)."""

from pathlib import Path

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from mailer.models import Message, MessageLog

from .backups import ARCHIVE_PATTERNS
from .retention import Purged, RetentionRule, Term, register

BACKUP_TERM = Term(days=30)
LOG_TERM = Term(months=12)
MAIL_LOG_TERM = Term(months=3)
LOGIN_ATTEMPTS_TERM = Term(months=6)


def _old_files(folder, cutoff, patterns):
    """Files of `folder` matching `patterns` last modified before `cutoff`."""
    if not folder or not Path(folder).is_dir():
        return []
    limit = cutoff.timestamp()
    return sorted(
        path
        for pattern in patterns
        for path in Path(folder).glob(pattern)
        if path.is_file() and path.stat().st_mtime < limit
    )


def _delete_files(paths, what, dry_run):
    if not dry_run:
        for path in paths:
            path.unlink(missing_ok=True)
    return [Purged(what, len(paths))]


def purge_backups(cutoff, now, dry_run):
    old = _old_files(settings.BACKUP_DIR, cutoff, ARCHIVE_PATTERNS)
    return _delete_files(old, f"archives de sauvegarde dans {settings.BACKUP_DIR}", dry_run)


def purge_logs(cutoff, now, dry_run):
    folder = getattr(settings, "EMI_LOG_DIR", "")
    if not folder:
        # Logs on stdout are kept by the service manager (journald): see the README.
        return []
    old = _old_files(folder, cutoff, ("*.log", "*.log.*", "*.gz"))
    return _delete_files(old, f"fichiers journaux dans {folder}", dry_run)


def purge_mail_log(cutoff, now, dry_run):
    logs = MessageLog.objects.filter(when_attempted__lt=cutoff)
    # A mail still deferred after the whole term will never be sent: its content goes too.
    stale = Message.objects.filter(when_added__lt=cutoff)
    counts = [
        Purged("entrées du journal d'envoi des courriels", logs.count()),
        Purged("courriels jamais distribués restés en file", stale.count()),
    ]
    if not dry_run:
        logs.delete()
        stale.delete()
    return counts


def purge_login_attempts(cutoff, now, dry_run):
    results = []
    for model, what in (
        (AccessAttempt, "tentatives de connexion en cours de décompte"),
        (AccessFailureLog, "échecs de connexion journalisés"),
        (AccessLog, "connexions journalisées"),
    ):
        old = model.objects.filter(attempt_time__lt=cutoff)
        results.append(Purged(what, old.count()))
        if not dry_run:
            old.delete()
    return results


def register_site_rules():
    register(
        RetentionRule(
            key="contributor_accounts",
            category="Comptes des contributeurs",
            data="Nom, courriel, collectivité",
            purpose="Publication de contenus",
            duration="Durée de la mission, puis 12 mois",
            manual="l'EMI désactive le compte à la fin de la mission et le supprime "
            "12 mois plus tard (Paramètres › Utilisateurs).",
            order=80,
        )
    )
    if apps.is_installed("axes"):
        register(
            RetentionRule(
                key="login_attempts",
                category="Tentatives de connexion",
                data="Identifiant saisi, adresse IP, navigateur, date",
                purpose="Protéger les comptes contre les essais de mots de passe",
                duration="{term}",
                term=LOGIN_ATTEMPTS_TERM,
                purge=purge_login_attempts,
                order=85,
            )
        )
    if apps.is_installed("mailer"):
        register(
            RetentionRule(
                key="mail_queue",
                category="Envoi des courriels",
                data="Destinataire, objet et contenu du courriel, résultat de l'envoi",
                purpose="Distribuer les courriels du site et vérifier qu'ils sont partis",
                duration="{term} après l'envoi",
                term=MAIL_LOG_TERM,
                purge=purge_mail_log,
                order=86,
            )
        )
    register(
        RetentionRule(
            key="logs",
            category="Journaux techniques du serveur",
            data="Adresse IP, adresse demandée, date, navigateur",
            purpose="Sécurité du site, diagnostic des pannes",
            duration="{term}",
            term=LOG_TERM,
            purge=purge_logs,
            manual="journaux sur la sortie standard, conservés par le gestionnaire de "
            "services (journald : MaxRetentionSec=12month, voir le README).",
            order=90,
        )
    )
    register(
        RetentionRule(
            key="backups",
            category="Sauvegardes",
            data="Copie chiffrée de la base de données et des fichiers envoyés",
            purpose="Restaurer le site après un incident",
            duration="{term}",
            term=BACKUP_TERM,
            purge=purge_backups,
            order=95,
        )
    )
