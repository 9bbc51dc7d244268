"""Stories told by alumni (/alumni/temoignages/), published once a moderator approved them.

How a story is submitted and reviewed is in alumni.stories; what its pages show, in
alumni.pages (each page hands it the published stories, so alumni.pages imports no
page model).
"""

import html
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.search import index

from cms.covers import CoverImageMixin, with_cover
from cms.models import BasePage
from cms.renditions import DeclaredImageRenditionField

from ..pages import story_context, story_index_context
from .profiles import AlumniProfile, profile_themes_prefetch
from .section import AlumniSectionMixin

# Rich text an alumnus may use in a story: paragraphs, lists, links, emphasis.
STORY_FEATURES = ["bold", "italic", "link", "ol", "ul"]
STORY_ROUTE_SLUGS = frozenset({"proposer"})


class StoryIndexPage(AlumniSectionMixin, BasePage):
    """/alumni/temoignages/ — published stories; alumni propose theirs from here."""

    intro = models.TextField("introduction", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["alumni.AlumniIndexPage"]
    subpage_types = ["alumni.StoryPage"]
    max_count = 1

    class Meta:
        verbose_name = "index des témoignages"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(story_index_context(self, request, published_stories()))
        return context


class StoryPage(CoverImageMixin, BasePage):
    """A story told by an alumnus, published once a moderator approved it."""

    author = models.ForeignKey(
        AlumniProfile,
        verbose_name="auteur ou autrice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    by_former_member = models.BooleanField(
        "signé « ancien membre »",
        default=False,
        help_text="L'auteur a supprimé son compte et choisi de laisser ce témoignage en "
        "ligne, sans son nom.",
    )
    body = RichTextField("témoignage", features=STORY_FEATURES)
    related_project = models.ForeignKey(
        "projects.ProjectPage",
        verbose_name="projet lié",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publication_consent_at = models.DateTimeField(
        "accord de publication donné le", null=True, blank=True
    )
    publication_consent_version = models.CharField(
        "version du texte d'accord", max_length=20, blank=True
    )
    created_at = models.DateTimeField("proposé le", default=timezone.now)

    content_panels = BasePage.content_panels + [
        FieldPanel("author"),
        FieldPanel("body"),
        PageChooserPanel("related_project", page_type="projects.ProjectPage"),
        *CoverImageMixin.cover_panels,
        MultiFieldPanel(
            [
                FieldPanel("publication_consent_at", read_only=True),
                FieldPanel("publication_consent_version", read_only=True),
                FieldPanel("by_former_member", read_only=True),
            ],
            heading="Accord de l'auteur",
        ),
    ]

    search_fields = BasePage.search_fields + [index.SearchField("body")]

    api_fields = [
        APIField("body"),
        APIField("related_project"),
        # A rendition: originals are private and the images endpoint is gone (cms.api).
        # Declared to cms.renditions by the field: made when the image is saved.
        # Still called "image" there, as before the cover fields were shared.
        APIField(
            "image", serializer=DeclaredImageRenditionField("max-960x640", source="cover_image")
        ),
    ]

    parent_page_types = ["alumni.StoryIndexPage"]
    subpage_types = []
    # What the story's page reads of its author, fetched with it (cms.page_queries).
    serve_select_related = (
        "author__collectivity",
        "author__cohort__host_collectivity",
        "cover_image",
    )

    class Meta:
        verbose_name = "témoignage"
        verbose_name_plural = "témoignages"

    def clean(self):
        super().clean()
        if self.slug in STORY_ROUTE_SLUGS:
            raise ValidationError(
                {"slug": f"« {self.slug} » est réservé : choisissez un autre identifiant."}
            )

    @property
    def excerpt(self):
        """The text without markup, for listings (paragraphs separated by a space)."""
        text = re.sub(r"</(p|li)>", " ", self.body or "")
        return " ".join(html.unescape(strip_tags(text)).split())

    def default_description(self):
        return Truncator(self.excerpt).chars(200, truncate="…") or super().default_description()

    @property
    def signature(self):
        if self.author_id:
            return self.author.full_name
        if self.by_former_member:
            return "Ancien membre du réseau"
        return ""

    @classmethod
    def serve_prefetch_related(cls):
        return [profile_themes_prefetch("author__theme_items"), "author__projects"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(story_context(self, request, published_stories()))
        return context


def published_stories():
    return with_cover(StoryPage.objects.live().public().select_related("author")).order_by(
        "-first_published_at", "-pk"
    )
