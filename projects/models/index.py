"""The project bank's index (/projets/, its filters and key figures) and its sections.

This module sits above the listing and the figures it calls (they import the project
page's module, never this one).
"""

from urllib.parse import urlencode

from django.db import models
from django.shortcuts import redirect
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.search import index

from cms.feeds import FeedRoutesMixin
from cms.models import BasePage
from cms.pages import CollectivitySectionMixin
from cms.site_address import absolute_url

from ..charts import ProjectCharts
from ..embed import project_embed
from ..feeds import project_feed
from ..figures import KeyFigures
from ..listing import ProjectListing, clean_query_string, paginate
from .project import ProjectPage, published_projects, with_card_data


class ProjectIndexPage(FeedRoutesMixin, BasePage):
    """/projets/ — the project bank, its filters and its key figures (/projets/chiffres/)."""

    # Its column keeps the earlier name "introduction": renaming the field changed no table.
    intro = models.TextField("introduction", blank=True, db_column="introduction")

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["projects.ProjectSectionPage"]
    max_count = 1

    class Meta:
        verbose_name = "banque de projets"

    def projects(self):
        return published_projects().descendant_of(self)

    @classmethod
    def key_figures_path(cls):
        """ "chiffres/": the key figures' route, below the index's URL (no query)."""
        return cls.get_resolver().reverse("key_figures")

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        if urls:
            urls.append(
                {
                    "location": self.get_full_url(request) + self.reverse_subpage("key_figures"),
                    "lastmod": self.last_published_at or self.latest_revision_created_at,
                }
            )
        return urls

    @path("")
    def index_route(self, request):
        clean = clean_query_string(request.GET)
        if clean is not None:
            return redirect(self.get_url(request) + clean)
        listing = ProjectListing(self.projects(), request.GET)
        return self.render(
            request,
            context_overrides={
                "listing": listing,
                "key_figures_url": self.get_url(request) + self.reverse_subpage("key_figures"),
                "feed_urls": self.feed_urls(),
            },
        )

    @path("embed/", name="embed")
    def embed(self, request):
        return project_embed(self, request)

    def feed(self, request, kind):
        return project_feed(request, kind, self, self.projects())

    @path("chiffres/", name="key_figures")
    def key_figures(self, request):
        figures = KeyFigures(self.projects())
        return self.render(
            request,
            template="projects/project_key_figures.html",
            context_overrides={
                "figures": figures,
                "charts": ProjectCharts(figures),
                "index_url": self.get_url(request),
                # Printed on the one-page summary, with the date the figures were computed.
                "figures_url": self.get_full_url(request) + self.reverse_subpage("key_figures"),
            },
        )


class ProjectSectionPage(FeedRoutesMixin, CollectivitySectionMixin, BasePage):
    """/projets/<collectivité>/ — a collectivité's projects (+ rss/, atom/)."""

    description_format = (
        "{collectivity} : ses projets dans la banque de projets de l'EMI, le problème, "
        "les solutions, ce qu'ils sont devenus et pourquoi."
    )

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["projects.ProjectIndexPage"]
    subpage_types = ["projects.ProjectPage"]

    class Meta:
        verbose_name = "projets d'une collectivité"
        verbose_name_plural = "projets des collectivités"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Projects carry their section's collectivité for filtering; keep them in step.
        if self.pk and self.collectivity_id:
            ProjectPage.objects.descendant_of(self).exclude(
                collectivity_id=self.collectivity_id
            ).update(collectivity_id=self.collectivity_id)

    @property
    def feed_collectivity(self):
        return self.collectivity

    def feed(self, request, kind):
        return project_feed(request, kind, self, published_projects().child_of(self))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        projects = published_projects().child_of(self)
        figures = KeyFigures(projects)
        context["status_counts"] = figures.by_status
        context["charts"] = ProjectCharts(figures)
        context["projects_page"] = paginate(
            with_card_data(projects).order_by("-first_published_at", "-pk"),
            request.GET.get("page"),
        )
        index_page = self.get_parent()
        context["index_url"] = index_page.get_url(request) if index_page else "/projets/"
        context["key_figures_url"] = context["index_url"] + ProjectIndexPage.key_figures_path()
        query = "?" + urlencode({"collectivite": self.collectivity.slug})
        context["embed_url"] = absolute_url(context["index_url"] + "embed/" + query)
        context["full_list_url"] = absolute_url(context["index_url"] + query)
        context["feed_urls"] = self.feed_urls()
        return context
