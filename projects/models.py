from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from cms.models import BasePage
from cms.pages import CollectivitySectionMixin


class ProjectIndexPage(BasePage):
    """/projets/ — the project bank."""

    introduction = models.TextField("introduction", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]

    search_fields = BasePage.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["projects.ProjectSectionPage"]
    max_count = 1

    class Meta:
        verbose_name = "banque de projets"


class ProjectSectionPage(CollectivitySectionMixin, BasePage):
    """/projets/<collectivité>/ — a collectivité's projects."""

    search_fields = BasePage.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["projects.ProjectIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "projets d'une collectivité"
        verbose_name_plural = "projets des collectivités"
