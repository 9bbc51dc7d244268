"""The agenda's pages: /agenda/ (upcoming events, archives, iCal feed), the sections of
the collectivités and the event pages.

Their routes delegate to news/events/views.py, which takes the page it serves.
"""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from cms.api_fields import CollectivityField
from cms.api_filters import ChoiceFilter, CollectivityFilter, DateFilter
from cms.blocks import BodyStreamBlock
from cms.collectivity_rule import CollectivityFromSection
from cms.covers import CoverImageMixin
from cms.models import BasePage
from cms.pages import CollectivitySectionMixin
from cms.site_address import absolute_url
from news.common import PARIS

from .embed import event_embed
from .listing import event_listing_context
from .models import (
    ACCESSIBILITY_FIELDS,
    PAST_STATUS,
    PAST_STATUS_LABEL,
    AttendanceMode,
    EventRegistration,
    EventStatus,
    EventType,
    RegistrationMode,
    RegistrationState,
    confirmed_count_subquery,
)
from .views import (
    cancel_registration,
    event_ical,
    event_index_ical,
    event_page,
    event_page_context,
)


class EventIndexPage(RoutablePageMixin, BasePage):
    """/agenda/ — upcoming events first; /agenda/archives/ and the iCal feed /agenda/ical/."""

    # Its column keeps the earlier name "introduction": renaming the field changed no table.
    intro = models.TextField("introduction", blank=True, db_column="introduction")

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    template = "news/events/event_index_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.EventSectionPage", "news.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = "agenda"

    @path("", name="upcoming")
    def upcoming(self, request):
        return self.render(request, context_overrides=event_listing_context(request, self))

    @path("archives/", name="archives")
    def archives(self, request):
        return self.render(
            request, context_overrides=event_listing_context(request, self, past=True)
        )

    @path("ical/", name="ical")
    def ical_feed(self, request):
        return event_index_ical(request, EventPage.objects.live().public().descendant_of(self))

    @path("embed/", name="embed")
    def embed(self, request):
        return event_embed(self, request)

    def route_url(self, name):
        return self.url + self.reverse_subpage(name).lstrip("/")

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        if urls:
            urls.append(
                {
                    "location": self.get_full_url(request) + "archives/",
                    "lastmod": urls[0]["lastmod"],
                }
            )
        return urls


class EventSectionPage(RoutablePageMixin, CollectivitySectionMixin, BasePage):
    """/agenda/<collectivité>/ (+ ical/: its upcoming events)"""

    description_format = (
        "L'agenda de {collectivity} à l'EMI : ateliers, rencontres, jurys et restitutions."
    )

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    template = "news/events/event_section_page.html"
    parent_page_types = ["news.EventIndexPage"]
    subpage_types = ["news.EventPage"]

    class Meta:
        verbose_name = "agenda d'une collectivité"
        verbose_name_plural = "agendas des collectivités"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(event_listing_context(request, self, section=self))
        query = "?" + urlencode({"collectivite": self.collectivity.slug})
        index_url = context["upcoming_url"]
        context["embed_url"] = absolute_url(index_url + "embed/" + query)
        context["full_list_url"] = absolute_url(index_url + query)
        return context

    @path("ical/", name="ical")
    def ical_feed(self, request):
        events = EventPage.objects.live().public().descendant_of(self)
        return event_index_ical(request, events, collectivity=self.collectivity)

    def route_url(self, name):
        return self.url + self.reverse_subpage(name).lstrip("/")


