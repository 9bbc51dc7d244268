"""The resource library (/ressources/): the training's tools, kits, courses and talks.

A resource page is always public, so that it can be found; a members-only resource's
files sit in a collection restricted to the group "Alumni" (alumni.setup), served by
Wagtail's serve view only. Which files a visitor may download is decided in one place,
alumni.library.access. The library's index page sits above its listing, in
alumni.library.index.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.forms import CheckboxSelectMultiple
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import ItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from cms.covers import CoverImageMixin, with_cover
from cms.headings import HeadingOrderValidator
from cms.middleware import allow_player_features
from cms.models import BasePage
from projects.models import ProjectTheme

from .access import Audience, misplaced_documents, resource_context
from .video import video_embed

# The presentation sits right under the page's title (h2 to h4); the transcript under
# its own « Transcription » h2 (h3 and h4). cms.headings checks the order at save.
RESOURCE_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h2", "h3", "h4"]
TRANSCRIPT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class ResourceType(models.TextChoices):
    """What kind of resource it is. Values are the slugs of ?type= in the library."""

    FICHE_OUTIL = "fiche-outil", "Fiche outil"
    KIT = "kit", "Kit"
    COURS_EN_LIGNE = "cours-en-ligne", "Cours en ligne"
    CONFERENCE = "conference", "Conférence enregistrée"
    GUIDE = "guide", "Guide méthodologique"


class TrainingModule(models.Model):
    """A module of the EMI training (service design, impact measurement...)."""

    name = models.CharField("nom", max_length=120, unique=True)
    slug = models.SlugField(
        "identifiant dans l'adresse",
        max_length=120,
        unique=True,
        help_text="Utilisé dans le filtre de la bibliothèque : /ressources/?module=….",
    )
    summary = models.CharField("en une phrase", max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(
        "ordre", default=0, help_text="Les modules sont présentés dans cet ordre."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = "module de formation"
        verbose_name_plural = "modules de formation"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ResourceThemeTag(ItemBase):
    """A resource's themes, from the project bank's vocabulary (one set of themes)."""

    tag = models.ForeignKey(ProjectTheme, on_delete=models.CASCADE, related_name="tagged_resources")
    content_object = ParentalKey(
        "alumni.ResourcePage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = "thématique d'une ressource"
        verbose_name_plural = "thématiques des ressources"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_theme_per_resource"
            )
        ]


class ResourcePageForm(WagtailAdminPageForm):
    """Checks what needs the inline files: a kit has files, members-only files are kept
    in the members' collection and public ones outside it."""

    def clean(self):
        cleaned_data = super().clean()
        files_formset = self.formsets.get("files")
        documents = []
        # ClusterForm validates the formsets after this form: validate the files now
        # (their own errors are shown on them; the checks below need valid rows).
        if files_formset is not None and not files_formset.is_valid():
            return cleaned_data
        if files_formset is not None:
            for form in files_formset.forms:
                data = getattr(form, "cleaned_data", None) or {}
                if data.get("document") and not data.get("DELETE"):
                    documents.append(data["document"])
        resource_type = cleaned_data.get("resource_type")
        has_link = bool(cleaned_data.get("external_url"))
        if resource_type == ResourceType.KIT and not documents:
            self.add_error(None, "Un kit rassemble des fichiers : ajoutez-en au moins un.")
        elif (
            resource_type in (ResourceType.FICHE_OUTIL, ResourceType.GUIDE)
            and not documents
            and not has_link
        ):
            self.add_error(None, "Ajoutez au moins un fichier ou un lien vers la ressource.")
        for message in misplaced_documents(documents, cleaned_data.get("audience")):
            self.add_error(None, message)
        return cleaned_data


