"""The project bank: cohorts, project pages, their lifecycle, impact and user feedback."""

import json
import re

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from cms.models import BasePage
from cms.pages import CollectivitySectionMixin

from .blocks import ProjectDocumentsBlock, SolutionStreamBlock


class ProjectStatus(models.TextChoices):
    """Where a project stands. Values are the slugs used in URLs (?statut=deploye)."""

    PROPOSE = "propose", "Proposé"
    RETENU = "retenu", "Retenu par le jury"
    NON_RETENU = "non-retenu", "Non retenu"
    EXPERIMENTATION = "experimentation", "En expérimentation"
    DEPLOYE = "deploye", "Déployé"
    ABANDONNE = "abandonne", "Abandonné"


# "Retained" projects went past the jury, whatever became of them afterwards: the
# denominator of the deployment rate.
RETAINED_STATUSES = (
    ProjectStatus.RETENU,
    ProjectStatus.EXPERIMENTATION,
    ProjectStatus.DEPLOYE,
    ProjectStatus.ABANDONNE,
)
EXPLANATION_REQUIRED_STATUSES = (ProjectStatus.NON_RETENU, ProjectStatus.ABANDONNE)
# Users can give their opinion only on what they may actually have used.
FEEDBACK_OPEN_STATUSES = (ProjectStatus.EXPERIMENTATION, ProjectStatus.DEPLOYE)


class TrainingType(models.TextChoices):
    DECOUVERTE = "decouverte", "Découverte"
    COURTE = "courte", "Courte"
    LONGUE = "longue", "Longue"


class Cohort(models.Model):
    """A cohort ("promotion") of an EMI training, hosted by one collectivité."""

    number = models.PositiveSmallIntegerField(
        "numéro", validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    training_type = models.CharField(
        "formation", max_length=20, choices=TrainingType.choices, default=TrainingType.LONGUE
    )
    host_collectivity = models.ForeignKey(
        "cms.Collectivity",
        verbose_name="collectivité d'accueil",
        on_delete=models.PROTECT,
        related_name="cohorts",
    )
    start_date = models.DateField("début")
    end_date = models.DateField("fin", null=True, blank=True)
    jury_date = models.DateField(
        "date du jury",
        null=True,
        blank=True,
        help_text="Sert au filtre par année de la banque de projets.",
    )
    slug = models.SlugField(
        "identifiant dans les adresses",
        max_length=100,
        unique=True,
        blank=True,
        help_text="Utilisé dans les filtres (/projets/?promotion=…). "
        "Laissez vide : il est calculé à partir de la collectivité, de la formation "
        "et du numéro.",
    )

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("training_type")]),
        FieldPanel("host_collectivity"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("jury_date"),
        FieldPanel("slug"),
    ]

    class Meta:
        verbose_name = "promotion"
        verbose_name_plural = "promotions"
        ordering = ["-start_date", "host_collectivity__name", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["host_collectivity", "training_type", "number"],
                name="unique_cohort_per_collectivity_and_training",
                violation_error_message="Cette promotion existe déjà pour cette collectivité "
                "et cette formation.",
            )
        ]

    def __str__(self):
        host = self.host_collectivity.display_name if self.host_collectivity_id else "?"
        years = str(self.start_date.year) if self.start_date else ""
        if self.end_date and self.start_date and self.end_date.year != self.start_date.year:
            years = f"{self.start_date.year}-{self.end_date.year}"
        label = (
            f"Promotion {self.number} · {host} · "
            f"formation {self.get_training_type_display().lower()}"
        )
        return f"{label} ({years})" if years else label

    def save(self, *args, **kwargs):
        if not self.slug and self.host_collectivity_id:
            self.slug = slugify(
                f"{self.host_collectivity.slug}-{self.training_type}-{self.number}"
            )[:100]
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "La fin de la promotion ne peut pas précéder son début."
        if self.start_date and self.jury_date and self.jury_date < self.start_date:
            errors["jury_date"] = "Le jury ne peut pas avoir lieu avant le début de la promotion."
        if errors:
            raise ValidationError(errors)


