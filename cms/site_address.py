"""The public address of the site: one setting, WAGTAILADMIN_BASE_URL, for every absolute URL.

Wagtail builds page URLs (sitemap, API, JSON-LD, its own e-mails) from the Site record,
the rest of the site from the setting: the Site record follows the setting (on
`migrate`, on `load_demo`, and through `manage.py sync_site_address`), so that both
name the same host and port, whatever host a request came in by.
"""

import sys
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from wagtail.models import Site

DEFAULT_SITE_NAME = "EMI Val-d'Oise"


@dataclass(frozen=True)
class PublicAddress:
    scheme: str
    hostname: str
    port: int

    @property
    def wagtail_can_spell_it(self):
        """Wagtail's Site.root_url says https only on port 443 and http on any other."""
        return (self.scheme == "https") == (self.port == 443)


def public_base_url():
    """The public address of the site, without a trailing slash."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(path_or_url):
    """An absolute URL at the public address; an URL that is already absolute is kept."""
    if path_or_url.startswith(("http://", "https://")):
        return path_or_url
    if not path_or_url.startswith("/"):
        path_or_url = "/" + path_or_url
    return public_base_url() + path_or_url


def parse_public_address(base_url=None):
    base_url = public_base_url() if base_url is None else base_url
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"WAGTAILADMIN_BASE_URL doit être une adresse http(s)://hôte[:port] : {base_url!r}."
        )
    try:
        port = parts.port
    except ValueError as error:
        raise ImproperlyConfigured(
            f"WAGTAILADMIN_BASE_URL a un port invalide : {base_url!r}."
        ) from error
    if port is None:
        port = 443 if parts.scheme == "https" else 80
    return PublicAddress(parts.scheme, parts.hostname, port)


def sync_default_site(using="default"):
    """Point the default Wagtail Site at the public address; return what changed.

    Returns a list of French sentences (empty when the Site was already right, or when
    there is no Site yet: `load_demo` and Wagtail's initial migration create it).
    Saving through the model clears Wagtail's cache of site root URLs.
    """
    address = parse_public_address()
    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None:
        return []
    before = (site.hostname, site.port)
    after = (address.hostname, address.port)
    if before == after:
        return []
    clash = (
        Site.objects.using(using)
        .filter(hostname=address.hostname, port=address.port)
        .exclude(pk=site.pk)
        .first()
    )
    if clash is not None:
        raise ImproperlyConfigured(
            f"Un autre site Wagtail (« {clash} ») a déjà l'adresse {address.hostname}:"
            f"{address.port} : retirez-le ou faites-en le site par défaut dans "
            "l'administration (Paramètres › Sites)."
        )
    label = f"Site par défaut « {site.site_name} »" if site.site_name else "Site par défaut"
    site.hostname, site.port = after
    site.save(using=using, update_fields=["hostname", "port"])
    return [f"{label} : {before[0]}:{before[1]} → {address.hostname}:{address.port}"]


def address_warnings(address=None):
    address = address or parse_public_address()
    if address.wagtail_can_spell_it:
        return []
    written = "https" if address.port == 443 else "http"
    return [
        f"Attention : Wagtail écrit les adresses des pages en {written}://{address.hostname}"
        f":{address.port} ; servez le site en https sur le port 443 (ou en http sur un "
        "autre port) pour que toutes les adresses concordent."
    ]


def sync_site_after_migrate(sender, using="default", verbosity=1, stdout=None, **kwargs):
    """post_migrate: a deployment's `migrate` also moves the Site to the public address."""
    if "wagtailcore_site" not in connections[using].introspection.table_names():
        return
    lines = sync_default_site(using=using)
    if verbosity and lines:
        stdout = stdout or sys.stdout
        for line in lines + address_warnings():
            stdout.write(f"  {line}\n")
