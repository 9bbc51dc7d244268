"""Page mixins shared by the apps' index and section pages."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from . import page_queries
from .models import BasePage

# Where a request keeps the answer of empty_section_paths (sitemap, site map, the page).
_EMPTY_SECTIONS_ATTR = "_emi_empty_section_paths"


class CollectivitySectionMixin(models.Model):
    """A collectivité's section under an index: /projets/<slug>/, /actualites/<slug>/..."""

    collectivity = models.ForeignKey(
        "cms.Collectivity",
        verbose_name="collectivité",
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Its column keeps the earlier name "introduction": renaming the field changed no table.
    intro = models.TextField("présentation", blank=True, db_column="introduction")

    content_panels = BasePage.content_panels + [
        FieldPanel("collectivity"),
        FieldPanel("intro"),
    ]

    # A section that shows something of its own (the collectivité's page) is never thin.
    indexed_when_empty = False
    # What search engines read of a section whose editors wrote no introduction.
    description_format = "Les pages de {collectivity} à l'École du management par l'innovation."

    class Meta:
        abstract = True

    def default_description(self):
        if not self.collectivity_id:
            return super().default_description()
        return self.description_format.format(collectivity=self.collectivity.name)

    @property
    def robots_noindex(self):
        """An empty section is a thin page: crawlers are kept off it until it has content."""
        return super().robots_noindex or self.path in empty_section_paths()

    def get_sitemap_urls(self, request=None):
        if self.path in empty_section_paths(request):
            return []
        return super().get_sitemap_urls(request)


def section_models():
    return [model for model in apps.get_models() if issubclass(model, CollectivitySectionMixin)]


def empty_section_paths(request=None):
    """The tree paths of the collectivité sections with no live page under them.

    One query for the whole site (the sitemap and the site map ask it for every section),
    kept in the cache until the tree changes (cms.page_queries) and on the request.
    """
    cached = getattr(request, _EMPTY_SECTIONS_ATTR, None)
    if cached is not None:
        return cached
    paths = page_queries.cached_by_generation("empty_sections", _read_empty_section_paths)
    if request is not None:
        setattr(request, _EMPTY_SECTIONS_ATTR, paths)
    return paths


def _read_empty_section_paths():
    live_child = Page.objects.filter(
        live=True, path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1
    )
    thin_when_empty = [model for model in section_models() if not model.indexed_when_empty]
    return frozenset(
        Page.objects.filter(
            content_type__in=ContentType.objects.get_for_models(*thin_when_empty).values()
        )
        .exclude(Exists(live_child))
        .values_list("path", flat=True)
    )
