"""The alumni network: profiles with per-field privacy, mentoring, clubs and stories.

A member is a user with an active AlumniProfile, in the group "Alumni" (alumni.setup).
Alumni never enter the Wagtail admin: they use /alumni/ on the public site.

Every personal field of a profile has a visibility chosen by its owner (hidden, members,
public); what a viewer may see is decided in one place, alumni.privacy. A profile is
listed at all only once its owner gave their consent, and publicly only if they ticked
"fiche publique".
"""

import html
import re

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable
from wagtail.search import index

from cms.blocks import BodyStreamBlock
from cms.models import BasePage

# Rich text an alumnus may use in a story: paragraphs, lists, links, emphasis.
STORY_FEATURES = ["bold", "italic", "link", "ol", "ul"]
CLUB_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]

# Paths of alumni/urls.py under /alumni/: no page may take them as its slug.
ALUMNI_ROUTE_SLUGS = frozenset(
    {
        "connexion",
        "deconnexion",
        "mot-de-passe-oublie",
        "mot-de-passe",
        "activer",
        "mon-profil",
        "annuaire",
        "parrains",
    }
)
STORY_ROUTE_SLUGS = frozenset({"proposer"})


def _ascii_slug(text, fallback):
    """ "Transition écologique" → "transition-ecologique"; apostrophes separate words."""
    return slugify(re.sub(r"[’']", "-", text or "")).strip("-") or fallback


# --- Themes and skills -----------------------------------------------------------------


class AlumniTheme(TagBase):
    """A theme or skill of the alumni network (its own vocabulary)."""

    class Meta:
        verbose_name = "thème ou compétence"
        verbose_name_plural = "thèmes et compétences"
        ordering = ["name"]

    def slugify(self, tag, i=None):
        slug = _ascii_slug(tag, "theme")
        return f"{slug}-{i}" if i is not None else slug


class AlumniProfileTheme(ItemBase):
    """The themes and skills a profile lists (through model of AlumniProfile.themes)."""

    tag = models.ForeignKey(AlumniTheme, on_delete=models.CASCADE, related_name="profile_items")
    content_object = models.ForeignKey(
        "alumni.AlumniProfile", on_delete=models.CASCADE, related_name="theme_items"
    )

    class Meta:
        verbose_name = "thème d'un profil"
        verbose_name_plural = "thèmes des profils"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="alumni_unique_theme_per_profile"
            )
        ]


class MentorTheme(ItemBase):
    """The themes on which a mentor offers help (through model of mentor_themes)."""

    tag = models.ForeignKey(AlumniTheme, on_delete=models.CASCADE, related_name="mentor_items")
    content_object = models.ForeignKey(
        "alumni.AlumniProfile", on_delete=models.CASCADE, related_name="mentor_theme_items"
    )

    class Meta:
        verbose_name = "thème de parrainage"
        verbose_name_plural = "thèmes de parrainage"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="alumni_unique_mentor_theme_per_profile"
            )
        ]


# --- Profiles --------------------------------------------------------------------------


class Visibility(models.TextChoices):
    """Who may see one field of a profile. Values are stored; labels are the choices."""

    HIDDEN = "masque", "Moi seul·e"
    MEMBERS = "membres", "Les membres du réseau"
    PUBLIC = "public", "Tout le monde (fiche publique)"


# The fields whose visibility the owner chooses, in the order of the profile form:
# (field, label, default visibility).
PRIVATE_FIELDS = [
    ("job_title", "Fonction", Visibility.MEMBERS),
    ("collectivity", "Collectivité", Visibility.MEMBERS),
    ("cohort", "Promotion", Visibility.MEMBERS),
    ("projects", "Projets", Visibility.MEMBERS),
    ("themes", "Thèmes et compétences", Visibility.MEMBERS),
    ("bio", "Présentation", Visibility.MEMBERS),
    ("email", "Adresse électronique", Visibility.MEMBERS),
    ("phone", "Téléphone", Visibility.HIDDEN),
    ("linkedin_url", "LinkedIn", Visibility.MEMBERS),
]
PRIVATE_FIELD_NAMES = [name for name, _label, _default in PRIVATE_FIELDS]


def visibility_field_name(field_name):
    return f"{field_name}_visibility"


def _visibility_field(label, default):
    return models.CharField(
        f"visibilité : {label.lower()}",
        max_length=10,
        choices=Visibility.choices,
        default=default,
    )


class AlumniProfileQuerySet(models.QuerySet):
    def members(self):
        """Active profiles whose account is in the group Alumni."""
        from .setup import ALUMNI_GROUP_NAME

        return self.filter(
            is_active=True, user__is_active=True, user__groups__name=ALUMNI_GROUP_NAME
        )

    def listed(self):
        """Members who consented to the directory: the only profiles anyone else sees."""
        return self.members().filter(consent_at__isnull=False)

    def public(self):
        return self.listed().filter(public_listing=True)


