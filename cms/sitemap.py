"""/sitemap.xml in a few queries whatever the number of pages.

Wagtail's sitemap loads every page with its specific fields: one query per page type,
and more for each chunk of a large site. Here the pages come in one query as their
specific class, with the one specific field the sitemap reads (`noindex`, of
`cms.models.BasePage`) computed in that query; the rest is what `get_sitemap_urls` of
each page type already reads without a query (empty sections: one cached query).
"""

from django.apps import apps
from django.db.models import BooleanField, Case, Q, Value, When
from wagtail.contrib.sitemaps import Sitemap

from .models import BasePage


def _noindex_q():
    """Pages whose own row says noindex, whatever their type (a subquery per table)."""
    q = Q(pk__in=[])
    for model in apps.get_models():
        if issubclass(model, BasePage) and model._meta.get_field("noindex").model is model:
            q |= Q(pk__in=model._base_manager.filter(noindex=True).values("pk"))
    return q


class SiteSitemap(Sitemap):
    def items(self):
        noindex = Case(
            When(_noindex_q(), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            # Named as the field: each specific instance gets it as its value (no query).
            .annotate(noindex=noindex)
            .specific(defer=True)
        )
