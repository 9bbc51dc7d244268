"""The trainings: /formations/ (the three trainings, their open calls), the training
pages, their calls for candidates (with the application form) and the topic proposal
page (/formations/proposer-un-sujet/)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.forms.models import AbstractEmailForm
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from cms.blocks import BodyStreamBlock
from cms.covers import CoverImageMixin, with_cover
from cms.forms import HoneypotFormPageMixin
from cms.models import BasePage, SiteSettings
from news.common import PARIS, SHORT_TEXT_FEATURES
from projects.models import TrainingType

from .blocks import CallCalendarBlock, TrainingProgrammeBlock
from .emails import send_application_confirmation
from .forms import CallForCandidatesAdminForm, CallForCandidatesFormBuilder, fixed_call_data_fields
from .views import topic_proposal_page


class TrainingIndexPage(BasePage):
    """/formations/ — the three trainings, their open calls, the topic proposal form."""

    # Its column keeps the earlier name "introduction": renaming the field changed no table.
    intro = models.TextField("introduction", blank=True, db_column="introduction")
    body = StreamField(BodyStreamBlock(), verbose_name="contenu", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    template = "news/trainings/training_index_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.TrainingPage", "news.TopicProposalPage"]
    max_count = 1

    class Meta:
        verbose_name = "index des formations"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        trainings = list(with_cover(TrainingPage.objects.live().public().child_of(self)))
        calls = with_cover(CallForCandidatesPage.objects.live().public().descendant_of(self))
        context["trainings"] = trainings
        context["open_calls"] = [call for call in calls.order_by("closing_date") if call.is_open]
        context["topic_proposal_page"] = (
            TopicProposalPage.objects.live().public().child_of(self).first()
        )
        return context


class TrainingPage(CoverImageMixin, BasePage):
    """One of the three trainings (Découverte, Courte, Longue)."""

    kind = models.CharField("formation", max_length=20, choices=TrainingType.choices)
    summary = models.TextField("en bref", max_length=300, validators=[MaxLengthValidator(300)])
    duration = models.CharField("durée", max_length=120)
    learning_format = models.CharField("format", max_length=200)
    audience = models.TextField("public", blank=True)
    programme = StreamField(TrainingProgrammeBlock(), verbose_name="programme", blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name="contenu", blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("duration"), FieldPanel("learning_format")]),
        FieldPanel("audience"),
        *CoverImageMixin.cover_panels,
        FieldPanel("programme"),
        FieldPanel("body"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("audience"),
        index.SearchField("body"),
    ]

    api_fields = [
        APIField("kind"),
        APIField("summary"),
        APIField("duration"),
        APIField("learning_format"),
        APIField("audience"),
    ]

    template = "news/trainings/training_page.html"
    parent_page_types = ["news.TrainingIndexPage"]
    subpage_types = ["news.CallForCandidatesPage"]

    class Meta:
        verbose_name = "formation"
        verbose_name_plural = "formations"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        calls = list(
            with_cover(CallForCandidatesPage.objects.live().public().child_of(self)).order_by(
                "-closing_date"
            )
        )
        context["open_calls"] = [call for call in calls if call.is_open]
        context["upcoming_calls"] = [call for call in calls if call.state == call.STATE_UPCOMING]
        context["topic_proposal_page"] = (
            TopicProposalPage.objects.live().public().sibling_of(self, inclusive=False).first()
        )
        return context


class CallForCandidatesPage(HoneypotFormPageMixin, CoverImageMixin, AbstractEmailForm, BasePage):
    """A call for candidates under a training, with its application form.

    The form always asks for name, email, collectivité, function and motivation (defined
    in news/trainings/forms.py, so editors cannot remove them); editors add questions of
    their own. Applications are taken from the opening date (00:00) to the closing date
    included (23:59:59), Paris time.
    """

    rate_limit_name = "call_application"

    STATE_UPCOMING = "a-venir"
    STATE_OPEN = "ouvert"
    STATE_CLOSED = "clos"

    intro = RichTextField("introduction", blank=True, features=SHORT_TEXT_FEATURES)
    opening_date = models.DateField(
        "ouverture des candidatures", help_text="À partir de 0 h, heure de Paris."
    )
    closing_date = models.DateField(
        "clôture des candidatures",
        help_text="Incluse : les candidatures sont reçues jusqu'à 23 h 59, heure de Paris.",
    )
    places = models.PositiveIntegerField("nombre de places", null=True, blank=True)
    eligibility = RichTextField("qui peut candidater", blank=True, features=SHORT_TEXT_FEATURES)
    process = RichTextField("déroulement de la sélection", blank=True, features=SHORT_TEXT_FEATURES)
    calendar = StreamField(CallCalendarBlock(), verbose_name="calendrier", blank=True)
    thank_you_text = RichTextField(
        "message affiché après l'envoi",
        blank=True,
        features=SHORT_TEXT_FEATURES,
        default="<p>Merci, votre candidature est bien enregistrée. Un courriel de confirmation "
        "vient de vous être envoyé.</p>",
    )
    confirmation_text = models.TextField(
        "texte du courriel de confirmation",
        blank=True,
        default="L'équipe de l'EMI étudie chaque candidature avec votre collectivité. Vous "
        "recevrez une réponse après la clôture de l'appel.",
        help_text="Ajouté au courriel envoyé au candidat, avant le rappel de ses réponses.",
    )

    content_panels = BasePage.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        *CoverImageMixin.cover_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opening_date"), FieldPanel("closing_date")]),
                FieldPanel("places"),
            ],
            heading="Dates et places",
        ),
        FieldPanel("eligibility"),
        FieldPanel("process"),
        FieldPanel("calendar"),
        MultiFieldPanel(
            [
                HelpPanel(
                    content="Le formulaire demande toujours : nom et prénom, adresse "
                    "électronique, collectivité, fonction et motivation. Ajoutez ici vos "
                    "questions supplémentaires."
                ),
                InlinePanel("form_fields", label="Question supplémentaire"),
            ],
            heading="Formulaire de candidature",
        ),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldPanel("confirmation_text"),
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading="Courriels",
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("eligibility"),
        index.FilterField("opening_date"),
        index.FilterField("closing_date"),
    ]

    api_fields = [
        APIField("opening_date"),
        APIField("closing_date"),
        APIField("places"),
    ]

    template = "news/trainings/call_for_candidates_page.html"
    landing_page_template = "news/trainings/call_for_candidates_page_landing.html"
    parent_page_types = ["news.TrainingPage"]
    subpage_types = []

    base_form_class = CallForCandidatesAdminForm
    form_builder = CallForCandidatesFormBuilder
    reply_to_field = "email"

    class Meta:
        verbose_name = "appel à candidatures"
        verbose_name_plural = "appels à candidatures"

    def clean(self):
        super().clean()
        if self.opening_date and self.closing_date and self.closing_date < self.opening_date:
            raise ValidationError(
                {"closing_date": "La clôture ne peut pas précéder l'ouverture des candidatures."}
            )

    # Open or closed, in Paris time ---------------------------------------------------------

    def state_at(self, moment=None):
        today = timezone.localtime(moment or timezone.now(), PARIS).date()
        if today < self.opening_date:
            return self.STATE_UPCOMING
        if today > self.closing_date:
            return self.STATE_CLOSED
        return self.STATE_OPEN

    @property
    def state(self):
        return self.state_at()

    @property
    def is_open(self):
        return self.state == self.STATE_OPEN

    @property
    def state_label(self):
        return {
            self.STATE_UPCOMING: "À venir",
            self.STATE_OPEN: "Candidatures ouvertes",
            self.STATE_CLOSED: "Clos",
        }[self.state]

    # Form ---------------------------------------------------------------------------------

    def get_data_fields(self):
        return (
            [("submit_time", "Date d'envoi")]
            + fixed_call_data_fields()
            + [(field.clean_name, field.label) for field in self.get_form_fields()]
        )

    def get_notification_addresses(self):
        return super().get_notification_addresses() or [
            SiteSettings.for_site(self.get_site()).contact_email
        ]

    def serve(self, request, *args, **kwargs):
        if request.method == "POST" and not self.is_open:
            # A form left open in a tab after the deadline: nothing is stored, and the
            # page says why instead of pretending it worked.
            context = self.get_context(request)
            context["rejected_because_closed"] = True
            return TemplateResponse(request, self.get_template(request), context)
        return super().serve(request, *args, **kwargs)

    @transaction.atomic
    def process_form_submission(self, form):
        # The application, the EMI's notification and the candidate's copy are
        # committed together (the mails are queued, see cms/mail.py).
        submission = super().process_form_submission(form)
        send_application_confirmation(self, form)
        return submission

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["training"] = self.get_parent().specific
        return context


class TopicProposalPage(BasePage):
    """/formations/proposer-un-sujet/ — services propose a project topic for a cohort."""

    intro = RichTextField("introduction", blank=True, features=SHORT_TEXT_FEATURES)
    thank_you_text = models.TextField(
        "message affiché après l'envoi",
        default="Merci, votre proposition est enregistrée. L'équipe de l'EMI vous répond après "
        "l'avoir étudiée avec les commanditaires de la prochaine promotion.",
    )
    to_address = models.EmailField(
        "adresse prévenue à chaque proposition",
        blank=True,
        help_text="Par défaut : l'adresse de contact des paramètres du site.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        FieldPanel("thank_you_text"),
        FieldPanel("to_address"),
    ]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    template = "news/trainings/topic_proposal_page.html"
    parent_page_types = ["news.TrainingIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "formulaire « Proposer un sujet »"

    def get_notification_addresses(self):
        if self.to_address:
            return [self.to_address]
        return [SiteSettings.for_site(self.get_site()).contact_email]

    def serve(self, request, *args, **kwargs):
        return topic_proposal_page(self, request)
