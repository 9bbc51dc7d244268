"""Anonymous visitors get only strictly necessary cookies, so no consent banner is needed:
no cookie at all on a page without a form, only the CSRF cookie on a page with one."""

import re

import pytest
from django.conf import settings
from wagtail.models import Page

from tests.factories.whole_site import build_every_page_type

pytestmark = pytest.mark.django_db

POST_FORM = re.compile(r"<form[^>]*method=\"post\"", re.IGNORECASE)
# Routes of the indexes and other public URLs that are not pages of their own.
EXTRA_URLS = [
    "/projets/chiffres/",
    "/projets/?statut=inconnu&page=999",  # an ignored filter and a page out of range
    "/agenda/archives/",
    "/recherche/?q=cantine",
    "/actualites/rss/",
    "/agenda/ical/",
    "/sitemap.xml",
    "/robots.txt",
    "/alumni/connexion/",
    "/alumni/mot-de-passe-oublie/",
    "/documents/999999/absent.pdf",
    "/page-qui-n-existe-pas/",
]


@pytest.fixture
def demo(home_page):
    """One live public page of every type (factories, not the demo loader)."""
    build_every_page_type(home_page)


def test_no_cookie_on_any_public_page_and_only_csrf_on_forms(client, demo):
    pages = Page.objects.live().public().specific().exclude(depth=1)
    urls = [page.url for page in pages if page.url]
    seen_types = {type(page).__name__ for page in pages}
    # Every page type of the site is visited (home, listings, project, event, resource…).
    for expected in ("HomePage", "ProjectPage", "EventPage", "NewsPage", "ResourcePage"):
        assert expected in seen_types
    offenders = []
    form_pages = 0
    for url in urls + EXTRA_URLS:
        client.cookies.clear()
        response = client.get(url)
        assert response.status_code < 500, url
        cookies = set(response.cookies)
        has_form = bool(POST_FORM.search(response.content.decode(errors="replace")))
        allowed = {settings.CSRF_COOKIE_NAME} if has_form else set()
        form_pages += has_form
        if cookies - allowed:
            offenders.append((url, sorted(cookies)))
    assert offenders == []
    assert form_pages >= 3  # contact, a call for candidates, an event registration…


def test_a_form_page_sets_only_the_csrf_cookie(client, demo):
    response = client.get("/contact/")
    assert POST_FORM.search(response.content.decode())
    assert set(response.cookies) == {settings.CSRF_COOKIE_NAME}
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["samesite"] == "Lax"
