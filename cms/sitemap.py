"""/sitemap.xml: an index of sections of about 500 addresses, each in a few queries.

One file of every address grows with the site (17,000 addresses and 2.3 s at 10,000
projects); crawlers read a sitemap index just as well. `/sitemap.xml` lists the sections
(`/sitemap-pages.xml`, `?p=2`, ...), each with the date of the site's last publication;
a section's XML is kept until the tree changes.

Wagtail's sitemap loads every page with its specific fields: one query per page type,
and more for each chunk of a large site. Here a section's pages come in one query as
their specific class, with the one specific field the sitemap reads (`noindex`, of
`cms.models.BasePage`) computed in that query; the rest is what `get_sitemap_urls` of
each page type already reads without a query (empty sections: one cached query).
"""

from django.apps import apps
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import BooleanField, Case, Max, Q, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.models import Site

from . import page_queries
from .models import BasePage
from .site_address import absolute_url

ADDRESSES_PER_SECTION = 500
SECTION_URL_NAME = "sitemap_section"


def _noindex_q():
    """Pages whose own row says noindex, whatever their type (a subquery per table)."""
    q = Q(pk__in=[])
    for model in apps.get_models():
        if issubclass(model, BasePage) and model._meta.get_field("noindex").model is model:
            q |= Q(pk__in=model._base_manager.filter(noindex=True).values("pk"))
    return q


class SiteSitemap(Sitemap):
    # Pages per section: an index page adds an address or two (key figures, archives).
    limit = ADDRESSES_PER_SECTION

    def live_pages(self):
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
        )

    def items(self):
        noindex = Case(
            When(_noindex_q(), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
        return (
            self.live_pages()
            # Named as the field: each specific instance gets it as its value (no query).
            .annotate(noindex=noindex)
            .specific(defer=True)
        )

    def get_latest_lastmod(self):
        """The index's date for every section: one aggregate, not a walk of every page."""
        return self.live_pages().aggregate(
            latest=Max(Coalesce("last_published_at", "latest_revision_created_at"))
        )["latest"]


SITEMAPS = {"pages": SiteSitemap}


@x_robots_tag
def index(request):
    """Django's sitemap index, with the sections at the site's public address (as every
    address of the sections themselves) whatever host the request came by."""
    items = []
    for name, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class(request)
        location = absolute_url(reverse(SECTION_URL_NAME, kwargs={"section": name}))
        lastmod = sitemap.get_latest_lastmod()
        items.append(SitemapIndexItem(location, lastmod))
        items += [
            SitemapIndexItem(f"{location}?p={number}", lastmod)
            for number in range(2, sitemap.paginator.num_pages + 1)
        ]
    dates = [item.last_mod for item in items]
    headers = {"Last-Modified": http_date(max(dates).timestamp())} if all(dates) else None
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": items},
        content_type="application/xml",
        headers=headers,
    )


def _render_section(request, section):
    response = sitemap_views.sitemap(request, SITEMAPS, section=section)
    if hasattr(response, "render"):
        response.render()
    return response


def section(request, section):
    """A section's XML, kept until the tree changes (500 addresses take ~100 ms to
    write); only an existing section is kept, so that random numbers fill no cache."""
    number = request.GET.get("p", "1")
    site = Site.find_for_request(request)
    if not number.isdigit() or site is None:
        return _render_section(request, section)
    name = f"sitemap:{site.pk}:{section}:{int(number)}"
    kept = page_queries.cached_by_generation(name, lambda: None, keep=False)
    if kept is None:
        response = _render_section(request, section)
        if response.status_code != 200:
            return response
        headers = [(key, value) for key, value in response.items() if key != "Content-Length"]
        kept = (response.content, headers)
        page_queries.cached_by_generation(name, lambda: kept)
    content, headers = kept
    response = HttpResponse(content)
    for key, value in headers:
        response[key] = value
    return response
