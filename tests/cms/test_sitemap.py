"""sitemap.xml: valid XML, a lastmod on every address, no page that asked not to be
indexed, the collectivité pages in, the empty sections out."""

import pytest
from django.utils import timezone

from cms import page_cache
from cms.sitemap import SiteSitemap
from home.models import CollectivityPage
from news.models import NewsPage
from tests.factories.whole_site import build_every_page_type
from tests.sitemap_reader import section_paths, sitemap_entries, sitemap_sections

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"


def test_every_address_has_its_last_modification_and_noindex_pages_stay_out(client, home_page):
    build_every_page_type(home_page)
    news = NewsPage.objects.get()
    news.noindex = True
    news.save_revision().publish()
    entries = sitemap_entries(client)
    assert BASE + "/" in entries
    assert all(lastmod for lastmod in entries.values()), entries
    assert BASE + news.url not in entries
    collectivity_page = CollectivityPage.objects.get()
    assert BASE + collectivity_page.url in entries
    assert BASE + "/agenda/archives/" in entries  # a route of an index, with its date
    assert all(loc.startswith(BASE + "/") for loc in entries)


def test_a_large_site_is_an_index_of_sections_that_together_list_every_address(
    client, home_page, monkeypatch
):
    build_every_page_type(home_page)
    whole = sitemap_entries(client)
    monkeypatch.setattr(SiteSitemap, "limit", 5)
    page_cache.invalidate_site()  # sections are kept until the tree changes: a new size too
    paths = section_paths(client)
    assert paths[0] == "/sitemap-pages.xml"
    assert paths[1:] == [f"/sitemap-pages.xml?p={n}" for n in range(2, len(paths) + 1)]
    assert len(paths) >= 3
    assert sitemap_entries(client) == whole  # nothing lost, nothing twice
    assert all(
        url.count("<url>") <= 5 * 2
        for url in (r.content.decode() for r in sitemap_sections(client))
    )  # an index page adds its routes to its own address


def test_the_index_dates_its_sections_by_the_last_publication(client, home_page):
    build_every_page_type(home_page)
    latest = NewsPage.objects.get()
    latest.save_revision().publish()
    latest.refresh_from_db()
    index = client.get("/sitemap.xml").content.decode()
    # The date as the sitemap writes it: in the site's time zone (Paris), which is
    # already tomorrow between 23:00 and midnight UTC.
    published = timezone.localtime(latest.last_published_at).date()
    assert f"<lastmod>{published.isoformat()}" in index


def test_a_section_past_the_last_answers_404(client, home_page):
    build_every_page_type(home_page)
    assert client.get("/sitemap-pages.xml?p=999").status_code == 404
    assert client.get("/sitemap-pages.xml?p=abc").status_code == 404
    assert client.get("/sitemap-inconnu.xml").status_code == 404


def test_a_section_kept_shows_the_next_publication_and_unpublication(client, home_page):
    build_every_page_type(home_page)
    news = NewsPage.objects.get()
    assert BASE + news.url in sitemap_entries(client)
    assert BASE + news.url in sitemap_entries(client)  # the section kept
    news.unpublish()
    assert BASE + news.url not in sitemap_entries(client)
    news.save_revision().publish()
    assert BASE + news.url in sitemap_entries(client)
    # A number past the last section is never kept: still a 404.
    for _ in range(2):
        assert client.get("/sitemap-pages.xml?p=999").status_code == 404
