"""The library's index page (/ressources/): above its listing, which imports the resources.

What it lists and how it filters is in alumni.library.listing.
"""

from django.db import models
from django.shortcuts import redirect
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from cms.listing import clean_query_string
from cms.models import BasePage

from .listing import library_context


class ResourceIndexPage(BasePage):
    """/ressources/ — the library: filters by type, module and theme, search, pages."""

    intro = models.TextField(
        "introduction",
        blank=True,
        help_text="Ce que la bibliothèque rassemble, en deux phrases.",
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["alumni.ResourcePage"]
    max_count = 1

    template = "alumni/library/resource_index_page.html"

    class Meta:
        verbose_name = "bibliothèque de ressources"

    def serve(self, request, *args, **kwargs):
        # Empty filters of the form are dropped from the address (shorter shared links).
        clean = clean_query_string(request.GET)
        if clean is not None:
            return redirect(self.get_url(request) + clean)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(library_context(self, request))
        return context
