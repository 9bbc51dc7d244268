from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from cms.blocks import BodyStreamBlock
from cms.models import BasePage
from cms.pages import CollectivitySectionMixin


class NewsIndexPage(BasePage):
    """/actualites/ — EMI's own news sit directly under it, collectivités' in sections."""

    introduction = models.TextField("introduction", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsSectionPage", "news.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = "index des actualités"


class NewsSectionPage(CollectivitySectionMixin, BasePage):
    """/actualites/<collectivité>/"""

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = ["news.NewsPage"]

    class Meta:
        verbose_name = "actualités d'une collectivité"
        verbose_name_plural = "actualités des collectivités"


class NewsPage(BasePage):
    date = models.DateField("date", default=timezone.localdate)
    summary = models.TextField("résumé", max_length=300)
    body = StreamField(BodyStreamBlock(), verbose_name="contenu", blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["news.NewsIndexPage", "news.NewsSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = "actualité"
        verbose_name_plural = "actualités"


class EventIndexPage(BasePage):
    """/agenda/"""

    introduction = models.TextField("introduction", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.EventSectionPage"]
    max_count = 1

    class Meta:
        verbose_name = "agenda"


class EventSectionPage(CollectivitySectionMixin, BasePage):
    """/agenda/<collectivité>/"""

    parent_page_types = ["news.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "agenda d'une collectivité"
        verbose_name_plural = "agendas des collectivités"
