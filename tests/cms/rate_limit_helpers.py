"""Shared checks of the rate-limit tests (cms.ratelimits)."""

import html

from cms.ratelimits import FORM_RATE_LIMITS

OTHER_ADDRESS = "203.0.113.9"


def limit(form_name, key="ip"):
    """How many valid submissions the declared limit lets through."""
    return int(FORM_RATE_LIMITS[form_name][key].split("/")[0])


def assert_refused(response, *typed):
    """A 429 with the French message, the form shown again with what was typed."""
    page = html.unescape(response.content.decode())
    assert response.status_code == 429, response.status_code
    assert "Trop de tentatives en peu de temps" in page
    assert "Réessayez dans " in page
    for value in typed:
        assert value in page, value
    return page
