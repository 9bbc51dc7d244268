"""Fixtures shared by every test package."""

import pytest
from django.http import HttpRequest
from django.test import Client
from wagtail.models import Collection, Locale, Page, Site

from home.demo import site as demo_site
from home.demo.helpers import DemoReport


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
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    cache = caches["default"]
    if isinstance(cache, LocMemCache):  # never touch a real server a test points at
        cache.clear()
    yield


@pytest.fixture
def rate_limit_clock(monkeypatch):
    """Stop django-ratelimit's clock: its fixed windows must not roll over mid-test on a
    slow machine (a new window would forget the submissions already counted)."""
    import time
    import types

    import django_ratelimit.core

    now = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: now))


def quiet_report():
    return DemoReport(lambda line: None)


@pytest.fixture
def home_page(db):
    """The EMI home page, root of the default site."""
    ensure_wagtail_roots()
    report = quiet_report()
    return demo_site.load_home(report)


@pytest.fixture
def demo_site_pages(db):
    """The whole demo frame: home, about pages, indexes, contact, legal pages."""
    ensure_wagtail_roots()
    return demo_site.load(quiet_report())


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def documents(db):
    """Make documents (tests.alumni.resource_factories.make_document); their files are
    removed from the private media folder afterwards."""
    from tests.alumni.resource_factories import make_document

    made = []

    def make(title, collection, content=b"%PDF-1.4\n%%EOF\n", extension="pdf", stem=None):
        document = make_document(title, collection, content, extension, stem)
        made.append(document)
        return document

    yield make
    for document in made:
        document.file.storage.delete(document.file.name)
