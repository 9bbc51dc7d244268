"""Page mixins shared by the apps' index and section pages."""

from django.db import models
from wagtail.admin.panels import FieldPanel

from .models import BasePage


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

    class Meta:
        abstract = True
