"""What a project page shows: status in words, the why, timeline, impact, feedback, JSON-LD."""

import datetime
import html as html_module
import json
import re

import pytest

from projects.models import (
    ProjectMilestone,
    ProjectRelatedLink,
    ProjectStatus,
    ProjectTeamMember,
)
from tests.factories.projects import make_project
from tests.sitemap_reader import sitemap_text

pytestmark = pytest.mark.django_db


def page_text(response):
    return html_module.unescape(response.content.decode())


@pytest.fixture
def deployed(somme, somme_cohort):
    project = make_project(
        somme,
        "Raccourcir l'attente au standard",
        status=ProjectStatus.DEPLOYE,
        cohort=somme_cohort,
        themes=["accueil", "solidarités"],
        with_details=True,
        sponsor_role="Directrice",
        sponsor_service="Action sociale de proximité",
    )
    # Added out of order: the timeline sorts them by date.
    ProjectMilestone.objects.create(
        page=project, date=datetime.date(2022, 1, 10), kind="appetizer", sort_order=9
    )
    ProjectTeamMember.objects.create(page=project, role="Standardiste", name="Alice Martin")
    ProjectTeamMember.objects.create(
        page=project, role="Travailleur social", name="Marc Durand", name_published=True
    )
    return project


def test_project_page_shows_the_whole_story(client, deployed):
    response = client.get(deployed.url)
    assert response.status_code == 200
    html = page_text(response)
    assert html.count("<h1") == 1
    assert '<span class="visually-hidden">Statut : </span>Déployé' in html
    assert "<dt>Dernière mise à jour</dt>" in html
    assert 'EMI, <a href="/projets/?promotion=somme-longue-1">promotion 1 (Département' in html
    assert '<a href="/projets/?collectivite=somme">Département de la Somme' in html
    assert "<dt>Commanditaire</dt><dd>Directrice, Action sociale de proximité</dd>" in html
    # Impact as a table with a caption and headers.
    assert "<caption>Indicateurs d'impact mesurés</caption>" in html
    assert '<th scope="row">Délai moyen de réponse</th>' in html
    assert "35\u00a0jours" in html and "12\u00a0jours" in html
    # Milestones: an ordered list, by date.
    steps = html.split('<ol class="project-timeline"')[1].split("</ol>")[0]
    timeline = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', steps)
    assert timeline == ["2022-01-10", "2023-06-01", "2023-10-01"]
    # User feedback as quotes, by role.
    assert "<blockquote><p>Je sais enfin à qui m'adresser.</p></blockquote>" in html
    assert "Une usagère, <time" in html
    # Team: roles, and a name only when its owner agreed.
    assert "Alice Martin" not in html
    assert "<strong>Marc Durand</strong>, Travailleur social" in html
    # Themes lead to the filtered bank.
    assert 'href="/projets/?thematique=solidarites"' in html


def test_a_dropped_project_explains_why(client, somme, somme_cohort):
    project = make_project(
        somme,
        "Covoiturage",
        status=ProjectStatus.NON_RETENU,
        stopped_stage="appetizer",
        cohort=somme_cohort,
        status_explanation="Le plan de mobilité traitait déjà le sujet.",
    )
    html = page_text(client.get(project.url))
    assert (
        "Statut : <strong>Non retenu</strong> dès les appetizers, le premier tri des sujets."
        in html
    )
    assert "<h3>Pourquoi il n'a pas été retenu</h3>" in html
    assert "Le plan de mobilité traitait déjà le sujet." in html
    assert 'id="donner-mon-avis"' not in html


def test_json_ld_describes_the_project(client, deployed):
    html = client.get(deployed.url).content.decode()
    scripts = re.findall(
        r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html, re.S
    )
    assert len(scripts) == 2, "JSON-LD with the CSP nonce: the breadcrumb's, the project's"
    data = json.loads(scripts[-1])
    page, project = data["@graph"]
    assert project["image"][0].startswith("http://127.0.0.1:8000/")
    assert page["@type"] == "WebPage" and page["inLanguage"] == "fr"
    assert "dateModified" in page
    assert project["@type"] == "Project"
    assert project["name"] == "Raccourcir l'attente au standard"
    assert project["sponsor"]["name"] == "Département de la Somme"
    assert project["keywords"] == "accueil, solidarités"
    assert {"@type": "PropertyValue", "name": "Statut", "value": "Déployé"} in (
        project["additionalProperty"]
    )


def test_json_ld_cannot_be_broken_out_of(client, somme, somme_cohort):
    project = make_project(somme, "Titre </script><script>alert(1)</script>", cohort=somme_cohort)
    html = client.get(project.url).content.decode()
    assert "</script><script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in html


def test_related_projects_chosen_then_sharing_a_theme(client, somme, somme_cohort, deployed):
    chosen = make_project(somme, "Choisi à la main", cohort=somme_cohort)
    same_theme = make_project(somme, "Même thématique", cohort=somme_cohort, themes=["accueil"])
    make_project(somme, "Sans rapport", cohort=somme_cohort, themes=["routes"])
    draft = make_project(somme, "Brouillon lié", cohort=somme_cohort, live=False)
    ProjectRelatedLink.objects.create(page=deployed, related=chosen, sort_order=0)
    ProjectRelatedLink.objects.create(page=deployed, related=draft, sort_order=1)
    response = client.get(deployed.url)
    assert [p.title for p in response.context["related_chosen"]] == ["Choisi à la main"]
    assert [p.title for p in response.context["related_automatic"]] == [same_theme.title]
    html = page_text(response)
    assert "Sans rapport" not in html and "Brouillon lié" not in html


def test_print_sheet_carries_the_source_address(client, deployed):
    html = page_text(client.get(deployed.url))
    assert '<p class="project__print-source">Fiche projet de la banque de projets' in html
    assert 'class="page-project"' in html


def test_key_figures_route_is_in_the_sitemap(client, index, somme, somme_cohort):
    make_project(somme, cohort=somme_cohort)
    xml = sitemap_text(client)
    assert "/projets/chiffres/</loc>" in xml


def test_a_project_stopped_by_the_jury_says_so_in_one_phrase(client, somme, somme_cohort):
    project = make_project(
        somme,
        "Guichet unique",
        status=ProjectStatus.NON_RETENU,
        stopped_stage="jury",
        cohort=somme_cohort,
        status_explanation="Un autre sujet répondait mieux au besoin.",
    )
    html = page_text(client.get(project.url))
    assert "Statut : <strong>Non retenu</strong> par le jury." in html