class ProjectTheme(TagBase):
    """A theme of the project bank (its own vocabulary, separate from other tags)."""

    class Meta:
        verbose_name = "thématique"
        verbose_name_plural = "thématiques"
        ordering = ["name"]

    def slugify(self, tag, i=None):
        # ASCII slugs for the ?thematique= filter: "protection de l'enfance" becomes
        # "protection-de-l-enfance" (apostrophes separate words, as in speech).
        slug = slugify(re.sub(r"[’']", "-", tag)).strip("-") or "thematique"
        return f"{slug}-{i}" if i is not None else slug


class ProjectTag(ItemBase):
    """A project's themes: the through model of ProjectPage.themes."""

    tag = models.ForeignKey(ProjectTheme, on_delete=models.CASCADE, related_name="tagged_projects")
    content_object = ParentalKey(
        "projects.ProjectPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = "thématique d'un projet"
        verbose_name_plural = "thématiques des projets"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_theme_per_project"
            )
        ]


def published_projects():
    """Live, public project pages: what every public listing and figure starts from.

    `public()` reads the view restrictions once, when called: build it once per request
    and derive every other queryset from it.
    """
    return ProjectPage.objects.live().public()


def with_card_data(queryset):
    """What a project card touches, fetched in a constant number of queries."""
    return queryset.select_related(
        "collectivity", "cohort", "cohort__host_collectivity", "cover_image"
    ).prefetch_related("cover_image__renditions", "tagged_items__tag")


class ProjectIndexPage(RoutablePageMixin, BasePage):
    """/projets/ — the project bank, its filters and its key figures (/projets/chiffres/)."""

    introduction = models.TextField("introduction", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]

    search_fields = BasePage.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["projects.ProjectSectionPage"]
    max_count = 1

    class Meta:
        verbose_name = "banque de projets"

    def projects(self):
        return published_projects().descendant_of(self)

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
        from .listing import ProjectListing, clean_query_string

        clean = clean_query_string(request.GET)
        if clean is not None:
            return redirect(self.get_url(request) + clean)
        listing = ProjectListing(self.projects(), request.GET)
        return self.render(
            request,
            context_overrides={
                "listing": listing,
                "key_figures_url": self.get_url(request) + self.reverse_subpage("key_figures"),
            },
        )

    @path("chiffres/", name="key_figures")
    def key_figures(self, request):
        from .figures import KeyFigures

        return self.render(
            request,
            template="projects/project_key_figures.html",
            context_overrides={
                "figures": KeyFigures(self.projects()),
                "index_url": self.get_url(request),
            },
        )


class ProjectSectionPage(CollectivitySectionMixin, BasePage):
    """/projets/<collectivité>/ — a collectivité's projects."""

    search_fields = BasePage.search_fields + [index.SearchField("introduction")]

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

    def get_context(self, request, *args, **kwargs):
        from .figures import status_counts
        from .listing import paginate

        context = super().get_context(request, *args, **kwargs)
        projects = published_projects().child_of(self)
        context["status_counts"] = status_counts(projects)
        context["projects_page"] = paginate(
            with_card_data(projects).order_by("-first_published_at", "-pk"),
            request.GET.get("page"),
        )
        index_page = self.get_parent()
        context["index_url"] = index_page.get_url(request) if index_page else "/projets/"
        return context


