"""The monthly reminder to contributors of projects not updated for twelve months."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from projects.management.commands.remind_stale_projects import months_before
from projects.models import ProjectPage, ProjectStatus
from tests.factories.projects import make_project

pytestmark = pytest.mark.django_db


def age(project, days):
    """Pretend the project's latest change happened `days` ago."""
    moment = timezone.now() - datetime.timedelta(days=days)
    ProjectPage.objects.filter(pk=project.pk).update(
        latest_revision_created_at=moment, last_published_at=moment, first_published_at=moment
    )


def run(*args):
    out = StringIO()
    call_command("remind_stale_projects", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def people(django_user_model):
    owner = django_user_model.objects.create_user(
        "owner", "proprietaire@example.org", "x", first_name="Camille"
    )
    editor = django_user_model.objects.create_user("editor", "editrice@example.org", "x")
    gone = django_user_model.objects.create_user("gone", "partie@example.org", "x", is_active=False)
    return owner, editor, gone


def test_contributors_of_stale_projects_are_reminded(somme, somme_cohort, people):
    owner, editor, _gone = people
    stale = make_project(somme, "Vieux projet", cohort=somme_cohort, owner=owner)
    stale.save_revision(user=editor)  # the last editor
    age(stale, 400)
    fresh = make_project(somme, "Projet suivi", cohort=somme_cohort, owner=owner)
    age(fresh, 100)

    output = run()

    assert "→ 1 projet(s) publié(s) sans mise à jour depuis le" in output
    assert "Vieux projet (Département de la Somme)" in output
    assert "proprietaire@example.org, editrice@example.org" in output
    assert "✓ 2 courriel(s) de rappel envoyé(s)." in output
    assert sorted(m.to[0] for m in mail.outbox) == [
        "editrice@example.org",
        "proprietaire@example.org",
    ]
    message = next(m for m in mail.outbox if m.to == ["proprietaire@example.org"])
    assert message.subject == "Projet à mettre à jour : Vieux projet"
    assert message.body.startswith("Bonjour Camille,")
    assert f"/admin/pages/{stale.pk}/edit/" in message.body
    assert "Projet suivi" not in message.body


def test_one_email_per_person_for_several_projects(somme, somme_cohort, people):
    owner = people[0]
    for title in ("Projet A", "Projet B"):
        age(make_project(somme, title, cohort=somme_cohort, owner=owner), 800)
    run()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "2 projets à mettre à jour sur le site de l'EMI"
    assert "Projet A" in mail.outbox[0].body and "Projet B" in mail.outbox[0].body


def test_dry_run_sends_nothing_and_orphans_are_reported(somme, somme_cohort, people):
    owner, _editor, gone = people
    age(make_project(somme, "Avec propriétaire", cohort=somme_cohort, owner=owner), 400)
    age(make_project(somme, "Sans personne", cohort=somme_cohort, owner=gone), 400)
    output = run("--dry-run")
    assert "Simulation : 1 courriel(s) auraient été envoyés" in output
    assert "! Sans personne (Département de la Somme)" in output
    assert "aucun destinataire" in output
    assert mail.outbox == []


def test_unpublished_projects_and_the_months_option(somme, somme_cohort, people):
    owner = people[0]
    age(make_project(somme, "Brouillon", cohort=somme_cohort, owner=owner, live=False), 400)
    age(make_project(somme, "Six mois", cohort=somme_cohort, owner=owner), 200)
    assert "→ 0 projet(s)" in run()
    assert "Six mois" in run("--months", "6")
    assert mail.outbox[0].subject == "Projet à mettre à jour : Six mois"


def test_a_draft_in_progress_counts_as_an_update(somme, somme_cohort, people):
    owner, editor, _gone = people
    project = make_project(
        somme,
        "Mis à jour en brouillon",
        cohort=somme_cohort,
        owner=owner,
        status=ProjectStatus.DEPLOYE,
    )
    age(project, 400)
    project.save_revision(user=editor)  # a contributor is working on it right now
    assert "→ 0 projet(s)" in run()


def test_months_before_handles_short_months():
    moment = datetime.datetime(2025, 3, 31, 7, 0)
    assert months_before(moment, 1) == datetime.datetime(2025, 2, 28, 7, 0)
    assert months_before(moment, 12) == datetime.datetime(2024, 3, 31, 7, 0)
    assert months_before(datetime.datetime(2025, 1, 15), 13) == datetime.datetime(2023, 12, 15)
