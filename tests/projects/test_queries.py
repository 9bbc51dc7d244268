"""The number of SQL queries of the project bank's pages does not grow with the projects."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from cms import page_cache
from cms.models import CustomImage
from cms.site_pages import SitePages
from home.models import LegalPageKind
from home.site_pages import choose_missing_site_pages
from projects.charts import ProjectCharts
from projects.figures import KeyFigures
from projects.models import (
    ProjectFeedback,
    ProjectImpactIndicator,
    ProjectRelatedLink,
    ProjectStatus,
    published_projects,
)
from tests.factories.pages import LegalPageFactory, child
from tests.factories.projects import make_project

pytestmark = pytest.mark.django_db

STATUSES = [
    ProjectStatus.DEPLOYE,
    ProjectStatus.EXPERIMENTATION,
    ProjectStatus.NON_RETENU,
    ProjectStatus.ABANDONNE,
    ProjectStatus.RETENU,
    ProjectStatus.PROPOSE,
]


def add_projects(count, start, sections, image):
    """`count` projects alternating between collectivités, statuses and themes."""
    created = []
    for i in range(start, start + count):
        section, cohort = sections[i % 2]
        themes = ["accueil"] + (["collèges"] if i % 3 == 0 else [])
        created.append(
            make_project(
                section,
                f"Projet de test {i:03d}",
                status=STATUSES[i % len(STATUSES)],
                cohort=cohort,
                themes=themes,
                cover_image=image,
                with_details=i % 5 == 0,
            )
        )
    return created


def count_queries(client, url):
    # The first render creates the image renditions (an image becoming public clears the
    # site's caches); the second fills what is kept until the tree changes (menu, routes).
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def image(db):
    return CustomImage.objects.create(
        title="Atelier",
        file=get_test_image_file(filename="atelier.png"),
        alt_text="Des agents devant un mur de post-it",
    )


def test_query_counts_do_not_grow_with_the_number_of_projects(
    client, somme, nord, somme_cohort, nord_cohort, image
):
    sections = [(somme, somme_cohort), (nord, nord_cohort)]
    first = add_projects(10, 0, sections, image)
    project = first[0]
    ProjectRelatedLink.objects.create(page=project, related=first[1], sort_order=0)
    ProjectFeedback.objects.create(
        project=project, role="Usager", text="Très utile.", consent=True, status="approuve"
    )
    urls = [
        "/projets/",
        "/projets/?collectivite=somme&statut=deploye&thematique=accueil&annee=2023",
        "/projets/?q=projet&collectivite=somme",
        "/projets/?tri=titre&page=2",
        "/projets/chiffres/",
        "/projets/somme/",
        project.url,
        "/",
    ]
    with_10 = {url: count_queries(client, url) for url in urls}

    add_projects(90, 10, sections, image)
    with_100 = {url: count_queries(client, url) for url in urls}

    for url in urls:
        print(f"{url}: {with_10[url]} requêtes (10 projets), {with_100[url]} (100 projets)")
    assert with_100 == with_10
    # And the listing stays within the site's budget (issue 14), whatever the filters:
    # the site's frame (site, settings, footer pages, route) is one or two queries.
    assert max(itertools.islice(with_10.values(), 4)) <= 15


def add_measured_projects(count, start, sections):
    """`count` projects across years, statuses and themes; the deployed ones measured."""
    created = add_projects(count, start, sections, image=None)
    for project in created:
        if project.status == ProjectStatus.DEPLOYE:
            ProjectImpactIndicator.objects.create(
                page=project,
                label="Délai de réponse",
                baseline=30 + project.pk % 7,
                value=10,
                unit="jours",
                measured_on=datetime.date(2024, 1 + project.pk % 12, 1),
                source="Logiciel de suivi",
            )
    return created


def count_chart_queries():
    with CaptureQueriesContext(connection) as queries:
        charts = ProjectCharts(KeyFigures(published_projects()))
        drawn = [charts.trend, charts.collectivities, charts.themes, charts.before_after]
    assert all(drawn)
    return len(queries)


def test_key_figures_and_section_charts_take_a_fixed_number_of_queries(
    client, somme, nord, somme_cohort, nord_cohort
):
    """The figures and charts take a fixed number of queries, whatever the number of projects.

    Their own share is small (key figures: 9 aggregates, two of them for the charts;
    a section: status, years, themes and indicators); the site's frame (the site with its
    settings and footer pages, the page served) takes two more (cms.page_queries).
    """
    sections = [(somme, somme_cohort), (nord, nord_cohort)]
    urls = ["/projets/chiffres/", "/projets/somme/", "/projets/nord/"]
    add_measured_projects(12, 0, sections)
    small = {url: count_queries(client, url) for url in urls}
    small_charts = count_chart_queries()
    add_measured_projects(60, 12, sections)
    large = {url: count_queries(client, url) for url in urls}
    # The charts alone: one query per chart (the view restrictions are kept in the cache).
    assert count_chart_queries() == small_charts == 4
    for url in urls:
        print(f"{url}: {small[url]} requêtes (12 projets), {large[url]} (72 projets)")
    assert large == small
    assert small["/projets/chiffres/"] <= 12
    assert max(small["/projets/somme/"], small["/projets/nord/"]) <= 12
    # Every chart was drawn at both sizes (the indicators' query ran).
    html = client.get("/projets/chiffres/").content.decode()
    assert html.count('role="img"') == 5


def count_queries_after_a_publication(client, url):
    count_queries(client, url)  # renditions made, as they are before any publication
    page_cache.invalidate_site()  # what a publication does: every kept count is renewed
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_the_first_render_of_the_listing_after_a_publication_stays_within_budget(
    client, demo_site_pages, somme, nord, somme_cohort, nord_cohort, image
):
    # The two accessibility pages every page links to, chosen as on the real site.
    for kind in (LegalPageKind.ACCESSIBILITY_SCHEME, LegalPageKind.ACCESSIBILITY_PLAN):
        child(demo_site_pages, LegalPageFactory, kind.value, title=kind.label, kind=kind)
    choose_missing_site_pages(SitePages.for_site(Site.objects.get()), demo_site_pages)
    add_projects(24, 0, [(somme, somme_cohort), (nord, nord_cohort)], image)
    urls = ["/projets/", "/projets/?collectivite=somme&statut=deploye"]
    counts = {url: count_queries_after_a_publication(client, url) for url in urls}
    # The collectivité, status, cohort and year facets and the total: one grouped query
    # per scope, so the listing's frame, its counts and its cards fit in the budget.
    assert max(counts.values()) <= 15


def test_the_first_render_of_the_home_and_of_a_project_after_a_publication(
    client, demo_site_pages, somme, nord, somme_cohort, nord_cohort, image
):
    for kind in (LegalPageKind.ACCESSIBILITY_SCHEME, LegalPageKind.ACCESSIBILITY_PLAN):
        child(demo_site_pages, LegalPageFactory, kind.value, title=kind.label, kind=kind)
    choose_missing_site_pages(SitePages.for_site(Site.objects.get()), demo_site_pages)
    projects = add_projects(12, 0, [(somme, somme_cohort), (nord, nord_cohort)], image)
    detailed = projects[5]  # its team, quotes, indicators, steps and related projects
    detailed.related_project_links.create(related=projects[1])
    detailed.save_revision().publish()
    # The home's sections, feeds and indexes come in one query (with the route's pages
    # elsewhere), its project cards with the choice of them.
    assert count_queries_after_a_publication(client, "/") <= 15
    # The page's indicators are read once for its headline and its table.
    assert count_queries_after_a_publication(client, detailed.url) <= 17