class ProjectPage(BasePage):
    """A project: the problem, the solutions, what became of it and why, its impact."""

    ORIGIN_EMI = "emi"
    ORIGIN_OTHER = "autre"
    ORIGIN_CHOICES = [
        (ORIGIN_EMI, "Une promotion de l'EMI"),
        (ORIGIN_OTHER, "Un autre programme"),
    ]
    STAGE_APPETIZER = "appetizer"
    STAGE_JURY = "jury"
    STOPPED_STAGE_CHOICES = [
        (STAGE_APPETIZER, "Aux appetizers (premier tri des sujets)"),
        (STAGE_JURY, "Devant le jury"),
    ]

    summary = models.CharField(
        "résumé",
        max_length=300,
        help_text="En 300 caractères au plus, sans mise en forme : repris sur les cartes "
        "et par les moteurs de recherche.",
    )
    problem = RichTextField("problème traité", features=["bold", "italic", "link", "ol", "ul"])
    people_concerned = models.TextField(
        "personnes concernées",
        blank=True,
        help_text="Les usagers et les agents concernés par le problème.",
    )
    solutions = StreamField(SolutionStreamBlock(), verbose_name="solutions proposées", blank=True)
    status = models.CharField(
        "statut", max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSE
    )
    stopped_stage = models.CharField(
        "étape où le projet s'est arrêté",
        max_length=20,
        choices=STOPPED_STAGE_CHOICES,
        blank=True,
        help_text="Seulement pour un projet non retenu.",
    )
    status_explanation = models.TextField(
        "explication du statut",
        blank=True,
        help_text="Le pourquoi : obligatoire pour un projet non retenu ou abandonné.",
    )
    origin = models.CharField("origine", max_length=10, choices=ORIGIN_CHOICES, default=ORIGIN_EMI)
    cohort = models.ForeignKey(
        Cohort,
        verbose_name="promotion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    other_programme = models.CharField(
        "autre programme",
        max_length=200,
        blank=True,
        help_text="Par exemple : Forum interdépartemental de l'innovation, Amiens, 2019.",
    )
    jury_date = models.DateField(
        "date du jury",
        null=True,
        blank=True,
        help_text="Pour un projet de l'EMI, laissez vide : la date du jury de la promotion "
        "est reprise.",
    )
    sponsor_role = models.CharField("commanditaire : fonction", max_length=150, blank=True)
    sponsor_service = models.CharField(
        "commanditaire : service ou direction", max_length=200, blank=True
    )
    themes = ClusterTaggableManager(
        "thématiques",
        through=ProjectTag,
        blank=True,
        help_text="Quelques mots-clés partagés entre projets (accueil, restauration "
        "scolaire, protection de l'enfance…).",
    )
    cover_image = models.ForeignKey(
        "cms.CustomImage",
        verbose_name="image de couverture",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    documents = StreamField(ProjectDocumentsBlock(), verbose_name="documents joints", blank=True)
    # Copied from the section the page lives in (never edited by hand): listings filter
    # and count by collectivité in SQL instead of walking the tree.
    collectivity = models.ForeignKey(
        "cms.Collectivity",
        verbose_name="collectivité",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="projects",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary", widget=forms.Textarea(attrs={"rows": 3})),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [FieldPanel("problem"), FieldPanel("people_concerned"), FieldPanel("solutions")],
            heading="Le problème et les solutions",
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("stopped_stage"),
                FieldPanel("status_explanation"),
            ],
            heading="Où en est le projet",
        ),
        InlinePanel("milestones", heading="Étapes", label="Étape"),
        InlinePanel("impact_indicators", heading="Indicateurs d'impact", label="Indicateur"),
        InlinePanel("user_quotes", heading="Retours d'usagers recueillis", label="Retour"),
        MultiFieldPanel(
            [
                FieldPanel("origin"),
                FieldPanel("cohort"),
                FieldPanel("other_programme"),
                FieldPanel("jury_date"),
            ],
            heading="Origine du projet",
        ),
        InlinePanel("team_members", heading="Équipe", label="Membre"),
        FieldRowPanel(
            [FieldPanel("sponsor_role"), FieldPanel("sponsor_service")],
            heading="Commanditaire",
        ),
        FieldPanel("themes"),
        FieldPanel("documents"),
        InlinePanel("related_project_links", heading="Projets liés choisis", label="Projet lié"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("problem"),
        index.SearchField("people_concerned"),
        index.SearchField("solutions"),
        index.SearchField("status_explanation"),
        index.SearchField("other_programme"),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.RelatedFields("collectivity", [index.SearchField("name")]),
        index.FilterField("status"),
        index.FilterField("collectivity"),
        index.FilterField("cohort"),
    ]

    api_fields = [
        APIField("summary"),
        APIField("status"),
        APIField("status_explanation"),
        APIField("collectivity", serializer=serializers.StringRelatedField()),
        APIField("cohort", serializer=serializers.StringRelatedField()),
        APIField("other_programme"),
        APIField("themes"),
        APIField("last_published_at"),
    ]

    parent_page_types = ["projects.ProjectSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = "projet"
        verbose_name_plural = "projets"

    # --- validation and saving -------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        explanation = (self.status_explanation or "").strip()
        if self.status == ProjectStatus.NON_RETENU:
            if not explanation:
                errors["status_explanation"] = (
                    "Expliquez pourquoi le projet n'a pas été retenu : c'est la première "
                    "question des lecteurs."
                )
            if not self.stopped_stage:
                errors["stopped_stage"] = (
                    "Indiquez à quelle étape le projet s'est arrêté : aux appetizers ou "
                    "devant le jury."
                )
        elif self.status == ProjectStatus.ABANDONNE and not explanation:
            errors["status_explanation"] = (
                "Expliquez pourquoi le projet a été abandonné : c'est la première question "
                "des lecteurs."
            )
        if self.status != ProjectStatus.NON_RETENU:
            # Only a project that was not retained stopped somewhere.
            self.stopped_stage = ""
        if self.origin == self.ORIGIN_EMI and not self.cohort_id:
            errors["cohort"] = "Choisissez la promotion de l'EMI qui a porté ce projet."
        if self.origin == self.ORIGIN_OTHER and not (self.other_programme or "").strip():
            errors["other_programme"] = (
                "Indiquez le programme d'où vient le projet (par exemple : Forum "
                "interdépartemental de l'innovation, Amiens, 2019)."
            )
        if self.cover_image_id and not (self.cover_image.alt_text or "").strip():
            errors["cover_image"] = (
                "Cette image n'a pas de texte alternatif : complétez-le dans la médiathèque "
                "ou choisissez une autre image."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.collectivity_id = self.section_collectivity_id() or self.collectivity_id
        themes_pending = self.tagged_items.is_deferring
        super().save(*args, **kwargs)
        if themes_pending and self.live:
            # The search index was written by post_save, before modelcluster committed
            # the new themes: index again so that a search on a theme finds the page.
            index.insert_or_update_object(self)

    def section_collectivity_id(self):
        """The collectivité of the section above this page (None before it is placed)."""
        if not self.path or not self.depth or self.depth < 2:
            return None
        parent_path = self.path[: -self.steplen]
        return (
            ProjectSectionPage.objects.filter(path=parent_path)
            .values_list("collectivity_id", flat=True)
            .first()
        )

    # --- what templates read ----------------------------------------------------------

    @property
    def explanation_expected(self):
        return self.status in EXPLANATION_REQUIRED_STATUSES

    @property
    def accepts_feedback(self):
        return self.status in FEEDBACK_OPEN_STATUSES

    @property
    def training_type_label(self):
        return self.cohort.get_training_type_display() if self.cohort_id else ""

    @property
    def effective_jury_date(self):
        if self.jury_date:
            return self.jury_date
        return self.cohort.jury_date if self.cohort_id else None

    @property
    def origin_label(self):
        if self.origin == self.ORIGIN_OTHER:
            return self.other_programme
        return str(self.cohort) if self.cohort_id else "EMI"

    @property
    def last_updated(self):
        return self.last_published_at or self.latest_revision_created_at

    @cached_property
    def theme_list(self):
        """The themes, sorted; read from the prefetched tagged items on listings."""
        if "tagged_items" in getattr(self, "_prefetched_objects_cache", {}):
            tags = [item.tag for item in self.tagged_items.all()]
        else:
            tags = list(self.themes.all())
        return sorted(tags, key=lambda tag: tag.name.lower())

    @property
    def meta_description(self):
        return self.search_description or self.summary

    def timeline(self):
        return sorted(self.milestones.all(), key=lambda m: (m.date, m.sort_order or 0))

    def public_team(self):
        return list(self.team_members.all())

    def published_feedback(self):
        """Quotes gathered by the editors plus approved public feedback, newest first."""
        quotes = [
            {"text": q.quote, "author": q.public_author, "date": q.date}
            for q in self.user_quotes.all()
        ]
        if self.pk:
            for feedback in self.public_feedback.filter(status=ProjectFeedback.STATUS_APPROVED):
                quotes.append(
                    {
                        "text": feedback.text,
                        "author": feedback.public_author,
                        "date": timezone.localdate(feedback.created_at),
                    }
                )
        return sorted(quotes, key=lambda q: q["date"], reverse=True)

    def related_projects(self, limit=3):
        """The projects chosen by the editors, then others that share a theme."""
        chosen_ids = [link.related_id for link in self.related_project_links.all()]
        live = published_projects().exclude(pk=self.pk) if self.pk else published_projects()
        chosen = []
        if chosen_ids:
            by_id = with_card_data(live.filter(pk__in=chosen_ids)).in_bulk()
            chosen = [by_id[pk] for pk in chosen_ids if pk in by_id]
        tag_ids = [tag.pk for tag in self.theme_list]
        automatic = []
        if tag_ids and limit:
            automatic = list(
                with_card_data(
                    live.exclude(pk__in=chosen_ids)
                    .filter(tagged_items__tag_id__in=tag_ids)
                    .annotate(shared_themes=models.Count("tagged_items", distinct=True))
                    .order_by("-shared_themes", "-first_published_at", "pk")
                )[:limit]
            )
        return chosen, automatic

    def json_ld(self, request=None):
        """Schema.org description of the project, for search engines and aggregators."""
        url = self.get_full_url(request)
        project = {
            "@type": "Project",
            "@id": f"{url}#projet",
            "name": self.title,
            "description": self.summary,
            "url": url,
        }
        if self.collectivity_id:
            project["sponsor"] = {
                "@type": "GovernmentOrganization",
                "name": self.collectivity.name,
            }
            if self.collectivity.website:
                project["sponsor"]["url"] = self.collectivity.website
        themes = [tag.name for tag in self.theme_list]
        if themes:
            project["keywords"] = ", ".join(themes)
        project["additionalProperty"] = [
            {"@type": "PropertyValue", "name": "Statut", "value": self.get_status_display()}
        ]
        if self.effective_jury_date:
            project["additionalProperty"].append(
                {
                    "@type": "PropertyValue",
                    "name": "Date du jury",
                    "value": self.effective_jury_date.isoformat(),
                }
            )
        page = {
            "@type": "WebPage",
            "@id": url,
            "url": url,
            "name": self.title,
            "inLanguage": "fr",
            "about": {"@id": f"{url}#projet"},
        }
        if self.first_published_at:
            page["datePublished"] = self.first_published_at.isoformat()
        if self.last_updated:
            page["dateModified"] = self.last_updated.isoformat()
        data = {"@context": "https://schema.org", "@graph": [page, project]}
        # Safe inside <script>: no "</script>" or comment can be closed by the data.
        return json.dumps(data, ensure_ascii=False).translate(
            {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
        )

    # --- serving ----------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        from .forms import ProjectFeedbackForm

        context = super().get_context(request, *args, **kwargs)
        chosen, automatic = self.related_projects()
        context["related_chosen"] = chosen
        context["related_automatic"] = automatic
        context["feedback"] = self.published_feedback()
        if self.accepts_feedback:
            context.setdefault("feedback_form", ProjectFeedbackForm())
            context["feedback_thanks"] = request.GET.get("avis") == "merci"
        context["json_ld"] = self.json_ld(request)
        index_page = ProjectIndexPage.objects.ancestor_of(self).first() if self.pk else None
        context["index_url"] = index_page.get_url(request) if index_page else "/projets/"
        return context

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            return self.serve_feedback(request, *args, **kwargs)
        return super().serve(request, *args, **kwargs)

    def serve_feedback(self, request, *args, **kwargs):
        from cms.forms import HONEYPOT_FIELD
        from cms.ratelimits import check_rate_limit

        from .forms import ProjectFeedbackForm

        if not self.accepts_feedback:
            return HttpResponseNotAllowed(["GET", "HEAD"])
        thanks_url = f"{self.get_url(request)}?avis=merci#donner-mon-avis"
        if request.POST.get(HONEYPOT_FIELD):
            # A bot filled the hidden field: pretend all went well, keep nothing.
            return redirect(thanks_url)
        form = ProjectFeedbackForm(request.POST)
        status = 200
        if form.is_valid():
            refused = check_rate_limit(request, "project_feedback")
            if refused is None:
                form.save(project=self)
                return redirect(thanks_url)
            form.add_error(None, refused.message)
            status = 429
        context = self.get_context(request, *args, **kwargs)
        context["feedback_form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=status)


def sync_collectivity(sender, instance, **kwargs):
    """After a move (post_page_move), projects take the collectivité of their new section."""
    moved = ProjectPage.objects.descendant_of(instance, inclusive=True).only(
        "pk", "path", "depth", "collectivity_id"
    )
    for project in moved:
        collectivity_id = project.section_collectivity_id()
        if collectivity_id != project.collectivity_id:
            ProjectPage.objects.filter(pk=project.pk).update(collectivity_id=collectivity_id)


class ProjectMilestone(Orderable):
    """A dated step of the project's life, shown as a timeline."""

    KIND_CHOICES = [
        ("appetizer", "Appetizer"),
        ("jury", "Jury"),
        ("pre-incubation", "Pré-incubation"),
        ("experimentation", "Expérimentation"),
        ("deploiement", "Déploiement"),
        ("bilan", "Bilan"),
        ("abandon", "Abandon"),
        ("autre", "Autre étape"),
    ]

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField("date")
    kind = models.CharField("étape", max_length=20, choices=KIND_CHOICES, default="autre")
    label = models.CharField(
        "intitulé", max_length=200, blank=True, help_text="Par défaut : le nom de l'étape."
    )
    description = models.TextField("ce qui s'est passé", blank=True)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]),
        FieldPanel("label"),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "étape"
        verbose_name_plural = "étapes"

    def __str__(self):
        return self.display_label

    @property
    def display_label(self):
        return self.label or self.get_kind_display()


class ProjectImpactIndicator(Orderable):
    """A measured effect of the project: what decision-makers come for."""

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="impact_indicators")
    label = models.CharField("indicateur", max_length=200)
    value = models.DecimalField("valeur mesurée", max_digits=14, decimal_places=2)
    baseline = models.DecimalField(
        "valeur de départ",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="La valeur avant le projet, si elle est connue.",
    )
    unit = models.CharField(
        "unité", max_length=40, blank=True, help_text="%, jours, repas, demandes…"
    )
    measured_on = models.DateField("date de la mesure")
    source = models.CharField(
        "source ou méthode",
        max_length=255,
        help_text="D'où vient le chiffre : logiciel métier, enquête, comptage…",
    )

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("baseline"), FieldPanel("value"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("measured_on"), FieldPanel("source")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "indicateur d'impact"
        verbose_name_plural = "indicateurs d'impact"

    def __str__(self):
        return self.label


class ProjectUserQuote(Orderable):
    """User feedback gathered by the team (interviews, surveys), published with the page."""

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="user_quotes")
    quote = models.TextField("citation", max_length=800)
    role = models.CharField(
        "qui", max_length=150, help_text="Le rôle de la personne : « une mère accueillie en PMI »."
    )
    name = models.CharField("nom", max_length=150, blank=True)
    name_published = models.BooleanField(
        "publier le nom",
        default=False,
        help_text="Uniquement avec l'accord écrit de la personne.",
    )
    date = models.DateField("date")

    panels = [
        FieldPanel("quote"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("date")]),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_published")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "retour d'usager"
        verbose_name_plural = "retours d'usagers"

    def __str__(self):
        return self.role

    @property
    def public_author(self):
        if self.name_published and self.name.strip():
            return f"{self.name.strip()}, {self.role}"
        return self.role


class ProjectTeamMember(Orderable):
    """A member of the project team: shown by role unless they agreed to their name."""

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="team_members")
    role = models.CharField(
        "rôle ou fonction", max_length=150, help_text="« Cheffe de cuisine dans un collège »."
    )
    name = models.CharField("nom", max_length=150, blank=True)
    name_published = models.BooleanField(
        "publier le nom",
        default=False,
        help_text="Uniquement si la personne a donné son accord.",
    )

    panels = [FieldPanel("role"), FieldRowPanel([FieldPanel("name"), FieldPanel("name_published")])]

    class Meta(Orderable.Meta):
        verbose_name = "membre de l'équipe"
        verbose_name_plural = "membres de l'équipe"

    def __str__(self):
        return self.role

    @property
    def public_name(self):
        return self.name.strip() if self.name_published else ""


