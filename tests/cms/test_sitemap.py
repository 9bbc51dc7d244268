"""sitemap.xml: valid XML, a lastmod on every address, no page that asked not to be
indexed, the collectivité pages in, the empty sections out."""

import xml.etree.ElementTree as ET

import pytest

from home.models import CollectivityPage
from news.models import NewsPage
from tests.factories.whole_site import build_every_page_type

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BASE = "http://127.0.0.1:8000"


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


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
