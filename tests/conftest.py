"""Fixtures shared by every test package."""

import time
import types

import django_ratelimit.core
import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest
from django.test import Client
from wagtail.models import Collection, Locale, Page, Site

from cms import kept_values
from tests.factories.cms import make_document
from tests.factories.site import build_home, build_site_frame


def ensure_wagtail_roots():
    """Root page, root collection, default locale: what Wagtail's migrations create.

    A transactional test (live_server) flushes the database, and with it these rows;
    every fixture that builds pages goes through here first.
    """
    Locale.objects.get_or_create(language_code="fr")
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.get_default()))
    return root


@pytest.fixture(autouse=True)
def _login_with_request(monkeypatch):
    """The test client's login() calls authenticate() without a request, which
    django-axes refuses (every real login path passes one): give it a blank request,
    as axes' documentation advises."""
    original = Client.login

    def login(self, **credentials):
        credentials.setdefault("request", HttpRequest())
        return original(self, **credentials)

    monkeypatch.setattr(Client, "login", login)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and axes live in the cache: every test starts from an empty one."""
    cache = caches["default"]
    if isinstance(cache, LocMemCache):  # never touch a real server a test points at
        cache.clear()
    kept_values.clear_local()
    yield


@pytest.fixture
def rate_limit_clock(monkeypatch):
    """Stop django-ratelimit's clock: its fixed windows must not roll over mid-test on a
    slow machine (a new window would forget the submissions already counted)."""
    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: now))


@pytest.fixture
def home_page(db):
    """The EMI home page, root of the default site."""
    return build_home(ensure_wagtail_roots())


@pytest.fixture
def demo_site_pages(home_page):
    """The site frame (built by tests.factories.site, not by the demo loader): home,
    about pages, indexes, contact, legal pages, site settings."""
    return build_site_frame(home_page)


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def documents(db):
    """Make documents (tests.factories.cms.make_document); their files are removed from
    the private media folder afterwards."""
    made = []

    def make(title, collection, content=b"%PDF-1.4\n%%EOF\n", extension="pdf", stem=None):
        document = make_document(title, collection, content, extension, stem)
        made.append(document)
        return document

    yield make
    for document in made:
        document.file.storage.delete(document.file.name)