class ProjectRelatedLink(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="related_project_links")
    related = models.ForeignKey(
        ProjectPage, verbose_name="projet", on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("related", page_type="projects.ProjectPage")]

    class Meta(Orderable.Meta):
        verbose_name = "projet lié"
        verbose_name_plural = "projets liés"


class ProjectFeedbackQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ProjectFeedback.STATUS_PENDING)

    def approved(self):
        return self.filter(status=ProjectFeedback.STATUS_APPROVED)


class ProjectFeedback(models.Model):
    """An opinion left on the public site ("Donner mon avis"), published once approved."""

    STATUS_PENDING = "en-attente"
    STATUS_APPROVED = "approuve"
    STATUS_REJECTED = "refuse"
    STATUS_CHOICES = [
        (STATUS_PENDING, "En attente de modération"),
        (STATUS_APPROVED, "Approuvé (publié)"),
        (STATUS_REJECTED, "Refusé"),
    ]

    project = models.ForeignKey(
        ProjectPage,
        verbose_name="projet",
        on_delete=models.CASCADE,
        related_name="public_feedback",
    )
    role = models.CharField("rôle", max_length=120)
    text = models.TextField("avis", max_length=1000)
    name = models.CharField("nom", max_length=120, blank=True)
    show_name = models.BooleanField("accepte que son nom soit publié", default=False)
    consent = models.BooleanField("accepte la publication de son avis", default=False)
    created_at = models.DateTimeField("reçu le", default=timezone.now, db_index=True)
    status = models.CharField(
        "état", max_length=20, choices=STATUS_CHOICES, default=STATUS_PENDING, db_index=True
    )
    moderated_at = models.DateTimeField("modéré le", null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="modéré par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderation_note = models.TextField(
        "note de modération (interne)",
        blank=True,
        help_text="Jamais publiée : le motif d'un refus, par exemple.",
    )

    objects = ProjectFeedbackQuerySet.as_manager()

    panels = [
        FieldPanel("project", read_only=True),
        FieldPanel("role", read_only=True),
        FieldPanel("text", read_only=True),
        FieldRowPanel(
            [FieldPanel("name", read_only=True), FieldPanel("show_name", read_only=True)]
        ),
        FieldPanel("created_at", read_only=True),
        FieldPanel("status"),
        FieldPanel("moderation_note"),
    ]

    class Meta:
        verbose_name = "avis d'usager"
        verbose_name_plural = "avis d'usagers"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent=True) | ~Q(status="approuve"),
                name="feedback_published_only_with_consent",
            )
        ]

    def __str__(self):
        excerpt = self.text if len(self.text) <= 60 else self.text[:59] + "…"
        return f"« {excerpt} » ({self.role})"

    @property
    def public_author(self):
        """Who is shown under the quote: the role, plus the name only if they agreed."""
        if self.show_name and self.name.strip():
            return f"{self.name.strip()}, {self.role}"
        return self.role

    @property
    @admin.display(description="avis")
    def excerpt(self):
        return self.text if len(self.text) <= 120 else self.text[:119] + "…"

    def clean(self):
        super().clean()
        if self.status == self.STATUS_APPROVED and not self.consent:
            raise ValidationError(
                {"status": "Cet avis ne peut pas être publié : son auteur n'y a pas consenti."}
            )

    def moderate(self, status, user=None):
        self.status = status
        self.moderated_at = timezone.now()
        self.moderated_by = user
        self.save(update_fields=["status", "moderated_at", "moderated_by"])
