"""The contact form resists flooding: per-address limit, French 429, nothing lost."""

import html
import logging
import socket

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from cms.ratelimits import FORM_RATE_LIMITS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_limit_clock")]

VALID = {
    "nom": "Camille Martin",
    "email": "camille.martin@example.org",
    "objet": "Rejoindre l'EMI",
    "message": "Notre commune souhaite envoyer deux cadres à la prochaine session.",
}


def limit(form_name, key="ip"):
    return int(FORM_RATE_LIMITS[form_name][key].split("/")[0])


def test_contact_over_the_limit_is_refused_in_french_and_keeps_what_was_typed(
    client, demo_site_pages
):
    allowed = limit("contact")
    for _ in range(allowed):
        assert client.post("/contact/", VALID).status_code == 200
    assert FormSubmission.objects.count() == allowed
    sent = len(mail.outbox)

    extra = dict(VALID, message="Un dernier message, tapé avec soin.")
    response = client.post("/contact/", extra)
    page = html.unescape(response.content.decode())
    assert response.status_code == 429
    assert "Trop de tentatives en peu de temps" in page
    assert "Réessayez dans " in page
    assert "Un dernier message, tapé avec soin." in page
    assert 'value="Camille Martin"' in page
    assert FormSubmission.objects.count() == allowed
    assert len(mail.outbox) == sent

    # Another address is not affected.
    other = client.post("/contact/", extra, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200
    assert FormSubmission.objects.count() == allowed + 1


def test_invalid_submissions_do_not_count(client, demo_site_pages):
    for _ in range(limit("contact") + 2):
        assert client.post("/contact/", dict(VALID, email="pas-une-adresse")).status_code == 200
    assert client.post("/contact/", VALID).status_code == 200
    assert FormSubmission.objects.count() == 1


def test_behind_a_trusted_proxy_each_visitor_has_their_own_limit(client, demo_site_pages, settings):
    settings.TRUSTED_PROXY = "1"
    for _ in range(limit("contact")):
        client.post("/contact/", VALID, HTTP_X_FORWARDED_FOR="198.51.100.1")
    blocked = client.post("/contact/", VALID, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert blocked.status_code == 429
    # A forged left-most entry does not escape the limit...
    forged = client.post("/contact/", VALID, HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.1")
    assert forged.status_code == 429
    # ...and another visitor behind the same proxy is not affected.
    assert client.post("/contact/", VALID, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200


def test_without_trusted_proxy_the_header_is_ignored(client, demo_site_pages, settings):
    settings.TRUSTED_PROXY = "0"
    for number in range(limit("contact")):
        client.post("/contact/", VALID, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    blocked = client.post("/contact/", VALID, HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert blocked.status_code == 429


def test_a_cache_that_raises_lets_the_form_through_and_logs(
    client, demo_site_pages, settings, caplog
):
    settings.CACHES = {
        **settings.CACHES,
        "broken": {"BACKEND": "tests.cms.failing_cache.BrokenCache"},
    }
    settings.RATELIMIT_USE_CACHE = "broken"
    with caplog.at_level(logging.WARNING, logger="cms.ratelimits"):
        for _ in range(limit("contact") + 2):
            assert client.post("/contact/", VALID).status_code == 200
    assert FormSubmission.objects.count() == limit("contact") + 2
    assert "cache error" in caplog.text


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_redis_down_with_django_redis_fails_open(client, demo_site_pages, settings):
    settings.CACHES = {
        **settings.CACHES,
        "redis": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        },
    }
    settings.RATELIMIT_USE_CACHE = "redis"
    for _ in range(limit("contact") + 1):
        assert client.post("/contact/", VALID).status_code == 200
    assert FormSubmission.objects.count() == limit("contact") + 1
