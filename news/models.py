"""News, post-jury announcements, events, trainings and calls for candidates.

Views behind the routes (feeds, iCal, registrations) live in news/views.py; listings in
news/listing.py. Both import these models, so the page methods import them lazily.
"""

import uuid
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Site
from wagtail.search import index

from cms.blocks import BodyStreamBlock
from cms.forms import HoneypotFormPageMixin
from cms.models import BasePage, SiteSettings
from cms.pages import CollectivitySectionMixin

from .blocks import CallCalendarBlock, TrainingProgrammeBlock
from .page_forms import (
    CallForCandidatesAdminForm,
    CallForCandidatesFormBuilder,
    CollectivityLockedPageForm,
    fixed_call_data_fields,
)

PARIS = ZoneInfo("Europe/Paris")
SHORT_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def section_collectivity_id(page):
    """The collectivité of the section a page sits in, or None for EMI's own content."""
    if not page.path or page.depth is None or page.depth < 2:
        return None
    parent = page.get_parent()
    if parent is None:
        return None
    parent_class = parent.specific_class
    if parent_class is None or not issubclass(parent_class, CollectivitySectionMixin):
        return None
    return parent_class.objects.filter(pk=parent.pk).values_list("collectivity_id", flat=True)[0]


class CollectivityFromSectionMixin:
    """Pages whose collectivité is the one of their section (EMI's own: editor's choice)."""

    base_form_class = CollectivityLockedPageForm

    def save(self, *args, **kwargs):
        collectivity_id = section_collectivity_id(self)
        if collectivity_id is not None:
            self.collectivity_id = collectivity_id
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "collectivity" not in update_fields:
                kwargs["update_fields"] = list(update_fields) + ["collectivity"]
        return super().save(*args, **kwargs)


# --- News -------------------------------------------------------------------------------


class NewsIndexPage(RoutablePageMixin, BasePage):
    """/actualites/ — EMI's own news sit directly under it, collectivités' in sections."""

    introduction = models.TextField("introduction", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]

    search_fields = BasePage.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsSectionPage", "news.NewsPage", "news.PostJuryAnnouncementPage"]
    max_count = 1

    class Meta:
        verbose_name = "index des actualités"

    def get_context(self, request, *args, **kwargs):
        from .listing import news_listing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(news_listing_context(request, self))
        return context

    @path("rss/", name="rss")
    def rss_feed(self, request):
        from .feeds import NewsRssFeed

        return NewsRssFeed(self)(request)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        from .feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)

    def feed_urls(self):
        return {
            "rss": self.url + self.reverse_subpage("rss").lstrip("/"),
            "atom": self.url + self.reverse_subpage("atom").lstrip("/"),
        }


