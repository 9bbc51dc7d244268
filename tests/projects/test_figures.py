"""Key figures (/projets/chiffres/ and the home page) equal what the database holds."""

import html as html_module

import pytest
from wagtail.models import PageViewRestriction

from projects.figures import KeyFigures, headline_figures
from projects.models import ProjectPage, ProjectStatus, published_projects
from tests.factories.projects import make_cohort, make_project, make_section

pytestmark = pytest.mark.django_db


def page_text(response):
    """The HTML of a response with entities decoded (&#x27; becomes ')."""
    return html_module.unescape(response.content.decode())


RETAINED = {"retenu", "experimentation", "deploye", "abandonne"}


@pytest.fixture
def figures_bank(index, somme, nord, somme_cohort, nord_cohort):
    oise = make_section(index, "Département de l'Oise", slug="oise")
    statuses = [
        (somme, somme_cohort, ProjectStatus.DEPLOYE, ["accueil"]),
        (somme, somme_cohort, ProjectStatus.DEPLOYE, ["accueil", "collèges"]),
        (somme, somme_cohort, ProjectStatus.ABANDONNE, ["collèges"]),
        (somme, somme_cohort, ProjectStatus.NON_RETENU, []),
        (nord, nord_cohort, ProjectStatus.RETENU, ["accueil"]),
        (nord, nord_cohort, ProjectStatus.EXPERIMENTATION, []),
        (nord, None, ProjectStatus.PROPOSE, ["routes"]),
    ]
    for section, cohort, status, themes in statuses:
        make_project(
            section,
            status=status,
            cohort=cohort,
            themes=themes,
            other_programme="" if cohort else "Forum d'Amiens",
        )
    # Never counted: a draft, a private project; an empty section adds no collectivité.
    make_project(somme, status=ProjectStatus.DEPLOYE, cohort=somme_cohort, live=False)
    private = make_project(nord, status=ProjectStatus.DEPLOYE, cohort=nord_cohort)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    return oise


def database_truth():
    """The same figures, counted the slow and obvious way, project by project."""
    restricted = [r.page.path for r in PageViewRestriction.objects.select_related("page")]
    projects = [
        p
        for p in ProjectPage.objects.filter(live=True)
        if not any(p.path.startswith(path) for path in restricted)
    ]
    by_status = {}
    by_collectivity = {}
    by_theme = {}
    for project in projects:
        by_status[project.status] = by_status.get(project.status, 0) + 1
        name = project.collectivity.name
        by_collectivity[name] = by_collectivity.get(name, 0) + 1
        for tag in project.themes.all():
            by_theme[tag.name] = by_theme.get(tag.name, 0) + 1
    retained = sum(n for status, n in by_status.items() if status in RETAINED)
    return {
        "total": len(projects),
        "by_status": by_status,
        "by_collectivity": by_collectivity,
        "by_theme": by_theme,
        "retained": retained,
        "deployed": by_status.get("deploye", 0),
    }


def test_key_figures_equal_what_the_database_holds(figures_bank):
    truth = database_truth()
    figures = KeyFigures(published_projects())
    assert figures.total == truth["total"] == 7
    assert {r.value: r.count for r in figures.by_status if r.count} == truth["by_status"]
    assert {r["name"]: r["total"] for r in figures.by_collectivity} == truth["by_collectivity"]
    assert figures.collectivity_count == len(truth["by_collectivity"]) == 2
    assert {r["name"]: r["total"] for r in figures.by_theme} == truth["by_theme"]
    assert figures.retained == truth["retained"] == 5
    assert figures.deployed == truth["deployed"] == 2
    assert figures.deployment_rate == pytest.approx(100 * 2 / 5)
    cohorts = {str(r["cohort"]): (r["total"], r["deployed"]) for r in figures.by_cohort}
    assert cohorts == {
        "Promotion 1 · Somme · formation longue (2022-2023)": (4, 2),
        "Promotion 2 · Nord · formation courte (2021)": (2, 0),
    }
    assert figures.other_origin_count == 1


def test_key_figures_page_shows_tables_chart_and_rate(client, figures_bank):
    response = client.get("/projets/chiffres/")
    assert response.status_code == 200
    html = page_text(response)
    assert html.count("<h1") == 1
    assert "<caption>Projets publiés par statut</caption>" in html
    assert "<caption>Projets publiés, retenus et déployés par collectivité</caption>" in html
    assert '<th scope="row"><a href="/projets/?statut=deploye">Déployé</a></th>' in html
    assert "40\u00a0%" in html  # 2 deployed out of 5 retained
    assert "2 déployés sur 5 retenus" in html
    # The SVG chart has a text equivalent and no inline style.
    assert 'role="img" aria-labelledby="status-chart-title status-chart-desc"' in html
    desc = '<desc id="status-chart-desc">Proposé : 1 projet ; Retenu par le jury : 1 projet ;'
    assert desc in html
    assert "style=" not in html.split("<main", 1)[1]
    assert '<li><span aria-current="page">Chiffres clés</span></li>' in html


def test_key_figures_follow_publication(client, figures_bank, somme, somme_cohort):
    before = client.get("/projets/chiffres/").context["figures"].total
    project = make_project(somme, status=ProjectStatus.DEPLOYE, cohort=somme_cohort)
    assert client.get("/projets/chiffres/").context["figures"].total == before + 1
    project.unpublish()
    assert client.get("/projets/chiffres/").context["figures"].total == before


def test_deployment_rate_without_retained_projects(client, index, somme, somme_cohort):
    make_project(somme, status=ProjectStatus.PROPOSE, cohort=somme_cohort)
    figures = KeyFigures(published_projects())
    assert figures.retained == 0
    assert figures.deployment_rate is None
    assert "aucun projet retenu pour l'instant" in page_text(client.get("/projets/chiffres/"))


def test_key_figures_page_without_any_project(client, index):
    response = client.get("/projets/chiffres/")
    assert response.status_code == 200
    assert "Aucun projet n'est encore publié" in page_text(response)


def test_home_page_shows_the_same_live_figures_and_latest_projects(client, figures_bank):
    truth = database_truth()
    assert headline_figures(published_projects()) == {
        "projects": truth["total"],
        "collectivities": len(truth["by_collectivity"]),
    }
    html = page_text(client.get("/"))
    assert "La banque de projets aujourd'hui" in html
    value = '<span class="figures__value">{}</span> <span class="figures__label">{}'
    assert value.format(truth["total"], "projets publiés") in html
    assert value.format(len(truth["by_collectivity"]), "collectivités représentées") in html
    assert "Derniers projets publiés" in html
    latest = ProjectPage.objects.live().public().order_by("-first_published_at", "-pk")[:3]
    for project in latest:
        assert project.title in html
    assert 'href="/projets/chiffres/"' in html


def test_cohort_figures_count_only_published_projects(index, somme):
    cohort = make_cohort(somme.collectivity, number=7)
    make_project(somme, status=ProjectStatus.DEPLOYE, cohort=cohort, live=False)
    assert KeyFigures(published_projects()).by_cohort == []
