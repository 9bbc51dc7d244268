"""The trainings' records: the questions editors add to a call's form, topic proposals.

The training pages (news/trainings/pages.py) sit above this module.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractFormField


class CallForCandidatesFormField(AbstractFormField):
    """A question editors add to the fixed ones of a call's application form."""

    page = ParentalKey(
        "news.CallForCandidatesPage", on_delete=models.CASCADE, related_name="form_fields"
    )


class TopicProposal(models.Model):
    """A project topic a service proposes for the next cohort, reviewed by EMI."""

    class Status(models.TextChoices):
        NEW = "nouvelle", "Nouvelle"
        ACCEPTED = "retenue", "Retenue pour une promotion"
        DECLINED = "declinee", "Déclinée"

    problem = models.TextField(
        "problème à résoudre",
        help_text="Ce qui ne fonctionne pas aujourd'hui, pour les usagers ou pour les agents.",
    )
    service = models.CharField("service concerné", max_length=200)
    collectivity = models.ForeignKey(
        "cms.Collectivity",
        verbose_name="collectivité",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sponsor = models.CharField(
        "commanditaire",
        max_length=200,
        help_text="La fonction de la personne qui porte le sujet (direction, service).",
    )
    contact_name = models.CharField("nom du contact", max_length=150, blank=True)
    contact_email = models.EmailField("adresse électronique du contact", blank=True)
    contact_phone = models.CharField("téléphone du contact", max_length=40, blank=True)
    status = models.CharField("statut", max_length=20, choices=Status.choices, default=Status.NEW)
    cohort = models.ForeignKey(
        "projects.Cohort",
        verbose_name="promotion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topic_proposals",
        help_text="La promotion qui traitera le sujet, s'il est retenu.",
    )
    status_note = models.TextField(
        "note de l'EMI",
        blank=True,
        help_text="Pour un refus, la raison ; pour un sujet retenu, la suite prévue.",
    )
    created_at = models.DateTimeField("reçue le", default=timezone.now, editable=False)
    anonymised_at = models.DateTimeField(
        "coordonnées effacées le", null=True, blank=True, editable=False
    )

    panels = [
        FieldPanel("problem"),
        FieldRowPanel([FieldPanel("service"), FieldPanel("collectivity")]),
        FieldPanel("sponsor"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading="Contact",
        ),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("cohort"), FieldPanel("status_note")],
            heading="Suivi",
        ),
    ]

    class Meta:
        verbose_name = "proposition de sujet"
        verbose_name_plural = "propositions de sujets"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.short_problem

    def clean(self):
        super().clean()
        if self.status == self.Status.ACCEPTED and not self.cohort_id:
            raise ValidationError(
                {"cohort": "Indiquez la promotion pour laquelle le sujet est retenu."}
            )

    @property
    def short_problem(self):
        text = " ".join(self.problem.split())
        return text if len(text) <= 80 else text[:79].rstrip() + "…"
