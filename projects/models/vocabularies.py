"""The project bank's vocabularies: statuses, training types, cohorts and themes."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel


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


class ProjectOrigin(models.TextChoices):
    EMI = "emi", "Une promotion de l'EMI"
    OTHER = "autre", "Un autre programme"


class StoppedStage(models.TextChoices):
    """Where a project that was not retained stopped."""

    APPETIZER = "appetizer", "Aux appetizers (premier tri des sujets)"
    JURY = "jury", "Devant le jury"

    @property
    def phrase(self):
        """How the project page ends « Non retenu … »."""
        return {
            StoppedStage.APPETIZER: "dès les appetizers, le premier tri des sujets",
            StoppedStage.JURY: "par le jury",
        }[self]


class MilestoneKind(models.TextChoices):
    APPETIZER = "appetizer", "Appetizer (présentation des sujets et premier tri)"
    JURY = "jury", "Jury"
    PRE_INCUBATION = "pre-incubation", "Pré-incubation"
    EXPERIMENTATION = "experimentation", "Expérimentation"
    DEPLOIEMENT = "deploiement", "Déploiement"
    BILAN = "bilan", "Bilan"
    ABANDON = "abandon", "Abandon"
    OTHER = "autre", "Autre étape"


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
        # The projects that take their jury date from the cohort sort by it.
        self.projects.filter(jury_date__isnull=True).update(
            recency_date=self.jury_date or self.start_date
        )

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