class AlumniProfile(models.Model):
    """An alumnus ("emien"): who they are, what they share and with whom."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.CASCADE,
        related_name="alumni_profile",
    )
    is_active = models.BooleanField(
        "membre actif",
        default=True,
        help_text="Décochez pour retirer l'accès au réseau sans effacer le profil.",
    )
    first_name = models.CharField("prénom", max_length=80)
    last_name = models.CharField("nom", max_length=80)
    slug = models.SlugField("identifiant dans les adresses", max_length=120, unique=True)

    job_title = models.CharField("fonction", max_length=150, blank=True)
    collectivity = models.ForeignKey(
        "cms.Collectivity",
        verbose_name="collectivité",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alumni",
    )
    cohort = models.ForeignKey(
        "projects.Cohort",
        verbose_name="promotion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alumni",
    )
    projects = models.ManyToManyField(
        "projects.ProjectPage",
        verbose_name="projets",
        blank=True,
        related_name="alumni_profiles",
    )
    themes = TaggableManager(
        verbose_name="thèmes et compétences",
        through=AlumniProfileTheme,
        blank=True,
        related_name="profiles",
        help_text="Séparés par des virgules : design de service, mesure d'impact…",
    )
    bio = models.TextField("présentation", max_length=1000, blank=True)
    email = models.EmailField("adresse électronique de contact", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    linkedin_url = models.URLField("profil LinkedIn", blank=True)

    job_title_visibility = _visibility_field("Fonction", Visibility.MEMBERS)
    collectivity_visibility = _visibility_field("Collectivité", Visibility.MEMBERS)
    cohort_visibility = _visibility_field("Promotion", Visibility.MEMBERS)
    projects_visibility = _visibility_field("Projets", Visibility.MEMBERS)
    themes_visibility = _visibility_field("Thèmes et compétences", Visibility.MEMBERS)
    bio_visibility = _visibility_field("Présentation", Visibility.MEMBERS)
    email_visibility = _visibility_field("Adresse électronique", Visibility.MEMBERS)
    phone_visibility = _visibility_field("Téléphone", Visibility.HIDDEN)
    linkedin_url_visibility = _visibility_field("LinkedIn", Visibility.MEMBERS)
    public_listing = models.BooleanField(
        "fiche publique",
        default=False,
        help_text="La fiche figure dans l'annuaire public, avec les seuls champs "
        "marqués « Tout le monde ».",
    )

    is_mentor = models.BooleanField("disponible comme parrain ou marraine", default=False)
    mentor_themes = TaggableManager(
        verbose_name="thèmes de parrainage",
        through=MentorTheme,
        blank=True,
        related_name="mentors",
        help_text="Séparés par des virgules.",
    )
    mentor_capacity = models.PositiveSmallIntegerField(
        "demandes acceptées par mois",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    mentor_paused = models.BooleanField(
        "parrainage en pause",
        default=False,
        help_text="Vous restez parrain ou marraine, mais ne recevez plus de demandes.",
    )

    consent_at = models.DateTimeField("accord donné le", null=True, blank=True, editable=False)
    consent_version = models.CharField(
        "version du texte accepté", max_length=20, blank=True, editable=False
    )
    profile_updated_at = models.DateTimeField(
        "profil mis à jour le", default=timezone.now, editable=False
    )
    reminder_sent_at = models.DateTimeField(
        "dernier rappel de mise à jour", null=True, blank=True, editable=False
    )
    invited_at = models.DateTimeField("invité le", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("créé le", default=timezone.now, editable=False)

    objects = AlumniProfileQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
                FieldPanel("is_active"),
                FieldPanel("job_title"),
                FieldRowPanel([FieldPanel("collectivity"), FieldPanel("cohort")]),
                FieldPanel("projects"),
                FieldPanel("themes"),
                FieldPanel("bio"),
            ],
            heading="Profil",
        ),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone"), FieldPanel("linkedin_url")],
            heading="Coordonnées",
        ),
        MultiFieldPanel(
            [FieldPanel("public_listing")]
            + [FieldPanel(visibility_field_name(name)) for name in PRIVATE_FIELD_NAMES],
            heading="Confidentialité (choisie par la personne)",
        ),
        MultiFieldPanel(
            [
                FieldPanel("is_mentor"),
                FieldPanel("mentor_themes"),
                FieldRowPanel([FieldPanel("mentor_capacity"), FieldPanel("mentor_paused")]),
            ],
            heading="Parrainage",
        ),
    ]

    class Meta:
        verbose_name = "profil d'alumni"
        verbose_name_plural = "profils d'alumni"
        ordering = ["last_name", "first_name", "pk"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        if not self.slug or self._name_changed():
            self.slug = self._available_slug()
        super().save(*args, **kwargs)

    @property
    @admin.display(description="nom")
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def contact_email(self):
        """Where to write to this person: the contact address, else the account's."""
        return self.email or (self.user.email if self.user_id else "")

    @property
    def has_consented(self):
        return self.consent_at is not None

    @property
    def is_available_mentor(self):
        return self.is_mentor and not self.mentor_paused

    def visibility_of(self, field_name):
        return getattr(self, visibility_field_name(field_name))

    def clean(self):
        super().clean()
        if self.phone and not re.fullmatch(r"[0-9+().\s-]{6,30}", self.phone):
            raise ValidationError(
                {"phone": "Saisissez un numéro de téléphone (chiffres, espaces, + et tirets)."}
            )
        if self.linkedin_url and "linkedin.com/" not in self.linkedin_url.lower():
            raise ValidationError(
                {
                    "linkedin_url": "Saisissez l'adresse de votre profil LinkedIn "
                    "(https://www.linkedin.com/in/…)."
                }
            )

    def _name_changed(self):
        if not self.pk:
            return False
        previous = (
            AlumniProfile.objects.filter(pk=self.pk).values_list("first_name", "last_name").first()
        )
        return previous is not None and previous != (self.first_name, self.last_name)

    def _available_slug(self):
        base = _ascii_slug(self.full_name, "alumni")[:100]
        slug, number = base, 1
        others = AlumniProfile.objects.exclude(pk=self.pk) if self.pk else AlumniProfile.objects
        while others.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug


