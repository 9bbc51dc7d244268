"""Alumni profiles: who a member is, with a visibility per personal field.

A member is a user with an active AlumniProfile, in the group "Alumni" (alumni.setup).
Alumni never enter the Wagtail admin: they use /alumni/ on the public site.

Every personal field of a profile has a visibility chosen by its owner (hidden, members,
public); what a viewer may see is decided in one place, alumni.privacy. A profile is
listed at all only once its owner gave their consent, and publicly only if they ticked
"fiche publique".
"""

import re

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from ..setup import ALUMNI_GROUP_NAME
from ..themes import theme_key


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

    def clean(self):
        super().clean()
        key = theme_key(self.name or "")
        for other in AlumniTheme.objects.exclude(pk=self.pk).only("name"):
            if theme_key(other.name) == key:
                raise ValidationError(
                    {"name": f"Ce thème figure déjà dans la liste : « {other.name} »."}
                )


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


def profile_themes_prefetch(lookup="theme_items"):
    """Profiles' themes (`theme_items`), with the themes themselves, in one query."""
    return models.Prefetch(lookup, queryset=AlumniProfileTheme.objects.select_related("tag"))
