"""Mentoring requests ("parrainage"): a member asks a mentor for help (rules in
alumni.mentoring)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel

from .profiles import AlumniProfile


class MentorRequest(models.Model):
    """A member asks a mentor for help; contact details are exchanged on acceptance."""

    class Status(models.TextChoices):
        PENDING = "en-attente", "En attente de réponse"
        ACCEPTED = "acceptee", "Acceptée"
        DECLINED = "declinee", "Déclinée"

    requester = models.ForeignKey(
        AlumniProfile,
        verbose_name="demandeur ou demandeuse",
        on_delete=models.CASCADE,
        related_name="mentor_requests_sent",
    )
    mentor = models.ForeignKey(
        AlumniProfile,
        verbose_name="parrain ou marraine",
        on_delete=models.CASCADE,
        related_name="mentor_requests_received",
    )
    message = models.TextField("message", max_length=2000)
    status = models.CharField(
        "statut", max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField("envoyée le", default=timezone.now, db_index=True)
    answered_at = models.DateTimeField("réponse le", null=True, blank=True)

    panels = [
        FieldPanel("requester", read_only=True),
        FieldPanel("mentor", read_only=True),
        FieldPanel("message", read_only=True),
        FieldPanel("status", read_only=True),
        FieldPanel("created_at", read_only=True),
        FieldPanel("answered_at", read_only=True),
    ]

    class Meta:
        verbose_name = "demande de parrainage"
        verbose_name_plural = "demandes de parrainage"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester=models.F("mentor")),
                name="alumni_mentor_request_not_to_self",
            ),
            models.UniqueConstraint(
                fields=["requester", "mentor"],
                condition=Q(status="en-attente"),
                name="alumni_one_pending_request_per_mentor",
                violation_error_message="Vous avez déjà une demande en attente auprès "
                "de cette personne.",
            ),
        ]

    def __str__(self):
        return f"{self.requester} → {self.mentor} ({self.get_status_display().lower()})"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def is_accepted(self):
        return self.status == self.Status.ACCEPTED