# --- Mentoring -------------------------------------------------------------------------


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


# --- Pages -----------------------------------------------------------------------------


class AlumniIndexPage(BasePage):
    """/alumni/ — the network's home: stories, clubs, mentors and the directory."""

    intro = models.TextField(
        "introduction", help_text="Ce que le réseau des alumni apporte, en deux phrases."
    )
    body = StreamField(BodyStreamBlock(), verbose_name="contenu", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["alumni.StoryIndexPage", "alumni.ClubIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "accueil des alumni"

    def get_context(self, request, *args, **kwargs):
        from .pages import alumni_home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(alumni_home_context(self, request))
        return context


class AlumniSectionMixin:
    """Children of /alumni/ never take the address of one of its routes."""

    def clean(self):
        super().clean()
        if self.slug in ALUMNI_ROUTE_SLUGS:
            raise ValidationError(
                {
                    "slug": f"« {self.slug} » est réservé à une page du réseau des alumni ; "
                    "choisissez un autre identifiant."
                }
            )


class StoryIndexPage(AlumniSectionMixin, BasePage):
    """/alumni/temoignages/ — published stories; alumni propose theirs from here."""

    intro = models.TextField("introduction", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["alumni.AlumniIndexPage"]
    subpage_types = ["alumni.StoryPage"]
    max_count = 1

    class Meta:
        verbose_name = "index des témoignages"

    def get_context(self, request, *args, **kwargs):
        from .pages import story_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(story_index_context(self, request))
        return context


class StoryPage(BasePage):
    """A story told by an alumnus, published once a moderator approved it."""

    author = models.ForeignKey(
        AlumniProfile,
        verbose_name="auteur ou autrice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    by_former_member = models.BooleanField(
        "signé « ancien membre »",
        default=False,
        help_text="L'auteur a supprimé son compte et choisi de laisser ce témoignage en "
        "ligne, sans son nom.",
    )
    body = RichTextField("témoignage", features=STORY_FEATURES)
    related_project = models.ForeignKey(
        "projects.ProjectPage",
        verbose_name="projet lié",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image = models.ForeignKey(
        "cms.CustomImage",
        verbose_name="image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publication_consent_at = models.DateTimeField(
        "accord de publication donné le", null=True, blank=True
    )
    publication_consent_version = models.CharField(
        "version du texte d'accord", max_length=20, blank=True
    )
    created_at = models.DateTimeField("proposé le", default=timezone.now)

    content_panels = BasePage.content_panels + [
        FieldPanel("author"),
        FieldPanel("body"),
        PageChooserPanel("related_project", page_type="projects.ProjectPage"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("publication_consent_at", read_only=True),
                FieldPanel("publication_consent_version", read_only=True),
                FieldPanel("by_former_member", read_only=True),
            ],
            heading="Accord de l'auteur",
        ),
    ]

    search_fields = BasePage.search_fields + [index.SearchField("body")]

    api_fields = [
        APIField("body"),
        APIField("related_project"),
        # A rendition: originals are private and the images endpoint is gone (cms.api).
        APIField("image", serializer=ImageRenditionField("max-960x640")),
    ]

    parent_page_types = ["alumni.StoryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "témoignage"
        verbose_name_plural = "témoignages"

    def clean(self):
        super().clean()
        if self.slug in STORY_ROUTE_SLUGS:
            raise ValidationError(
                {"slug": f"« {self.slug} » est réservé : choisissez un autre identifiant."}
            )
        if self.image_id and not self.image.is_decorative and not self.image.alt_text.strip():
            raise ValidationError(
                {
                    "image": "Cette image n'a pas de texte alternatif : complétez-le dans la "
                    "médiathèque ou choisissez une autre image."
                }
            )

    @property
    def excerpt(self):
        """The text without markup, for listings (paragraphs separated by a space)."""
        text = re.sub(r"</(p|li)>", " ", self.body or "")
        return " ".join(html.unescape(strip_tags(text)).split())

    @property
    def signature(self):
        if self.author_id:
            return self.author.full_name
        if self.by_former_member:
            return "Ancien membre du réseau"
        return ""

    def get_context(self, request, *args, **kwargs):
        from .pages import story_context

        context = super().get_context(request, *args, **kwargs)
        context.update(story_context(self, request))
        return context


class ClubIndexPage(AlumniSectionMixin, BasePage):
    """/alumni/clubs/ — the thematic clubs."""

    intro = models.TextField("introduction", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["alumni.AlumniIndexPage"]
    subpage_types = ["alumni.ClubPage"]
    max_count = 1

    class Meta:
        verbose_name = "index des clubs"

    def get_context(self, request, *args, **kwargs):
        from .pages import club_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(club_index_context(self, request))
        return context


class ClubPage(BasePage):
    """A thematic club: its coordinators, members, and its sessions in the agenda."""

    theme = models.CharField(
        "thème", max_length=120, help_text="Par exemple : transition écologique."
    )
    summary = models.CharField(
        "résumé", max_length=300, help_text="Une ou deux phrases, reprises dans la liste."
    )
    description = RichTextField("description", features=CLUB_FEATURES, blank=True)
    coordinators = ParentalManyToManyField(
        AlumniProfile,
        verbose_name="coordinateurs et coordinatrices",
        blank=True,
        related_name="coordinated_clubs",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("theme"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("coordinators"),
        InlinePanel(
            "event_links",
            heading="Séances dans l'agenda",
            label="Événement",
            help_text="Les événements de l'agenda qui concernent ce club ; seuls ceux à "
            "venir sont affichés.",
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("theme"),
        index.SearchField("summary"),
        index.SearchField("description"),
    ]

    api_fields = [APIField("theme"), APIField("summary"), APIField("description")]

    parent_page_types = ["alumni.ClubIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "club"
        verbose_name_plural = "clubs"

    @property
    def meta_description(self):
        return self.search_description or self.summary

    def get_context(self, request, *args, **kwargs):
        from .pages import club_context

        context = super().get_context(request, *args, **kwargs)
        context.update(club_context(self, request))
        return context


class ClubEventLink(Orderable):
    """An agenda event chosen for a club (the agenda itself lives in the news app)."""

    page = ParentalKey(ClubPage, on_delete=models.CASCADE, related_name="event_links")
    event = models.ForeignKey(
        "news.EventPage", verbose_name="événement", on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("event", page_type="news.EventPage")]

    class Meta(Orderable.Meta):
        verbose_name = "séance du club"
        verbose_name_plural = "séances du club"


class ClubMembership(models.Model):
    """A member joined a club (kept outside the page's revisions)."""

    club = models.ForeignKey(
        ClubPage, verbose_name="club", on_delete=models.CASCADE, related_name="memberships"
    )
    profile = models.ForeignKey(
        AlumniProfile,
        verbose_name="membre",
        on_delete=models.CASCADE,
        related_name="club_memberships",
    )
    joined_at = models.DateTimeField("inscrit le", default=timezone.now)

    class Meta:
        verbose_name = "adhésion à un club"
        verbose_name_plural = "adhésions aux clubs"
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["club", "profile"], name="alumni_one_membership")
        ]

    def __str__(self):
        return f"{self.profile} — {self.club.title}"


# The resource library (/ressources/) has its own module; imported here so that Django
# finds its models.
from .resource_models import (  # noqa: E402
    Audience,
    ResourceFile,
    ResourceIndexPage,
    ResourcePage,
    ResourceProjectLink,
    ResourceThemeTag,
    ResourceType,
    TrainingModule,
)

__all__ = [
    "Audience",
    "ResourceFile",
    "ResourceIndexPage",
    "ResourcePage",
    "ResourceProjectLink",
    "ResourceThemeTag",
    "ResourceType",
    "TrainingModule",
]
