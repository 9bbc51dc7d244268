"""The alumni network's home page (/alumni/): stories, clubs, mentors and the directory."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from cms.blocks import BodyStreamBlock
from cms.models import BasePage

from ..home_page import alumni_home_context


class AlumniIndexPage(BasePage):
    """/alumni/ — the network's home: stories, clubs, mentors and the directory."""

    intro = models.TextField(
        "introduction", help_text="Ce que le réseau des alumni apporte, en deux phrases."
    )
    body = StreamField(BodyStreamBlock(), verbose_name="contenu", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["alumni.StoryIndexPage", "alumni.ClubIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "accueil des alumni"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(alumni_home_context(self, request))
        return context
