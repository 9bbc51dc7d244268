"""Rate limits of the public forms (django-ratelimit, in the cache: Redis in production).

Every limit is declared here. A submission counts once it is valid (a typo costs
nothing); over the limit, the view shows its form again with what was typed, the French
message of `RateLimited` and status 429, and nothing is saved or sent. Limits hold per
address (cms.client_ip, the same address as the login throttling) and, when someone is
logged in, per account; the password reset form also counts per e-mail address typed.

A cache outage never blocks a form: django-ratelimit fails open (RATELIMIT_FAIL_OPEN)
and an error raised by the cache is logged and ignored here.
"""

import logging
import math

from django.conf import settings
from django_ratelimit.core import get_usage

from .client_ip import get_client_ip

logger = logging.getLogger(__name__)

# form: {key: rate}. "ip" per address, "user" per logged-in account, "email" per address
# typed in the form. Rates are "count/period" (m minutes, h hours): "5/10m".
# Colleagues often share their collectivité's address: forms they fill in together
# (event registrations, applications) allow more per address.
FORM_RATE_LIMITS = {
    "contact": {"ip": "5/10m", "user": "20/h"},
    "project_feedback": {"ip": "5/10m", "user": "20/h"},
    "event_registration": {"ip": "20/10m", "user": "20/h"},
    "call_application": {"ip": "10/10m", "user": "20/h"},
    "topic_proposal": {"ip": "5/10m", "user": "20/h"},
    "mentor_request": {"ip": "5/10m", "user": "10/h"},
    # Above the 5 stories an hour per member of alumni.stories, which speaks first.
    "story_submission": {"ip": "10/10m", "user": "20/h"},
    "password_reset": {"ip": "5/10m", "email": "3/h"},
}


class RateLimited:
    """A refused submission: `message` (French) and `retry_after` seconds."""

    def __init__(self, retry_after):
        self.retry_after = max(1, int(retry_after))

    @property
    def wait_label(self):
        minutes = max(1, math.ceil(self.retry_after / 60))
        if minutes >= 90:
            hours = math.ceil(minutes / 60)
            return f"{hours} heures"
        return "1 minute" if minutes == 1 else f"{minutes} minutes"

    @property
    def message(self):
        return (
            "Trop de tentatives en peu de temps : votre envoi n'a pas été enregistré. "
            f"Réessayez dans {self.wait_label} ; ce que vous avez saisi est conservé "
            "ci-dessous."
        )


def _limits(form_name):
    overrides = getattr(settings, "EMI_FORM_RATE_LIMITS", {}) or {}
    return overrides.get(form_name) or FORM_RATE_LIMITS[form_name]


def _key_value(request, key, email):
    if key == "ip":
        return get_client_ip(request)
    if key == "user":
        user = getattr(request, "user", None)
        return f"user:{user.pk}" if user is not None and user.is_authenticated else None
    if key == "email":
        return f"email:{email.strip().lower()}" if email else None
    raise ValueError(f"Unknown rate limit key {key!r}")


def check_rate_limit(request, form_name, *, email=None):
    """Count one valid submission of `form_name`; a RateLimited if it is one too many.

    Returns None when the submission may go on (also when the cache is down).
    """
    refused = None
    for key, rate in _limits(form_name).items():
        value = _key_value(request, key, email)
        if value is None:
            continue
        try:
            usage = get_usage(
                request,
                group=f"emi:{form_name}:{key}",
                key=lambda group, request, value=value: value,
                rate=rate,
                method="POST",
                increment=True,
            )
        except Exception:  # noqa: BLE001 - a cache outage must never block a form
            logger.exception("Rate limit of %s unavailable (cache error): form accepted", form_name)
            continue
        if usage is None:
            if request.method == "POST" and getattr(settings, "RATELIMIT_ENABLE", True):
                logger.warning(
                    "Rate limit of %s unavailable (cache down): form accepted", form_name
                )
            continue
        if usage["should_limit"]:
            candidate = RateLimited(usage["time_left"])
            if refused is None or candidate.retry_after > refused.retry_after:
                refused = candidate
    if refused is not None:
        logger.info("Rate limit of %s reached: submission refused", form_name)
    return refused
