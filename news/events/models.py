"""The agenda's records: event types and statuses, and registrations to events.

The event pages (news/events/pages.py) sit above this module: the registration views,
forms and emails import these names, and the pages import those views.
"""

import uuid

from django.contrib.auth.base_user import BaseUserManager
from django.db import models
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from news.common import PARIS


class EventType(models.TextChoices):
    ALUMNI_MEETING = "rencontre-alumni", "Rencontre annuelle des alumni"
    WORKSHOP = "atelier", "Atelier thématique"
    CLUB = "club", "Séance de club"
    WEBINAR = "conference-en-ligne", "Conférence en ligne"
    JURY = "jury", "Jury"
    RESTITUTION = "restitution", "Restitution"
    COFFEE = "cafe-rencontre", "Café-rencontre"


class AttendanceMode(models.TextChoices):
    IN_PERSON = "presentiel", "En présentiel"
    ONLINE = "en-ligne", "En ligne"
    MIXED = "mixte", "En présentiel et en ligne"


class EventStatus(models.TextChoices):
    SCHEDULED = "programme", "Programmé"
    POSTPONED = "reporte", "Reporté"
    CANCELLED = "annule", "Annulé"
    FULL = "complet", "Complet"


# Never stored: how a scheduled (or full) event reads once it is over.
PAST_STATUS = "termine"
PAST_STATUS_LABEL = "Terminé"


class RegistrationMode(models.TextChoices):
    NONE = "aucune", "Sans inscription"
    EXTERNAL = "externe", "Inscription sur un autre site"
    FORM = "formulaire", "Formulaire d'inscription de ce site"


class RegistrationState(models.TextChoices):
    """Whether one can register now (never stored: computed from the event, its places
    and its dates; what the API gives, with no registrant)."""

    OPEN = "ouvertes", "Inscriptions ouvertes"
    FULL = "complet", "Complet (liste d'attente avec le formulaire du site)"
    CLOSED = "fermees", "Inscriptions fermées"
    NONE = "aucune", "Sans inscription"


ACCESSIBILITY_FIELDS = [
    ("accessible_hearing", "Handicap auditif"),
    ("accessible_visual", "Handicap visuel"),
    ("accessible_motor", "Handicap moteur"),
    ("accessible_intellectual", "Handicap intellectuel"),
    ("accessible_psychic", "Handicap psychique"),
]


class EventRegistration(models.Model):
    """Someone registered to an event through the site's form (personal data, purged)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmee", "Inscription confirmée"
        WAITING = "attente", "Liste d'attente"
        CANCELLED = "annulee", "Annulée"

    event = models.ForeignKey(
        "news.EventPage",
        verbose_name="événement",
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    name = models.CharField("nom et prénom", max_length=150)
    email = models.EmailField("adresse électronique")
    organisation = models.CharField("collectivité ou organisme", max_length=200, blank=True)
    accessibility_needs = models.TextField(
        "besoins d'adaptation",
        blank=True,
        help_text="Ce qui vous permettrait de participer dans de bonnes conditions.",
    )
    status = models.CharField(
        "statut", max_length=20, choices=Status.choices, default=Status.CONFIRMED
    )
    token = models.UUIDField("jeton d'annulation", default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField("inscrit le", default=timezone.now, editable=False)
    promoted_at = models.DateTimeField("sorti de la liste d'attente le", null=True, blank=True)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)

    class Meta:
        verbose_name = "inscription à un événement"
        verbose_name_plural = "inscriptions aux événements"
        ordering = ["event", "created_at", "pk"]
        constraints = [
            # Case-insensitive: the address is kept as typed (only its domain is lowered),
            # and Alice@x.org is the same person as alice@x.org.
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~models.Q(status="annulee"),
                name="news_registration_one_active_per_email",
                violation_error_message="Cette adresse est déjà inscrite à cet événement.",
            )
        ]

    def __str__(self):
        return f"{self.name} — {self.event.title}"

    def save(self, *args, **kwargs):
        self.email = BaseUserManager.normalize_email((self.email or "").strip())
        super().save(*args, **kwargs)

    @property
    def is_active(self):
        return self.status != self.Status.CANCELLED

    @property
    def event_title(self):
        return self.event.title

    @property
    def event_start(self):
        return timezone.localtime(self.event.start, PARIS).strftime("%d/%m/%Y %H:%M")

    def waiting_position(self):
        """The rank on the waiting list (1: the next place freed), None when not waiting."""
        if self.status != self.Status.WAITING:
            return None
        earlier = EventRegistration.objects.filter(
            event_id=self.event_id,
            status=self.Status.WAITING,
            created_at__lt=self.created_at,
        ).count()
        return earlier + 1


def confirmed_count_subquery():
    """The confirmed registrations of each event, as an annotation (`n_confirmed`, read
    by EventPage.confirmed_count) that adds no query and no GROUP BY to a listing."""
    confirmed = (
        EventRegistration.objects.filter(
            event=models.OuterRef("pk"), status=EventRegistration.Status.CONFIRMED
        )
        .order_by()
        .values("event")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return Coalesce(models.Subquery(confirmed, output_field=models.IntegerField()), 0)
