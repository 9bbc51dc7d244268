"""The page cache and the open data: exports are streamed, never stored; embeds and feeds
are stored like pages and keep their own headers when served from the cache; CORS
headers are added on every request, outside the cache."""

import pytest

from cms.models import Collectivity
from tests.factories.projects import make_project
from tests.factories.whole_site import build_every_page_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def whole_site(home_page, settings):
    settings.PAGE_CACHE_ENABLED = True
    return build_every_page_type(home_page)


def test_exports_are_never_stored(whole_site, client):
    for url in ("/projets/export.csv", "/projets/export.json"):
        for _visit in range(2):
            response = client.get(url)
            assert response.streaming
            assert response.get("X-Cache") in (None, "bypass"), url


def test_a_stored_embed_stays_frameable(whole_site, client):
    slug = Collectivity.objects.get().slug
    url = f"/projets/embed/?collectivite={slug}"
    assert client.get(url)["X-Cache"] == "miss"
    hit = client.get(url)
    assert hit["X-Cache"] == "hit"
    assert "X-Frame-Options" not in hit
    assert "frame-ancestors *" in hit["Content-Security-Policy"]
    assert client.get("/projets/")["X-Frame-Options"] == "DENY"


def test_a_stored_calendar_gets_its_cors_header_per_request(whole_site, client):
    assert client.get("/agenda/ical/")["X-Cache"] == "miss"
    hit = client.get("/agenda/ical/", headers={"Origin": "https://example.test"})
    assert hit["X-Cache"] == "hit"
    assert hit["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get("/agenda/ical/")


def test_a_project_feed_shows_a_new_publication(whole_site, client):
    section = whole_site["project"].get_parent()
    url = f"/projets/{section.slug}/rss/"
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"
    project = make_project(
        section,
        "Une maison France services mobile",
        live=False,
        cohort=whole_site["project"].cohort,
    )
    project.save_revision().publish()
    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert "Une maison France services mobile" in response.content.decode()
