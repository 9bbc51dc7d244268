"""Monthly reminder: ask contributors to update projects untouched for twelve months.

Cron (first day of the month, 7:00):
    0 7 1 * * cd /srv/emi && .venv/bin/python manage.py remind_stale_projects
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.management.base import BaseCommand, CommandError
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from projects.models import ProjectPage


def months_before(moment, months):
    """The same day `months` months earlier (the last day of the month if it is shorter)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def stale_projects(cutoff):
    """Live projects whose latest change (draft or publication) is older than `cutoff`."""
    return (
        ProjectPage.objects.live()
        .annotate(
            last_change=Coalesce(
                "latest_revision_created_at", "last_published_at", "first_published_at"
            )
        )
        .filter(last_change__lt=cutoff)
        .select_related("owner", "latest_revision__user", "collectivity")
        .order_by("last_change", "pk")
    )


def contributors_of(project):
    """Who looks after the page: its owner and the author of its latest revision."""
    people = []
    latest = project.latest_revision
    for user in (project.owner, latest.user if latest else None):
        if user is not None and user.is_active and user.email and user not in people:
            people.append(user)
    return people


class Command(BaseCommand):
    help = (
        "Écrit aux contributeurs des projets publiés qui n'ont pas été mis à jour depuis "
        "12 mois (à lancer chaque mois)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=12,
            help="Ancienneté de la dernière mise à jour, en mois (12 par défaut).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Affiche qui serait prévenu, sans envoyer de courriel.",
        )

    def handle(self, *args, months, dry_run, **options):
        if months < 1:
            raise CommandError("--months doit valoir au moins 1.")
        cutoff = months_before(timezone.now(), months)
        projects = list(stale_projects(cutoff))
        self.stdout.write(
            f"→ {len(projects)} projet(s) publié(s) sans mise à jour depuis le "
            f"{date_format(timezone.localtime(cutoff), 'j F Y')}"
        )
        by_user = defaultdict(list)
        orphans = 0
        for project in projects:
            people = contributors_of(project)
            where = f" ({project.collectivity.name})" if project.collectivity_id else ""
            when = date_format(timezone.localtime(project.last_change), "j F Y")
            if not people:
                orphans += 1
                self.stdout.write(
                    self.style.WARNING(
                        f"  ! {project.title}{where}, mis à jour le {when} : aucun "
                        "destinataire (ni propriétaire ni dernier éditeur avec une adresse "
                        "active)"
                    )
                )
                continue
            for user in people:
                by_user[user].append(project)
            emails = ", ".join(user.email for user in people)
            self.stdout.write(f"  · {project.title}{where}, mis à jour le {when} → {emails}")

        if dry_run:
            self.stdout.write(
                f"Simulation : {len(by_user)} courriel(s) auraient été envoyés, aucun ne l'a été."
            )
            return
        messages = [self.build_message(user, items, months) for user, items in by_user.items()]
        sent = get_connection().send_messages(messages) if messages else 0
        summary = f"✓ {sent or 0} courriel(s) de rappel envoyé(s)"
        if orphans:
            summary += f" ; {orphans} projet(s) sans destinataire, à confier à un contributeur"
        self.stdout.write(self.style.SUCCESS(summary + "."))

    def build_message(self, user, projects, months):
        greeting = f"Bonjour {user.first_name}," if user.first_name else "Bonjour,"
        lines = [
            greeting,
            "",
            f"Ces projets de la banque de projets de l'EMI n'ont pas été mis à jour depuis "
            f"plus de {months} mois. Élus, agents et autres collectivités les consultent : "
            "un statut à jour, des indicateurs d'impact récents et, le cas échéant, les "
            "raisons d'un arrêt leur sont précieux.",
            "",
        ]
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        for project in projects:
            when = date_format(timezone.localtime(project.last_change), "j F Y")
            edit_url = base_url + reverse("wagtailadmin_pages:edit", args=[project.pk])
            lines += [
                f"- {project.title} (dernière mise à jour le {when})",
                f"  Modifier : {edit_url}",
                f"  Voir la page : {project.get_full_url()}",
            ]
        lines += [
            "",
            "Rien n'a changé ? Ajoutez une étape datée (un bilan, par exemple) et soumettez la "
            "page à la modération : les lecteurs sauront que le projet est suivi.",
            "",
            "L'équipe de l'École du management par l'innovation",
        ]
        subject = (
            f"Projet à mettre à jour : {projects[0].title}"
            if len(projects) == 1
            else f"{len(projects)} projets à mettre à jour sur le site de l'EMI"
        )
        return EmailMessage(subject=subject, body="\n".join(lines), to=[user.email])
