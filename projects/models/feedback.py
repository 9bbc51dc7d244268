"""Opinions left by users on the public site ("Donner mon avis"), and their moderation."""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel


class FeedbackStatus(models.TextChoices):
    PENDING = "en-attente", "En attente de modération"
    APPROVED = "approuve", "Approuvé (publié)"
    REJECTED = "refuse", "Refusé"


class ProjectFeedbackQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=FeedbackStatus.PENDING)

    def approved(self):
        return self.filter(status=FeedbackStatus.APPROVED)


class ProjectFeedback(models.Model):
    """An opinion left on the public site ("Donner mon avis"), published once approved."""

    project = models.ForeignKey(
        "projects.ProjectPage",
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
        "état",
        max_length=20,
        choices=FeedbackStatus.choices,
        default=FeedbackStatus.PENDING,
        db_index=True,
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
        if self.status == FeedbackStatus.APPROVED and not self.consent:
            raise ValidationError(
                {"status": "Cet avis ne peut pas être publié : son auteur n'y a pas consenti."}
            )

    def moderate(self, status, user=None):
        self.status = status
        self.moderated_at = timezone.now()
        self.moderated_by = user
        self.save(update_fields=["status", "moderated_at", "moderated_by"])