class EventPage(RoutablePageMixin, CollectivityFromSection, CoverImageMixin, BasePage):
    event_type = models.CharField("type d'événement", max_length=30, choices=EventType.choices)
    summary = models.TextField(
        "résumé",
        max_length=300,
        validators=[MaxLengthValidator(300)],
        help_text="300 caractères au plus : repris dans l'agenda, le calendrier et les moteurs "
        "de recherche.",
    )
    start = models.DateTimeField(
        "début", help_text="Heure de Paris. Un événement peut durer plusieurs jours."
    )
    end = models.DateTimeField("fin", help_text="Heure de Paris ; après le début.")
    status = models.CharField(
        "statut", max_length=20, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    status_note = models.CharField(
        "explication du statut",
        max_length=255,
        blank=True,
        help_text="Pour un report ou une annulation : la raison, la nouvelle date si elle est "
        "connue.",
    )
    collectivity = models.ForeignKey(
        "cms.Collectivity",
        verbose_name="collectivité organisatrice",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Laissée vide, l'organisateur est l'EMI. Dans l'espace d'une collectivité, "
        "c'est toujours celle de l'espace.",
    )
    attendance_mode = models.CharField(
        "modalité",
        max_length=20,
        choices=AttendanceMode.choices,
        default=AttendanceMode.IN_PERSON,
    )
    place_name = models.CharField("lieu", max_length=200, blank=True)
    address = models.TextField("adresse", blank=True)
    online_url = models.URLField(
        "lien de connexion",
        blank=True,
        help_text="Avec le formulaire d'inscription de ce site, le lien n'est pas publié : il "
        "est envoyé aux personnes inscrites.",
    )
    accessible_hearing = models.BooleanField("handicap auditif", default=False)
    accessible_visual = models.BooleanField("handicap visuel", default=False)
    accessible_motor = models.BooleanField("handicap moteur", default=False)
    accessible_intellectual = models.BooleanField("handicap intellectuel", default=False)
    accessible_psychic = models.BooleanField("handicap psychique", default=False)
    accessibility_details = models.TextField(
        "précisions sur l'accessibilité",
        blank=True,
        help_text="Boucle magnétique, interprétation en LSF, sous-titrage, accès de plain-pied, "
        "supports en FALC, salle calme…",
    )
    registration_mode = models.CharField(
        "inscription",
        max_length=20,
        choices=RegistrationMode.choices,
        default=RegistrationMode.NONE,
    )
    registration_url = models.URLField("lien d'inscription", blank=True)
    capacity = models.PositiveIntegerField(
        "nombre de places",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Au-delà, les inscriptions vont en liste d'attente.",
    )
    body = StreamField(BodyStreamBlock(), verbose_name="programme et détails", blank=True)
    follow_up = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="ce qu'il en reste",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Une fois l'événement passé, sa page y renvoie : l'enregistrement, le compte "
        "rendu ou l'actualité qui en fait le bilan.",
    )

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("event_type"), FieldPanel("collectivity")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldRowPanel([FieldPanel("status"), FieldPanel("status_note")]),
            ],
            heading="Dates et statut",
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendance_mode"),
                FieldPanel("place_name"),
                FieldPanel("address"),
                FieldPanel("online_url"),
            ],
            heading="Lieu",
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    content="Cochez les situations de handicap pour lesquelles "
                    "l'événement est adapté."
                ),
                FieldRowPanel(
                    [
                        FieldPanel("accessible_hearing"),
                        FieldPanel("accessible_visual"),
                        FieldPanel("accessible_motor"),
                    ]
                ),
                FieldRowPanel(
                    [FieldPanel("accessible_intellectual"), FieldPanel("accessible_psychic")]
                ),
                FieldPanel("accessibility_details"),
            ],
            heading="Accessibilité",
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_mode"),
                FieldPanel("registration_url"),
                FieldPanel("capacity"),
            ],
            heading="Inscription",
        ),
        *CoverImageMixin.cover_panels,
        FieldPanel("body"),
        FieldPanel("follow_up"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("place_name"),
        index.FilterField("start"),
        index.FilterField("end"),
        index.FilterField("event_type"),
        index.FilterField("collectivity"),
    ]

    api_fields = [
        APIField("event_type"),
        APIField("summary"),
        APIField("start"),
        APIField("end"),
        APIField("status"),
        APIField("status_note"),
        APIField("display_status", serializers.CharField()),
        APIField("attendance_mode"),
        APIField("place_name"),
        APIField("address"),
        APIField("collectivity", serializer=CollectivityField()),
        APIField("registration_mode"),
        APIField("registration_state", serializers.CharField()),
        APIField("places_left", serializers.IntegerField()),
        APIField("registration_url", serializers.CharField(source="external_registration_url")),
        APIField("body"),
    ]
    # What the fields above read, fetched with the API's listing (cms.api); the body on
    # the event's own address only (its blocks fetch their images one page at a time).
    api_select_related = ("collectivity",)
    api_detail_only_fields = ("body",)
    # ?collectivite=, ?statut= (the stored status), ?depuis=, ?jusqu_au= on the start.
    api_filters = [
        CollectivityFilter(),
        ChoiceFilter("status", EventStatus),
        DateFilter("start"),
    ]

    @classmethod
    def api_annotations(cls):
        return {"n_confirmed": confirmed_count_subquery()}

    template = "news/events/event_page.html"
    parent_page_types = ["news.EventIndexPage", "news.EventSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"
        # The agenda and the home page read the next events in date order: at 2,000
        # events, without it every page of the tree is scanned for three of them.
        indexes = [models.Index(fields=["start", "page_ptr"], name="news_event_start_idx")]

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "La fin doit être postérieure au début de l'événement."
        if self.attendance_mode in (AttendanceMode.IN_PERSON, AttendanceMode.MIXED) and not (
            self.place_name.strip() or self.address.strip()
        ):
            errors["place_name"] = (
                "Indiquez le lieu ou l'adresse : l'événement a lieu en présentiel."
            )
        if self.registration_mode == RegistrationMode.EXTERNAL and not self.registration_url:
            errors["registration_url"] = (
                "Indiquez le lien d'inscription, ou choisissez un autre mode d'inscription."
            )
        if self.registration_mode == RegistrationMode.FORM and not self.capacity:
            errors["capacity"] = (
                "Indiquez le nombre de places : les inscriptions suivantes iront en liste "
                "d'attente."
            )
        if self.status in (EventStatus.POSTPONED, EventStatus.CANCELLED) and not (
            self.status_note.strip()
        ):
            errors["status_note"] = "Expliquez le report ou l'annulation aux participants."
        if errors:
            raise ValidationError(errors)

    # Dates, in Paris time ----------------------------------------------------------------

    @property
    def local_start(self):
        return timezone.localtime(self.start, PARIS)

    @property
    def local_end(self):
        return timezone.localtime(self.end, PARIS)

    @property
    def is_multi_day(self):
        return self.local_start.date() != self.local_end.date()

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def has_started(self):
        return self.start <= timezone.now()

    # Status and registrations ------------------------------------------------------------

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED

    @property
    def uses_registration_form(self):
        return self.registration_mode == RegistrationMode.FORM

    @cached_property
    def confirmed_count(self):
        # Listings annotate `n_confirmed` so that a page of events costs one query.
        if hasattr(self, "n_confirmed"):
            return self.n_confirmed
        if not self.uses_registration_form:
            return 0
        return self.registrations.filter(status=EventRegistration.Status.CONFIRMED).count()

    @property
    def places_left(self):
        if not self.uses_registration_form or not self.capacity:
            return None
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def is_full(self):
        if self.status == EventStatus.FULL:
            return True
        return self.uses_registration_form and self.places_left == 0

    @property
    def display_status(self):
        """The status as people should read it: « Terminé » once past (unless cancelled or
        postponed), « Complet » once every place is taken."""
        if self.status in (EventStatus.SCHEDULED, EventStatus.FULL) and self.is_past:
            return PAST_STATUS
        if self.status == EventStatus.SCHEDULED and self.is_full:
            return EventStatus.FULL
        return self.status

    @property
    def display_status_label(self):
        if self.display_status == PAST_STATUS:
            return PAST_STATUS_LABEL
        return EventStatus(self.display_status).label

    @property
    def offers_calendar_links(self):
        return not (self.is_past or self.is_cancelled)

    @property
    def live_follow_up(self):
        """The page of what came of the event, once it is over and if it is published."""
        if self.is_past and self.follow_up_id and self.follow_up.live:
            return self.follow_up
        return None

    @property
    def registration_open(self):
        """Whether the site's form takes registrations (places or waiting list) now."""
        return (
            self.uses_registration_form
            and self.live
            and self.status in (EventStatus.SCHEDULED, EventStatus.FULL)
            and not self.has_started
        )

    @property
    def registration_closed_reason(self):
        if not self.uses_registration_form:
            return ""
        if self.status == EventStatus.CANCELLED:
            return "L'événement est annulé : les inscriptions sont fermées."
        if self.status == EventStatus.POSTPONED:
            return "L'événement est reporté : les inscriptions rouvriront avec la nouvelle date."
        if self.has_started:
            return "L'événement a commencé : les inscriptions sont closes."
        return ""

    @property
    def registration_state(self):
        """Whether one can register now: ouvertes, complet (the site's form takes a
        waiting list), fermees (cancelled, postponed or started), aucune."""
        if self.registration_mode == RegistrationMode.NONE:
            return RegistrationState.NONE
        if self.status in (EventStatus.CANCELLED, EventStatus.POSTPONED) or self.has_started:
            return RegistrationState.CLOSED
        if self.is_full:
            return RegistrationState.FULL
        return RegistrationState.OPEN

    @property
    def external_registration_url(self):
        """The organiser's registration page, as the event page links it; else null."""
        if self.registration_mode == RegistrationMode.EXTERNAL:
            return self.registration_url or None
        return None

    @property
    def accessibility_labels(self):
        return [label for field, label in ACCESSIBILITY_FIELDS if getattr(self, field)]

    @property
    def shows_online_url(self):
        return bool(self.online_url) and not self.uses_registration_form

    # Routes -------------------------------------------------------------------------------

    @path("", name="event")
    def event_view(self, request):
        return event_page(self, request)

    @path("ical/", name="ical")
    def ical(self, request):
        return event_ical(self, request)

    @path("inscription/annuler/<uuid:token>/", name="cancel_registration")
    def cancel_registration(self, request, token):
        return cancel_registration(self, request, token)

    def route_url(self, name, **kwargs):
        return self.url + self.reverse_subpage(name, kwargs=kwargs).lstrip("/")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["event_index"] = EventIndexPage.objects.live().ancestor_of(self).first()
        context.update(event_page_context(self, request))
        return context
