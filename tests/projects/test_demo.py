"""The demo project bank: built from the source documents, complete, idempotent."""

import pytest

from cms.models import Collectivity
from home.demo import collectivities, projects, site
from home.demo.helpers import DemoReport
from projects.models import Cohort, ProjectFeedback, ProjectOrigin, ProjectPage, ProjectStatus

pytestmark = pytest.mark.django_db

AMIENS_WINNERS = {
    "Trouver le bon interlocuteur au Conseil départemental dans le domaine social": "Nord",
    "Améliorer la communication des cantines des collèges avec les familles": "Oise",
    "Offrir une première réponse immédiate à l'usager, à l'accueil ou à distance": (
        "Pas-de-Calais"
    ),
    "Faciliter le dépôt des demandes d'occupation du domaine public par une application": (
        "Pas-de-Calais"
    ),
    "Favoriser la systématisation et la conservation de l'album de vie des mineurs confiés": (
        "Somme"
    ),
    "Accompagner la transition de 48 cantines scolaires en restaurants scolaires": "Somme",
    "Améliorer la qualité des sanitaires des collèges": "Val-d'Oise",
    "Améliorer l'offre d'accueil de la petite enfance pour les familles en recherche "
    "d'emploi": "Val-d'Oise",
}


def load_all():
    report = DemoReport(lambda line: None)
    site.load(report)
    collectivities.load(report)
    projects.load(report)
    return report


def test_demo_project_bank(home_page):
    load_all()
    live = ProjectPage.objects.live()
    assert live.count() >= 15
    assert {p.status for p in live} == set(ProjectStatus.values)

    emi = live.filter(origin=ProjectOrigin.EMI)
    assert emi.values("cohort").distinct().count() >= 3
    assert emi.values("collectivity").distinct().count() >= 3
    assert Cohort.objects.values("host_collectivity").distinct().count() >= 3

    amiens = live.filter(origin=ProjectOrigin.OTHER)
    winners = {
        p.title: p.collectivity.short_name
        for p in amiens.exclude(status=ProjectStatus.NON_RETENU).select_related("collectivity")
    }
    assert winners == AMIENS_WINNERS
    for name in ("Nord", "Oise", "Pas-de-Calais"):
        assert Collectivity.objects.get(short_name=name).name.startswith("Département")

    for project in live.filter(status__in=[ProjectStatus.NON_RETENU, ProjectStatus.ABANDONNE]):
        assert len(project.status_explanation) > 40, project.title
    for project in live.filter(status=ProjectStatus.DEPLOYE):
        assert project.impact_indicators.exists(), project.title
        assert project.user_quotes.exists() or project.public_feedback.approved().exists()
    assert ProjectFeedback.objects.approved().exists()
    assert ProjectFeedback.objects.pending().exists()  # something to moderate


def test_demo_is_idempotent(home_page):
    load_all()
    counts = (ProjectPage.objects.count(), Cohort.objects.count(), ProjectFeedback.objects.count())
    report = load_all()
    assert report.created == 0
    assert (
        ProjectPage.objects.count(),
        Cohort.objects.count(),
        ProjectFeedback.objects.count(),
    ) == counts


def test_demo_pages_render(client, home_page):
    load_all()
    assert client.get("/projets/").status_code == 200
    assert client.get("/projets/?collectivite=somme").status_code == 200
    assert client.get("/projets/chiffres/").status_code == 200
    for project in ProjectPage.objects.live():
        assert client.get(project.url).status_code == 200, project.url