class ResourcePage(CoverImageMixin, BasePage):
    """One resource: a tool sheet, a kit, an online course, a recorded talk or a guide."""

    resource_type = models.CharField(
        "type de ressource", max_length=20, choices=ResourceType.choices
    )
    summary = models.TextField(
        "résumé", max_length=600, help_text="Deux ou trois phrases, reprises dans la liste."
    )
    body = RichTextField(
        "présentation",
        features=RESOURCE_FEATURES,
        validators=[HeadingOrderValidator(after=1)],
        blank=True,
        help_text="À quoi sert la ressource, comment s'en servir, dans quel contexte.",
    )
    modules = ParentalManyToManyField(
        TrainingModule, verbose_name="modules de la formation", blank=True, related_name="+"
    )
    themes = ClusterTaggableManager(
        "thématiques",
        through=ResourceThemeTag,
        blank=True,
        help_text="Les thématiques de la banque de projets (communes aux deux).",
    )
    audience = models.CharField(
        "public",
        max_length=10,
        choices=Audience.choices,
        default=Audience.PUBLIC,
        help_text="La page reste visible de tous. Les fichiers d'une ressource réservée "
        "aux membres doivent être rangés dans la collection « Ressources réservées aux "
        "membres » ; ceux d'une ressource tout public, dans une autre collection.",
    )
    resource_date = models.DateField(
        "date",
        default=datetime.date.today,
        help_text="Date de la ressource (édition du guide, date de la conférence…).",
    )
    external_url = models.URLField(
        "lien externe",
        blank=True,
        help_text="Obligatoire pour un cours en ligne : l'adresse du cours.",
    )
    external_label = models.CharField(
        "intitulé du lien",
        max_length=120,
        blank=True,
        help_text="Par exemple : « Suivre le cours sur la plateforme ». Par défaut : "
        "« Accéder à la ressource ».",
    )
    video_url = models.URLField(
        "adresse de la vidéo",
        blank=True,
        help_text="Conférence : lien YouTube, Vimeo ou Dailymotion. La vidéo n'est chargée "
        "qu'au clic du visiteur (aucune requête vers l'hébergeur avant).",
    )
    transcript = RichTextField(
        "transcription",
        features=TRANSCRIPT_FEATURES,
        validators=[HeadingOrderValidator(after=2)],
        blank=True,
        help_text="Obligatoire pour une conférence enregistrée : le texte de ce qui est dit.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("resource_type"),
        FieldPanel("summary"),
        *CoverImageMixin.cover_panels,
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("modules", widget=CheckboxSelectMultiple),
                FieldPanel("themes"),
                FieldPanel("audience"),
                FieldPanel("resource_date"),
            ],
            heading="Classement et public",
        ),
        InlinePanel(
            "files",
            heading="Fichiers",
            label="Fichier",
            help_text="Le format et la taille de chaque fichier sont affichés sur le site.",
        ),
        MultiFieldPanel(
            [FieldPanel("external_url"), FieldPanel("external_label")],
            heading="Lien externe",
        ),
        MultiFieldPanel(
            [FieldPanel("video_url"), FieldPanel("transcript")],
            heading="Conférence enregistrée",
        ),
        InlinePanel(
            "project_links",
            heading="Projets où l'outil a servi",
            label="Projet",
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("transcript"),
        index.FilterField("resource_type"),
        index.FilterField("audience"),
    ]

    api_fields = [
        APIField("resource_type"),
        APIField("summary"),
        APIField("body"),
        APIField("audience"),
        APIField("resource_date"),
        APIField("external_url"),
        APIField("video_url"),
        APIField("transcript"),
    ]

    parent_page_types = ["alumni.ResourceIndexPage"]
    subpage_types = []

    base_form_class = ResourcePageForm

    template = "alumni/library/resource_page.html"

    class Meta:
        verbose_name = "ressource"
        verbose_name_plural = "ressources"

    def clean(self):
        super().clean()
        errors = {}
        if self.resource_type == ResourceType.CONFERENCE:
            if not _has_text(self.transcript):
                errors["transcript"] = (
                    "Une conférence enregistrée doit avoir sa transcription sur la page, "
                    "pour les personnes qui ne peuvent pas l'écouter."
                )
            if not self.video_url and not self.external_url:
                errors["video_url"] = "Indiquez l'adresse de la vidéo de la conférence."
        if self.resource_type == ResourceType.COURS_EN_LIGNE and not self.external_url:
            errors["external_url"] = "Indiquez l'adresse du cours en ligne."
        if self.video_url and video_embed(self.video_url) is None:
            errors["video_url"] = (
                "Hébergeur non reconnu : utilisez un lien YouTube, Vimeo ou Dailymotion, "
                "ou mettez l'adresse dans « lien externe »."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_members_only(self):
        return self.audience == Audience.MEMBRES

    @property
    def video(self):
        return video_embed(self.video_url) if self.video_url else None

    @property
    def link_label(self):
        return self.external_label or "Accéder à la ressource"

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        video = self.video
        if video is not None:
            # Only this page may frame this host's player, and only once clicked (site.js);
            # that player alone may go fullscreen or picture-in-picture.
            response._csp_replace = {"frame-src": [video.origin]}
            allow_player_features(response, video.origin)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(resource_context(self, request, published_resources()))
        return context


def _has_text(rich_text):
    return bool(strip_tags(rich_text or "").strip())


class ResourceFile(Orderable):
    """A file of a resource (a Wagtail document: its format and size are shown)."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name="document",
        on_delete=models.CASCADE,
        related_name="+",
    )
    label = models.CharField(
        "intitulé",
        max_length=200,
        blank=True,
        help_text="Par défaut, le titre du document.",
    )

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = "fichier"
        verbose_name_plural = "fichiers"

    @property
    def title(self):
        return self.label or self.document.title


class ResourceProjectLink(Orderable):
    """A project of the bank where the tool was used."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="project_links")
    project = models.ForeignKey(
        "projects.ProjectPage",
        verbose_name="projet",
        on_delete=models.CASCADE,
        related_name="resource_links",
    )

    panels = [PageChooserPanel("project", page_type="projects.ProjectPage")]

    class Meta(Orderable.Meta):
        verbose_name = "projet lié"
        verbose_name_plural = "projets liés"


# --- Querysets ---------------------------------------------------------------------------


def published_resources():
    return ResourcePage.objects.live().public()


def with_resource_card_data(queryset):
    """What a resource card shows, in a constant number of queries."""
    return with_cover(queryset).prefetch_related(
        Prefetch("modules", queryset=TrainingModule.objects.order_by("sort_order", "name")),
        Prefetch(
            "files",
            queryset=ResourceFile.objects.select_related("document").order_by("sort_order"),
        ),
    )
