"""The visitor's address, the same for login throttling (axes) and form rate limits.

Behind proxies (Varnish, a TLS terminator), REMOTE_ADDR is the last proxy's address:
every visitor would share it. Each proxy appends the address it received the request
from to X-Forwarded-For, so with TRUSTED_PROXY = N proxies, the visitor is the N-th
address from the right. Anything to its left was written by the visitor and is ignored
(a forged header cannot choose someone else's address). Without TRUSTED_PROXY the
header is never read.
"""

import ipaddress
import logging

from django.conf import settings

logger = logging.getLogger(__name__)

UNKNOWN_ADDRESS = "0.0.0.0"


def trusted_proxy_count():
    value = str(getattr(settings, "TRUSTED_PROXY", "0") or "0").strip().lower()
    if value in ("true", "yes", "oui"):
        return 1
    if value in ("false", "no", "non", ""):
        return 0
    try:
        return max(0, int(value))
    except ValueError:
        logger.warning("TRUSTED_PROXY=%r is not a number of proxies: header ignored", value)
        return 0


def _valid(address):
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def get_client_ip(request):
    """The visitor's IP address as a string (never empty)."""
    remote = _valid(request.META.get("REMOTE_ADDR") or "")
    proxies = trusted_proxy_count()
    if proxies:
        forwarded = [
            part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part
        ]
        if len(forwarded) >= proxies:
            address = _valid(forwarded[-proxies])
            if address:
                return address
    return remote or UNKNOWN_ADDRESS
