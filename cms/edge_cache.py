"""The edge cache (Varnish, deploy/varnish/emi.vcl): told to drop a site's pages.

Varnish stores only the answers the app marked shareable with ``X-Site: <id>`` (see
cms.page_cache), and keeps that header on each stored object. On every invalidation of
the page cache, ``ban_site`` sends ``BAN /`` with ``X-Ban-Site: <id>`` (or ``all``) to
each address of ``EDGE_CACHE_URLS`` (env ``VARNISH_URLS``, comma-separated, e.g.
``http://127.0.0.1:6081``): Varnish then refuses every stored object of that site. A
Varnish that does not answer is logged, never fails the publication; its objects expire
after their TTL (the VCL's, 5 minutes by default).
"""

import logging
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)


def ban_site(site=None):
    """Ban the site's objects (every site's when site is None) on each edge cache."""
    target = str(site.pk) if site is not None else "all"
    for base_url in settings.EDGE_CACHE_URLS:
        request = urllib.request.Request(
            base_url.rstrip("/") + "/", method="BAN", headers={"X-Ban-Site": target}
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.EDGE_CACHE_TIMEOUT) as answer:
                answer.read()
        except (urllib.error.URLError, OSError) as error:
            logger.warning(
                "Edge cache %s did not take the ban of site %s: %s", base_url, target, error
            )
