"""Feeds per collectivité and per theme (news and projects), calendars per collectivité
and per event type, the embeds' content, and /s-abonner/ which lists them all."""

import datetime
import html

import feedparser
import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from news.models import EventSectionPage, NewsSectionPage
from projects.models import ProjectIndexPage, ProjectSectionPage, ProjectStatus
from tests.factories.projects import make_cohort, make_project

from .conftest import add_collectivity, add_event, add_news, add_section

pytestmark = pytest.mark.django_db
BASE = "http://127.0.0.1:8000"


@pytest.fixture
def val_doise():
    return add_collectivity("Département du Val-d'Oise", "val-d-oise")


@pytest.fixture
def news(news_index, somme_news_section, val_doise):
    oise_section = add_section(news_index, NewsSectionPage, val_doise)
    return {
        "emi": add_news(news_index, "Rentrée de l'EMI", tags=["Expérience agent"]),
        "somme": add_news(somme_news_section, "La Somme rejoint l'EMI", tags=["Expérience usager"]),
        "oise": add_news(oise_section, "Le Val-d'Oise ouvre un laboratoire"),
    }


def parsed(response):
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def titles(response):
    return [entry.title for entry in parsed(response).entries]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_news_feed_of_a_collectivity(client, news, kind):
    by_query = titles(client.get(f"/actualites/{kind}/?collectivite=somme"))
    assert by_query == ["La Somme rejoint l'EMI"]
    feed = parsed(client.get(f"/actualites/somme/{kind}/"))
    assert [entry.title for entry in feed.entries] == by_query
    assert "Département de la Somme" in feed.feed.title
    assert titles(client.get(f"/actualites/val-d-oise/{kind}/")) == [
        "Le Val-d'Oise ouvre un laboratoire"
    ]


def test_news_feed_of_a_theme(client, news):
    assert titles(client.get("/actualites/rss/?thematique=experience-agent")) == [
        "Rentrée de l'EMI"
    ]
    assert titles(client.get("/actualites/somme/rss/?thematique=experience-agent")) == []


