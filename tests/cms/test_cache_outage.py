"""A cache failure is a cache miss: with Redis refused or hung, every public page and
form still works, no cache call waits longer than the configured timeout, a failing
Redis is left alone for a few seconds, and the failure is logged once, not per request.

The cache is the site's own (the settings built for REDIS_URL), pointed at a real
redis-server that the test starts on a free loopback port, then kills or pauses.
Request times while Redis is hung are measured in tests/benchmarks/bench_cache_outage.py.
"""

import copy
import logging

import pytest
import redis
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from wagtail.contrib.forms.models import FormSubmission

from cms import cache as cms_cache
from cms.log import OncePerInterval
from news.models import EventRegistration
from tests.conftest import ensure_wagtail_roots
from tests.factories.alumni import PASSWORD, make_member
from tests.factories.site import build_home
from tests.factories.whole_site import build_every_page_type

from .outage import CONTACT, public_urls, redis_server_or_skip, site_redis_caches

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def redis_server():
    server = redis_server_or_skip()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def site_cache_settings():
    return site_redis_caches("redis://127.0.0.1:6399/0")


@pytest.fixture
def site_caches(site_cache_settings, redis_server):
    caches = copy.deepcopy(site_cache_settings)
    caches["default"]["LOCATION"] = redis_server.url
    return caches


@pytest.fixture
def redis_cache(settings, site_caches):
    """The site's Redis cache, a fresh back-off and a fresh once-a-minute log filter."""
    cms_cache.reset_backoff()
    log_filter = next(
        f for f in logging.getLogger("django_redis.cache").filters if isinstance(f, OncePerInterval)
    )
    log_filter.reset()
    settings.CACHES = site_caches
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    yield site_caches["default"]
    cms_cache.reset_backoff()
    log_filter.reset()


class Clock:
    """Replaces the back-off's clock: the outage lasts as long as the test decides."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(cms_cache, "monotonic", clock)
    return clock


@pytest.fixture
def redis_calls(monkeypatch):
    """Every command the site sends to Redis (each one opens a connection if needed)."""
    calls = []
    execute = redis.Redis.execute_command
    pipeline_execute = redis.client.Pipeline.execute

    def counted(self, *args, **kwargs):
        calls.append(args[0] if args else "?")
        return execute(self, *args, **kwargs)

    def counted_pipeline(self, *args, **kwargs):
        calls.append("PIPELINE")
        return pipeline_execute(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "execute_command", counted)
    monkeypatch.setattr(redis.client.Pipeline, "execute", counted_pipeline)
    return calls


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker):
    """One live public page of every type, built once for the module and rolled back
    after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        build_every_page_type(build_home(ensure_wagtail_roots()))
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_content, db):
    return None


def registration_data(n):
    return {
        "name": f"Personne {n}",
        "email": f"personne{n}@example.org",
        "organisation": "Commune de Pontoise",
    }


def visit_every_page(urls, n):
    """Every public page type, the contact form and a registration, as a visitor."""
    client = Client()
    statuses = {name: client.get(url).status_code for name, url in urls.items()}
    contact = client.post(urls["contact"], CONTACT)
    statuses["contact (envoi)"] = contact.status_code
    assert "Merci, votre message a bien été envoyé" in contact.content.decode()
    registration = client.post(urls["evenement"], registration_data(n))
    statuses["inscription (envoi)"] = registration.status_code
    return statuses


def test_the_site_bounds_every_redis_call(site_caches, settings):
    config = site_caches["default"]
    options = config["OPTIONS"]
    assert config["BACKEND"] == "django_redis.cache.RedisCache"
    assert options["CLIENT_CLASS"] == "cms.cache.BackoffClient"
    assert options["IGNORE_EXCEPTIONS"] is True
    assert 0 < options["SOCKET_CONNECT_TIMEOUT"] <= 0.2
    assert 0 < options["SOCKET_TIMEOUT"] <= 0.2
    assert options["BACKOFF_SECONDS"] >= 1

    # The connections really carry those timeouts, and redis-py does not retry, so one
    # cache call waits at most one timeout.
    settings.CACHES = site_caches
    client = cache.client.get_client()
    kwargs = client.connection_pool.connection_kwargs
    assert kwargs["socket_timeout"] == options["SOCKET_TIMEOUT"]
    assert kwargs["socket_connect_timeout"] == options["SOCKET_CONNECT_TIMEOUT"]
    connection = client.connection_pool.make_connection()
    assert connection.retry.get_retries() == 0
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_pages_go_through_redis_while_it_is_up(demo, redis_cache, redis_server, redis_calls):
    urls = public_urls()
    statuses = visit_every_page(urls, 0)
    assert set(statuses.values()) <= {200, 302}, statuses
    assert redis_calls, "the pages never used the cache"
    assert redis_server.client().dbsize() > 0


@pytest.mark.parametrize("outage", ["refused", "hung"])
def test_every_page_answers_while_redis_fails(
    outage, demo, redis_cache, redis_server, redis_calls, clock, caplog
):
    urls = public_urls()
    Client().get("/")  # the process has a live connection to Redis before the outage
    if outage == "refused":
        redis_server.stop()
    else:
        redis_server.pause()
    redis_calls.clear()
    registrations = EventRegistration.objects.count()
    submissions = FormSubmission.objects.count()

    with caplog.at_level(logging.ERROR, logger="django_redis.cache"):
        first = visit_every_page(urls, 1)
        second = visit_every_page(urls, 2)

    expected = {name: 200 for name in urls} | {"contact (envoi)": 200, "inscription (envoi)": 302}
    assert first == expected
    assert second == expected
    assert EventRegistration.objects.count() == registrations + 2
    assert FormSubmission.objects.count() == submissions + 2
    # One call met the failure (and waited at most one timeout); then the process left
    # Redis alone for the whole back-off instead of waiting on it once per cache call.
    assert len(redis_calls) == 1, redis_calls
    ignored = [r for r in caplog.records if r.name == "django_redis.cache"]
    assert len(ignored) == 1, [r.getMessage() for r in ignored]

    # After the back-off, Redis is tried again: still failing, left alone again.
    clock.now += redis_cache["OPTIONS"]["BACKOFF_SECONDS"] + 1
    assert Client().get("/").status_code == 200
    assert len(redis_calls) == 2, redis_calls


def test_the_cache_comes_back_with_redis(redis_cache, redis_server, redis_calls, clock):
    redis_server.pause()
    assert cache.get("cle") is None
    assert len(redis_calls) == 1
    redis_server.resume()
    assert cache.get("cle") is None  # still within the back-off: Redis is not asked
    assert len(redis_calls) == 1
    clock.now += redis_cache["OPTIONS"]["BACKOFF_SECONDS"] + 1
    assert cache.set("cle", "valeur") is True
    assert cache.get("cle") == "valeur"
    assert redis_server.client().exists(cache.make_key("cle")) == 1


def test_alumni_log_in_while_redis_is_down(demo, redis_cache, redis_server):
    member = make_member("Hélène", "Panne")
    redis_server.stop()
    client = Client()
    response = client.post(
        "/alumni/connexion/", {"username": member.user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == "/alumni/mon-profil/"
    assert client.get("/alumni/mon-profil/").status_code == 200
