"""Social cards and structured data on every page type (cms.social, cms.social_cards)."""

import io
import json
import re

import pytest
from django.core.cache import cache
from PIL import Image
from wagtail.models import Page

from cms.social_cards import section_card_url
from tests.factories.whole_site import build_every_page_type

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"


def meta(html, key):
    """The content of <meta property|name="key">, or None."""
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    return match.group(1) if match else None


def json_ld(html):
    scripts = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return [json.loads(script) for script in scripts]


def graph_types(html):
    return {node["@type"] for data in json_ld(html) for node in data.get("@graph", [data])}


@pytest.fixture
def site_pages(home_page):
    build_every_page_type(home_page)
    return list(Page.objects.live().public().filter(depth__gte=2).specific())


def test_every_page_has_its_card_and_its_breadcrumb(client, site_pages):
    assert len(site_pages) > 20
    for page in site_pages:
        response = client.get(page.url)
        if response.status_code != 200:
            continue  # forms that redirect a visitor are not shared pages
        html = response.content.decode()
        for key in ("og:title", "og:image", "og:url", "twitter:card", "twitter:image"):
            assert meta(html, key), f"{key} missing on {page.url}"
        assert meta(html, "og:image").startswith(BASE), page.url
        assert meta(html, "og:url") == BASE + page.url
        assert meta(html, "og:description") == meta(html, "description"), page.url
        assert meta(html, "description"), f"no description on {page.url}"
        types = graph_types(html)
        if page.depth == 2:
            assert "EducationalOrganization" in types
        else:
            assert "BreadcrumbList" in types, page.url


def test_the_breadcrumb_names_each_level_with_its_address(client, site_pages):
    news = next(page for page in site_pages if type(page).__name__ == "NewsPage")
    html = client.get(news.url).content.decode()
    [breadcrumb] = [
        node
        for data in json_ld(html)
        for node in data.get("@graph", [])
        if node["@type"] == "BreadcrumbList"
    ]
    items = breadcrumb["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    assert items[0] == {"@type": "ListItem", "position": 1, "name": "Accueil", "item": BASE + "/"}
    assert items[-1]["name"] == news.title and items[-1]["item"] == BASE + news.url
    assert meta(html, "og:type") == "article"
    [article] = [
        node
        for data in json_ld(html)
        for node in data.get("@graph", [])
        if node["@type"] == "NewsArticle"
    ]
    assert article["headline"] == news.title
    assert article["datePublished"]
    assert article["image"] == [meta(html, "og:image")]


def test_a_page_without_cover_shares_its_section_card(client, site_pages):
    news = next(page for page in site_pages if type(page).__name__ == "NewsPage")
    news.cover_image = None
    news.save_revision().publish()
    html = client.get(news.url).content.decode()
    card_url = meta(html, "og:image")
    assert card_url.startswith(BASE + "/cartes/actualites.png?v=")
    assert meta(html, "og:image:alt").startswith("Actualités — École du management")
    response = client.get(card_url.removeprefix(BASE))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(response.content)) as image:
        assert image.size == (1200, 630)


def test_cards_are_drawn_at_publication_and_renamed_sections_get_a_new_address(site_pages):
    index = next(page for page in site_pages if page.url == "/actualites/")
    cache.clear()
    index.title = "Les nouvelles"
    index.save_revision().publish()
    assert any(key for key in cache._cache if "social-card:actualites" in str(key))
    renamed, label = section_card_url(index)
    assert "Les nouvelles" in label
    index.title = "Actualités"
    assert section_card_url(index)[0] != renamed


def test_an_unknown_card_is_a_404(client, site_pages):
    assert client.get("/cartes/inconnue.png").status_code == 404