class NewsSectionPage(CollectivitySectionMixin, BasePage):
    """/actualites/<collectivité>/"""

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = ["news.NewsPage", "news.PostJuryAnnouncementPage"]

    class Meta:
        verbose_name = "actualités d'une collectivité"
        verbose_name_plural = "actualités des collectivités"

    def get_context(self, request, *args, **kwargs):
        from .listing import news_listing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(news_listing_context(request, self, section=self))
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(CollectivityFromSectionMixin, BasePage):
    KIND_SLUG = "actualite"
    KIND_LABEL = "Actualité"

    date = models.DateField("date", default=timezone.localdate)
    summary = models.TextField(
        "résumé",
        max_length=300,
        validators=[MaxLengthValidator(300)],
        help_text="300 caractères au plus : repris dans les listes, les flux et les moteurs "
        "de recherche.",
    )
    image = models.ForeignKey(
        "cms.CustomImage",
        verbose_name="image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    collectivity = models.ForeignKey(
        "cms.Collectivity",
        verbose_name="collectivité",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Laissée vide, l'actualité est celle de l'EMI. Dans l'espace d'une "
        "collectivité, c'est toujours celle de l'espace.",
    )
    tags = ClusterTaggableManager(
        through=NewsPageTag,
        verbose_name="thématiques",
        blank=True,
        help_text="Par exemple : expérience usager, expérience agent, services écoresponsables, "
        "mesure d'impact.",
    )
    body = StreamField(BodyStreamBlock(), verbose_name="contenu", blank=True)

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("collectivity")]),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("tags"),
        FieldPanel("body"),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.FilterField("collectivity"),
    ]

    api_fields = [
        APIField("date"),
        APIField("summary"),
        APIField("collectivity"),
        APIField("tags"),
        APIField("body"),
    ]

    parent_page_types = ["news.NewsIndexPage", "news.NewsSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = "actualité"
        verbose_name_plural = "actualités"

    @property
    def meta_description(self):
        return self.search_description or self.summary

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        index_page = NewsIndexPage.objects.live().ancestor_of(self).first()
        context["news_index"] = index_page
        context["themes"] = list(self.tags.all())
        return context


class PostJuryAnnouncementPage(NewsPage):
    """« The topics the jury of cohort N retained »: news that calls for new projects.

    A kind of news (it is listed, filtered and syndicated with the others), with the
    cohort, the jury date, the topics retained (each linked to its project page), the
    topics not retained (with the reason when given) and a call to action.
    """

    KIND_SLUG = "post-jury"
    KIND_LABEL = "Sujets retenus par le jury"

    cohort = models.ForeignKey(
        "projects.Cohort",
        verbose_name="promotion",
        on_delete=models.PROTECT,
        related_name="post_jury_announcements",
    )
    jury_date = models.DateField(
        "date du jury",
        null=True,
        blank=True,
        help_text="Laissée vide : la date du jury de la promotion.",
    )
    call_to_action = RichTextField(
        "appel à l'action",
        blank=True,
        features=SHORT_TEXT_FEATURES,
        default="<p>Votre service a un problème que ces projets vous inspirent ? Proposez un "
        "sujet pour la prochaine promotion, ou candidatez pour le porter vous-même.</p>",
        help_text="Affiché en fin de page, avec les liens vers « Proposer un sujet » et les "
        "appels à candidatures ouverts.",
    )

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("cohort"), FieldPanel("jury_date")]),
        FieldRowPanel([FieldPanel("date"), FieldPanel("collectivity")]),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("tags"),
        FieldPanel("body"),
        InlinePanel("retained_topics", label="Sujet retenu", min_num=1),
        InlinePanel("declined_topics", label="Sujet non retenu"),
        FieldPanel("call_to_action"),
    ]

    parent_page_types = ["news.NewsIndexPage", "news.NewsSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = "annonce des sujets retenus par le jury"
        verbose_name_plural = "annonces des sujets retenus par le jury"

    def clean(self):
        super().clean()
        if not self.jury_date and self.cohort_id and not self.cohort.jury_date:
            raise ValidationError(
                {"jury_date": "La promotion n'a pas de date de jury : indiquez-la ici."}
            )

    @property
    def effective_jury_date(self):
        return self.jury_date or (self.cohort.jury_date if self.cohort_id else None)

    def get_context(self, request, *args, **kwargs):
        from projects.models import ProjectPage

        context = super().get_context(request, *args, **kwargs)
        retained = list(
            self.retained_topics.select_related("project", "project__collectivity").order_by(
                "sort_order"
            )
        )
        declined = list(self.declined_topics.select_related("project").order_by("sort_order"))
        linked_ids = {t.project_id for t in retained + declined if t.project_id}
        public_ids = set(
            ProjectPage.objects.live()
            .public()
            .filter(pk__in=linked_ids)
            .values_list("pk", flat=True)
        )
        for topic in retained + declined:
            topic.public_project = topic.project if topic.project_id in public_ids else None
        site = Site.find_for_request(request)
        calls = CallForCandidatesPage.objects.live().public().in_site(site)
        context.update(
            {
                "retained": retained,
                "declined": declined,
                "topic_proposal_page": TopicProposalPage.objects.live()
                .public()
                .in_site(site)
                .first(),
                "open_calls": [call for call in calls.order_by("closing_date") if call.is_open],
                "training_index": TrainingIndexPage.objects.live().public().in_site(site).first(),
            }
        )
        return context


class PostJuryRetainedTopic(Orderable):
    page = ParentalKey(
        PostJuryAnnouncementPage, on_delete=models.CASCADE, related_name="retained_topics"
    )
    project = models.ForeignKey(
        "projects.ProjectPage",
        verbose_name="projet",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    jury_comment = models.TextField(
        "ce que le jury en retient",
        blank=True,
        help_text="Facultatif : une ou deux phrases sur ce qui a convaincu le jury.",
    )

    panels = [FieldPanel("project"), FieldPanel("jury_comment")]

    class Meta(Orderable.Meta):
        verbose_name = "sujet retenu"
        verbose_name_plural = "sujets retenus"


class PostJuryDeclinedTopic(Orderable):
    page = ParentalKey(
        PostJuryAnnouncementPage, on_delete=models.CASCADE, related_name="declined_topics"
    )
    title = models.CharField("sujet", max_length=255)
    service = models.CharField(
        "service ou collectivité qui le proposait", max_length=200, blank=True
    )
    reason = models.TextField(
        "raison",
        blank=True,
        help_text="Si elle peut être communiquée : pourquoi le jury ne l'a pas retenu.",
    )
    project = models.ForeignKey(
        "projects.ProjectPage",
        verbose_name="page du projet (facultatif)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("service"),
        FieldPanel("reason"),
        FieldPanel("project"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "sujet non retenu"
        verbose_name_plural = "sujets non retenus"


# --- Events -----------------------------------------------------------------------------


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


class RegistrationMode(models.TextChoices):
    NONE = "aucune", "Sans inscription"
    EXTERNAL = "externe", "Inscription sur un autre site"
    FORM = "formulaire", "Formulaire d'inscription de ce site"


ACCESSIBILITY_FIELDS = [
    ("accessible_hearing", "Handicap auditif"),
    ("accessible_visual", "Handicap visuel"),
    ("accessible_motor", "Handicap moteur"),
    ("accessible_intellectual", "Handicap intellectuel"),
    ("accessible_psychic", "Handicap psychique"),
]


class EventIndexPage(RoutablePageMixin, BasePage):
    """/agenda/ — upcoming events first; /agenda/archives/ and the iCal feed /agenda/ical/."""

    introduction = models.TextField("introduction", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction")]

    search_fields = BasePage.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.EventSectionPage", "news.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = "agenda"

    @path("", name="upcoming")
    def upcoming(self, request):
        from .listing import event_listing_context

        return self.render(request, context_overrides=event_listing_context(request, self))

    @path("archives/", name="archives")
    def archives(self, request):
        from .listing import event_listing_context

        return self.render(
            request, context_overrides=event_listing_context(request, self, past=True)
        )

    @path("ical/", name="ical")
    def ical_feed(self, request):
        from .views import event_index_ical

        return event_index_ical(self, request)

    def route_url(self, name):
        return self.url + self.reverse_subpage(name).lstrip("/")

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        if urls:
            urls.append({"location": self.get_full_url(request) + "archives/"})
        return urls


class EventSectionPage(CollectivitySectionMixin, BasePage):
    """/agenda/<collectivité>/"""

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["news.EventIndexPage"]
    subpage_types = ["news.EventPage"]

    class Meta:
        verbose_name = "agenda d'une collectivité"
        verbose_name_plural = "agendas des collectivités"

    def get_context(self, request, *args, **kwargs):
        from .listing import event_listing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_listing_context(request, self, section=self))
        return context


class EventPage(RoutablePageMixin, CollectivityFromSectionMixin, BasePage):
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
    image = models.ForeignKey(
        "cms.CustomImage",
        verbose_name="image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
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
        FieldPanel("image"),
        FieldPanel("body"),
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
        APIField("attendance_mode"),
        APIField("place_name"),
        APIField("address"),
        APIField("collectivity"),
        APIField("registration_mode"),
    ]

    parent_page_types = ["news.EventIndexPage", "news.EventSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = "événement"
        verbose_name_plural = "événements"

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
        """The status as people should read it: « Complet » once every place is taken."""
        if self.status == EventStatus.SCHEDULED and self.is_full:
            return EventStatus.FULL
        return self.status

    @property
    def display_status_label(self):
        return EventStatus(self.display_status).label

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
    def accessibility_labels(self):
        return [label for field, label in ACCESSIBILITY_FIELDS if getattr(self, field)]

    @property
    def shows_online_url(self):
        return bool(self.online_url) and not self.uses_registration_form

    @property
    def meta_description(self):
        return self.search_description or self.summary

    # Routes -------------------------------------------------------------------------------

    @path("", name="event")
    def event_view(self, request):
        from .views import event_page

        return event_page(self, request)

    @path("ical/", name="ical")
    def ical(self, request):
        from .views import event_ical

        return event_ical(self, request)

    @path("inscription/annuler/<uuid:token>/", name="cancel_registration")
    def cancel_registration(self, request, token):
        from .views import cancel_registration

        return cancel_registration(self, request, token)

    def route_url(self, name, **kwargs):
        return self.url + self.reverse_subpage(name, kwargs=kwargs).lstrip("/")

    def get_context(self, request, *args, **kwargs):
        from .views import event_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_page_context(self, request))
        return context


class EventRegistration(models.Model):
    """Someone registered to an event through the site's form (personal data, purged)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmee", "Inscription confirmée"
        WAITING = "attente", "Liste d'attente"
        CANCELLED = "annulee", "Annulée"

    event = models.ForeignKey(
        EventPage,
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
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~models.Q(status="annulee"),
                name="news_registration_one_active_per_email",
                violation_error_message="Cette adresse est déjà inscrite à cet événement.",
            )
        ]

    def __str__(self):
        return f"{self.name} — {self.event.title}"

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
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


# --- Trainings, calls for candidates, topic proposals -----------------------------------


class TrainingKind(models.TextChoices):
    DISCOVERY = "decouverte", "Découverte"
    SHORT = "courte", "Courte"
    LONG = "longue", "Longue"


class TrainingIndexPage(BasePage):
    """/formations/ — the three trainings, their open calls, the topic proposal form."""

    introduction = models.TextField("introduction", blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name="contenu", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]

    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.TrainingPage", "news.TopicProposalPage"]
    max_count = 1

    class Meta:
        verbose_name = "index des formations"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        trainings = list(
            TrainingPage.objects.live().public().child_of(self).select_related("image")
        )
        calls = CallForCandidatesPage.objects.live().public().descendant_of(self)
        context["trainings"] = trainings
        context["open_calls"] = [call for call in calls.order_by("closing_date") if call.is_open]
        context["topic_proposal_page"] = (
            TopicProposalPage.objects.live().public().child_of(self).first()
        )
        return context


class TrainingPage(BasePage):
    """One of the three trainings (Découverte, Courte, Longue)."""

    kind = models.CharField("formation", max_length=20, choices=TrainingKind.choices)
    summary = models.TextField("en bref", max_length=300, validators=[MaxLengthValidator(300)])
    duration = models.CharField("durée", max_length=120)
    learning_format = models.CharField("format", max_length=200)
    audience = models.TextField("public", blank=True)
    image = models.ForeignKey(
        "cms.CustomImage",
        verbose_name="image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    programme = StreamField(TrainingProgrammeBlock(), verbose_name="programme", blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name="contenu", blank=True)

    content_panels = BasePage.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("duration"), FieldPanel("learning_format")]),
        FieldPanel("audience"),
        FieldPanel("image"),
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

    parent_page_types = ["news.TrainingIndexPage"]
    subpage_types = ["news.CallForCandidatesPage"]

    class Meta:
        verbose_name = "formation"
        verbose_name_plural = "formations"

    @property
    def meta_description(self):
        return self.search_description or self.summary

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        calls = list(
            CallForCandidatesPage.objects.live().public().child_of(self).order_by("-closing_date")
        )
        context["open_calls"] = [call for call in calls if call.is_open]
        context["upcoming_calls"] = [call for call in calls if call.state == call.STATE_UPCOMING]
        context["topic_proposal_page"] = (
            TopicProposalPage.objects.live().public().sibling_of(self, inclusive=False).first()
        )
        return context


class CallForCandidatesFormField(AbstractFormField):
    """A question editors add to the fixed ones of a call's application form."""

    page = ParentalKey(
        "news.CallForCandidatesPage", on_delete=models.CASCADE, related_name="form_fields"
    )


class CallForCandidatesPage(HoneypotFormPageMixin, AbstractEmailForm, BasePage):
    """A call for candidates under a training, with its application form.

    The form always asks for name, email, collectivité, function and motivation (defined
    in news/forms.py, so editors cannot remove them); editors add questions of their own.
    Applications are taken from the opening date (00:00) to the closing date included
    (23:59:59), Paris time.
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
        from .emails import send_application_confirmation

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
        from .views import topic_proposal_page

        return topic_proposal_page(self, request)


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
