"""/collectivites/ and /collectivites/<slug>/: a page per collectivité, made with its space."""

import datetime
import html
import re

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.collectivities import ensure_collectivity_space
from home.models import CollectivityIndexPage, CollectivityPage
from news.models import EventSectionPage, NewsSectionPage
from projects.models import ProjectSectionPage, ProjectStatus
from tests.factories.news import EventPageFactory, NewsPageFactory
from tests.factories.projects import make_cohort, make_project
from tests.factories.site import build_site_frame
from tests.sitemap_reader import sitemap_text

pytestmark = pytest.mark.django_db


def text_of(response):
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def section_of(space, kind):
    return next(section for section in space.sections if isinstance(section, kind))


@pytest.fixture
def frame(home_page):
    return build_site_frame(home_page)


@pytest.fixture
def oise(frame):
    return ensure_collectivity_space(
        "Département de l'Oise", short_name="Oise", joined_year=2022, website="https://oise.fr/"
    )


@pytest.fixture
def aisne(frame):
    return ensure_collectivity_space("Département de l'Aisne", short_name="Aisne")


def test_a_collectivity_space_includes_its_page_and_a_second_run_adds_none(oise):
    page = CollectivityPage.objects.get(collectivity=oise.collectivity)
    assert page.url == f"/collectivites/{oise.collectivity.slug}/"
    assert page.live
    assert page in [section.specific for section in oise.sections]
    ensure_collectivity_space("Département de l'Oise", short_name="Oise")
    assert CollectivityPage.objects.filter(collectivity=oise.collectivity).count() == 1


def test_the_page_gathers_its_projects_results_cohorts_news_and_events(client, oise, aisne):
    projects = section_of(oise, ProjectSectionPage)
    cohort = make_cohort(oise.collectivity, number=3, jury_date=datetime.date(2024, 6, 20))
    make_project(
        projects,
        "Un accueil sans rendez-vous",
        status=ProjectStatus.DEPLOYE,
        cohort=cohort,
        with_details=True,  # its headline result: 35 → 12 jours
    )
    make_project(projects, "Un projet en brouillon", cohort=cohort, live=False)
    private = make_project(projects, "Un projet réservé", cohort=cohort)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    make_project(
        section_of(aisne, ProjectSectionPage), "Un projet de l'Aisne", other_programme="Forum"
    )
    NewsPageFactory(parent=section_of(oise, NewsSectionPage), title="Une nouvelle de l'Oise")
    NewsPageFactory(parent=section_of(aisne, NewsSectionPage), title="Une nouvelle de l'Aisne")
    events = section_of(oise, EventSectionPage)
    EventPageFactory(
        parent=events, title="Atelier à venir", start=timezone.now() + datetime.timedelta(days=9)
    )
    EventPageFactory(
        parent=events, title="Atelier passé", start=timezone.now() - datetime.timedelta(days=9)
    )

    page = CollectivityPage.objects.get(collectivity=oise.collectivity)
    text = text_of(client.get(page.url))
    assert "<h1>Département de l'Oise</h1>" in text
    assert "depuis 2022" in text
    assert "Un accueil sans rendez-vous" in text
    assert "Délai moyen de réponse" in text and "35" in text and "12" in text
    assert "Promotion 3" in text
    assert "Une nouvelle de l'Oise" in text and "Atelier à venir" in text
    for absent in (
        "Un projet en brouillon",
        "Un projet réservé",
        "Un projet de l'Aisne",
        "Une nouvelle de l'Aisne",
        "Atelier passé",
    ):
        assert absent not in text
    # Its figures count what a visitor can see: one project, deployed.
    words = " ".join(re.sub(r"<[^>]+>", " ", text).split())
    assert "1 projet publié" in words and "100 % taux de déploiement" in words
    for section in oise.sections:
        if not isinstance(section.specific, CollectivityPage):
            assert f'href="{section.url}"' in text


def test_the_page_gives_its_feeds_and_the_code_to_show_its_lists_elsewhere(client, oise):
    page = CollectivityPage.objects.get(collectivity=oise.collectivity)
    text = text_of(client.get(page.url))
    slug = oise.collectivity.slug
    projects, news = section_of(oise, ProjectSectionPage), section_of(oise, NewsSectionPage)
    assert '<link rel="alternate" type="application/rss+xml"' in text
    for url in (projects.url + "rss/", news.url + "atom/"):
        assert f'href="{url}"' in text
        assert client.get(url).status_code == 200
    ical = section_of(oise, EventSectionPage).url + "ical/"
    assert f'href="http://127.0.0.1:8000{ical}"' in text
    assert f'href="webcal://127.0.0.1:8000{ical}"' in text
    assert f"/projets/embed/?collectivite={slug}" in text
    assert f"/agenda/embed/?collectivite={slug}" in text
    assert client.get(f"/projets/embed/?collectivite={slug}").status_code == 200


def test_a_new_collectivity_page_says_what_is_missing_and_stays_indexed(client, aisne):
    page = CollectivityPage.objects.get(collectivity=aisne.collectivity)
    text = text_of(client.get(page.url))
    assert "Aucun projet de cette collectivité n'est encore publié" in text
    assert "Aucune actualité de cette collectivité" in text
    assert "Aucun événement de cette collectivité" in text
    assert 'name="robots"' not in text
    sitemap = sitemap_text(client)
    assert page.full_url in sitemap
    # Its empty sections, thin pages, stay out of it.
    assert section_of(aisne, NewsSectionPage).full_url not in sitemap
    assert page.url in text_of(client.get("/plan-du-site/"))


def test_the_index_lists_every_collectivity_with_its_projects(client, oise, aisne):
    make_project(
        section_of(oise, ProjectSectionPage), "Un projet de l'Oise", other_programme="Forum"
    )
    index = CollectivityIndexPage.objects.get()
    text = text_of(client.get(index.url))
    assert "Département de l'Aisne" in text and "Département de l'Oise" in text
    assert text.index("Département de l'Aisne") < text.index("Département de l'Oise")
    assert "1 projet publié" in text and "aucun projet publié pour l'instant" in text


def test_the_index_says_so_when_no_collectivity_has_joined(client, frame):
    text = text_of(client.get(CollectivityIndexPage.objects.get().url))
    assert "Aucune collectivité n'a encore sa page" in text


def test_each_section_links_to_its_collectivity_page(client, oise):
    page = CollectivityPage.objects.get(collectivity=oise.collectivity)
    for kind in (ProjectSectionPage, NewsSectionPage, EventSectionPage):
        text = text_of(client.get(section_of(oise, kind).url))
        assert f'href="{page.url}"' in text
