"""« Partager cette page »: plain links, no third-party script (cms/includes/share_links)."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories.whole_site import build_every_page_type

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"


@pytest.fixture
def pages(home_page):
    return build_every_page_type(home_page)


@pytest.mark.parametrize("kind", ["project", "news", "event"])
def test_a_content_page_offers_linkedin_mail_and_copy_as_plain_links(client, pages, kind):
    page = pages[kind]
    text = client.get(page.url).content.decode()
    assert "Partager cette page" in text
    links = dict(re.findall(r'<a class="share__link" href="([^"]+)"[^>]*>([^<]+)', text))
    linkedin = next(url for url in links if "linkedin.com" in url)
    assert parse_qs(urlsplit(html.unescape(linkedin)).query)["url"] == [BASE + page.url]
    mail = next(url for url in links if url.startswith("mailto:"))
    query = parse_qs(urlsplit(html.unescape(mail)).query)
    assert query["subject"] == [page.title] and BASE + page.url in query["body"][0]
    assert f'data-copy-link="{BASE}{page.url}"' in text
    # Nothing from the networks is loaded with the page.
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', text)
    assert all(src.startswith("/static/") for src in scripts), scripts