def test_feed_with_an_unknown_slug_is_a_french_404(client, news):
    for url in (
        "/actualites/rss/?collectivite=atlantide",
        "/actualites/atom/?thematique=inconnue",
        "/projets/rss/?collectivite=atlantide",
        "/agenda/ical/?type=bal-masque",
        "/agenda/ical/?collectivite=atlantide",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "n'a l'identifiant" in html.unescape(response.content.decode()), url


@pytest.fixture
def projects(news_index, somme, val_doise):
    index = ProjectIndexPage.objects.get()
    somme_section = add_section(index, ProjectSectionPage, somme)
    oise_section = add_section(index, ProjectSectionPage, val_doise)
    cohort = make_cohort(somme, number=3)
    old = make_project(
        somme_section,
        "Accueil des familles",
        cohort=cohort,
        themes=["Accueil"],
        published_at=datetime.datetime(2025, 1, 5, tzinfo=datetime.UTC),
    )
    new = make_project(
        oise_section,
        "Cantines sans gaspillage",
        cohort=cohort,
        themes=["Restauration scolaire"],
        status=ProjectStatus.DEPLOYE,
    )
    make_project(somme_section, "Brouillon", cohort=cohort, themes=["Accueil"], live=False)
    private = make_project(somme_section, "Réservé", cohort=cohort, themes=["Accueil"])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return old, new


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_project_feeds_site_wide_per_collectivity_and_per_theme(client, projects, kind):
    assert titles(client.get(f"/projets/{kind}/")) == [
        "Cantines sans gaspillage",
        "Accueil des familles",
    ]
    assert titles(client.get(f"/projets/somme/{kind}/")) == ["Accueil des familles"]
    assert titles(client.get(f"/projets/{kind}/?collectivite=val-d-oise")) == [
        "Cantines sans gaspillage"
    ]
    assert titles(client.get(f"/projets/{kind}/?thematique=accueil")) == ["Accueil des familles"]


def test_a_project_feed_item_links_to_the_page_at_the_public_address(client, projects):
    _old, new = projects
    entry = parsed(client.get("/projets/rss/")).entries[0]
    assert entry.link == BASE + new.url
    assert entry.summary.startswith("Déployé — ")
    assert [tag.term for tag in entry.tags] == ["Restauration scolaire"]


@pytest.fixture
def events(event_index, somme_event_section, val_doise):
    oise_section = add_section(event_index, EventSectionPage, val_doise)
    return {
        "emi": add_event(event_index, "Rencontre des alumni", event_type="rencontre-alumni"),
        "somme": add_event(somme_event_section, "Atelier à Amiens", event_type="atelier"),
        "oise": add_event(oise_section, "Jury à Cergy", event_type="jury"),
        "private": add_event(somme_event_section, "Atelier interne", event_type="atelier"),
    }


def summaries(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, sorted(str(event["summary"]) for event in calendar.walk("VEVENT"))


def test_calendar_of_a_collectivity_and_of_an_event_type(client, events):
    PageViewRestriction.objects.create(page=events["private"], restriction_type="login")
    calendar, names = summaries(client.get("/agenda/somme/ical/"))
    assert names == ["Atelier à Amiens"]
    assert "Département de la Somme" in str(calendar["x-wr-calname"])
    assert summaries(client.get("/agenda/ical/?collectivite=somme"))[1] == names
    assert summaries(client.get("/agenda/ical/?type=jury"))[1] == ["Jury à Cergy"]
    assert summaries(client.get("/agenda/ical/"))[1] == [
        "Atelier à Amiens",
        "Jury à Cergy",
        "Rencontre des alumni",
    ]


def test_agenda_pages_offer_webcal_next_to_ical(client, events):
    page = client.get("/agenda/somme/").content.decode()
    assert 'href="/agenda/somme/ical/"' in page
    assert 'href="webcal://127.0.0.1:8000/agenda/somme/ical/"' in page


def test_subscribe_page_lists_every_feed_from_the_database(client, news, projects, events):
    response = client.get("/s-abonner/")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    for url in (
        "/actualites/rss/",
        "/actualites/somme/atom/",
        "/actualites/val-d-oise/rss/",
        "/actualites/rss/?thematique=experience-usager",
        "/projets/atom/",
        "/projets/somme/rss/",
        "/projets/rss/?thematique=restauration-scolaire",
        "/agenda/ical/",
        "/agenda/val-d-oise/ical/",
        "/agenda/ical/?type=cafe-rencontre",
    ):
        assert f'href="{BASE}{url}"' in page, url
    assert 'href="webcal://127.0.0.1:8000/agenda/somme/ical/"' in page
    assert "Café-rencontre" in page and "Département du Val-d'Oise" in page


def test_feeds_are_announced_in_the_head_of_the_pages(client, news, projects, events):
    home = client.get("/").content.decode()
    for url in ("/actualites/rss/", "/projets/rss/", "/agenda/ical/"):
        assert 'rel="alternate" type="' in home and f'href="{url}"' in home, url
    assert 'href="/s-abonner/"' in home
    assert 'href="/actualites/somme/rss/"' in client.get("/actualites/somme/").content.decode()
    assert 'href="/projets/somme/atom/"' in client.get("/projets/somme/").content.decode()
    assert 'href="/projets/rss/"' in client.get("/projets/").content.decode()


def test_project_embed_lists_a_collectivity_and_a_theme(client, projects):
    page = client.get("/projets/embed/?collectivite=somme").content.decode()
    assert "Accueil des familles" in page and "Cantines" not in page
    assert "Brouillon" not in page and "Réservé" not in page
    assert 'target="_blank"' in page and "(nouvelle fenêtre)" in page
    assert f'href="{BASE}/projets/?collectivite=somme"' in page
    themed = client.get("/projets/embed/?collectivite=somme&thematique=restauration-scolaire")
    assert "Département de la Somme n'a pas encore de projet publié" in html.unescape(
        themed.content.decode()
    )


def test_agenda_embed_lists_the_next_events_of_a_collectivity(client, events):
    page = client.get("/agenda/embed/?collectivite=somme").content.decode()
    assert "Atelier à Amiens" in page and "Jury à Cergy" not in page
    empty = client.get("/agenda/embed/?collectivite=somme&type=x")
    assert empty.status_code == 200
    nothing = add_collectivity("Département de l'Aisne", "aisne")
    text = html.unescape(client.get(f"/agenda/embed/?collectivite={nothing.slug}").content.decode())
    assert "n'annonce aucun événement pour le moment" in text


def test_section_pages_give_the_snippet_to_copy(client, projects, events):
    page = html.unescape(client.get("/projets/somme/").content.decode())
    assert (
        f'<iframe src="{BASE}/projets/embed/?collectivite=somme" '
        'title="Projets de l\'EMI — Département de la Somme"'
    ) in page
    agenda = html.unescape(client.get("/agenda/somme/").content.decode())
    assert f'<iframe src="{BASE}/agenda/embed/?collectivite=somme"' in agenda


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_subscribe_page_and_feeds_cost_the_same_whatever_the_collectivities(
    client, news, projects, events, news_index, event_index
):
    urls = ["/s-abonner/", "/projets/rss/", "/actualites/rss/?collectivite=somme"]
    before = [count_queries(client, url) for url in urls]
    project_index = ProjectIndexPage.objects.get()
    for number in range(3):
        collectivity = add_collectivity(f"Commune numéro {number}", f"commune-{number}")
        add_news(add_section(news_index, NewsSectionPage, collectivity), tags=[f"Thème {number}"])
        add_section(event_index, EventSectionPage, collectivity)
        section = add_section(project_index, ProjectSectionPage, collectivity)
        make_project(section, cohort=make_cohort(collectivity), themes=[f"Thème {number}"])
    assert [count_queries(client, url) for url in urls] == before
