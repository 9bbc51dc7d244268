"""cms.ratelimits on its own: per account across addresses, per typed e-mail, messages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from cms.ratelimits import RateLimited, check_rate_limit
from tests.cms.rate_limit_helpers import limit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_limit_clock")]


def post(address, user=None):
    request = RequestFactory().post("/", REMOTE_ADDR=address)
    request.user = user or AnonymousUser()
    return request


def test_an_account_is_limited_whatever_its_address(django_user_model):
    user = django_user_model.objects.create_user("karim", password="x" * 12)
    allowed = limit("mentor_request", "user")
    results = [
        check_rate_limit(post(f"198.51.{n // 200}.{n % 200 + 1}", user), "mentor_request")
        for n in range(allowed)
    ]
    assert results == [None] * allowed
    refused = check_rate_limit(post("192.0.2.250", user), "mentor_request")
    assert isinstance(refused, RateLimited)
    # Another account from that same new address goes through.
    other = django_user_model.objects.create_user("lea", password="x" * 12)
    assert check_rate_limit(post("192.0.2.250", other), "mentor_request") is None


def test_the_typed_email_is_counted_whatever_its_case():
    allowed = limit("password_reset", "email")
    for n in range(allowed):
        assert (
            check_rate_limit(post(f"198.51.100.{n}"), "password_reset", email="Lea@Example.org")
            is None
        )
    refused = check_rate_limit(post("198.51.100.200"), "password_reset", email=" lea@example.ORG ")
    assert refused is not None
    assert "Réessayez dans" in refused.message


def test_a_get_is_never_counted():
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.1")
    request.user = AnonymousUser()
    for _ in range(limit("contact") * 2):
        assert check_rate_limit(request, "contact") is None


@pytest.mark.parametrize(
    ("seconds", "label"),
    [
        (30, "1 minute"),
        (61, "2 minutes"),
        (600, "10 minutes"),
        (3600, "60 minutes"),
        (7200, "2 heures"),
    ],
)
def test_the_wait_is_said_in_words(seconds, label):
    assert RateLimited(seconds).wait_label == label


def test_limits_can_be_tuned_in_settings(settings):
    settings.EMI_FORM_RATE_LIMITS = {"contact": {"ip": "1/10m"}}
    assert check_rate_limit(post("198.51.100.7"), "contact") is None
    assert check_rate_limit(post("198.51.100.7"), "contact") is not None
