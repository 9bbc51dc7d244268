"""What a viewer may see of a profile: the one place where visibility is decided.

Three kinds of viewer: the owner (everything), a member (fields open to members or to
everyone, on profiles whose owner consented to the directory), anyone else (fields open
to everyone, on profiles their owner made public). Templates never read a profile
directly: they get a ProfileCard holding only what the viewer may see, so a template
cannot leak a field by mistake.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.urls import reverse

from projects.models import ProjectPage

from .models.profiles import (
    PRIVATE_FIELDS,
    AlumniProfile,
    Visibility,
    profile_themes_prefetch,
    visibility_field_name,
)

OWNER = "owner"
MEMBER = "member"
PUBLIC = "public"

ALLOWED = {
    OWNER: frozenset(Visibility.values),
    MEMBER: frozenset({Visibility.MEMBERS, Visibility.PUBLIC}),
    PUBLIC: frozenset({Visibility.PUBLIC}),
}
FIELD_LABELS = {name: label for name, label, _default in PRIVATE_FIELDS}


def level_for(viewer_profile, profile=None):
    if viewer_profile is None:
        return PUBLIC
    if profile is not None and viewer_profile.pk == profile.pk:
        return OWNER
    return MEMBER


def profiles_visible_to(viewer_profile):
    """The profiles a viewer may list: every listed member for members, public ones else."""
    if viewer_profile is None:
        return AlumniProfile.objects.public()
    return AlumniProfile.objects.listed()


def can_see(viewer_profile, profile):
    if viewer_profile is not None and viewer_profile.pk == profile.pk:
        return True
    return profiles_visible_to(viewer_profile).filter(pk=profile.pk).exists()


def field_visible_q(field_name, level):
    """A filter keeping profiles whose `field_name` the viewer may see (for search)."""
    return Q(**{f"{visibility_field_name(field_name)}__in": ALLOWED[level]})


def live_projects_prefetch():
    return Prefetch(
        "projects",
        queryset=ProjectPage.objects.live().public().only("pk", "title", "url_path", "path"),
    )


def with_card_data(queryset):
    """What a card touches, in a constant number of queries."""
    return queryset.select_related(
        "collectivity", "cohort", "cohort__host_collectivity"
    ).prefetch_related(profile_themes_prefetch(), live_projects_prefetch())


@dataclass
class ShownField:
    name: str
    label: str
    value: object
    visibility: str

    @property
    def visibility_label(self):
        return Visibility(self.visibility).label


@dataclass
class ProfileCard:
    """A profile as one viewer may see it. Hidden fields are simply absent (None)."""

    profile_id: int
    slug: str
    full_name: str
    level: str
    is_public: bool
    values: dict = field(default_factory=dict)
    visibilities: dict = field(default_factory=dict)

    def __getattr__(self, name):
        # job_title, collectivity, cohort, projects, themes, bio, email, phone, linkedin_url
        values = self.__dict__.get("values", {})
        if name in FIELD_LABELS:
            return values.get(name)
        raise AttributeError(name)

    @property
    def url(self):
        return reverse("alumni:profile", kwargs={"slug": self.slug})

    @property
    def shown_fields(self):
        return [
            ShownField(name, FIELD_LABELS[name], self.values[name], self.visibilities[name])
            for name, _label, _default in PRIVATE_FIELDS
            if name in self.values and self.values[name] not in (None, "", [])
        ]

    @property
    def is_owner(self):
        return self.level == OWNER


def _raw_value(profile, name):
    if name == "themes":
        items = profile.theme_items.all()
        return sorted((item.tag for item in items), key=lambda tag: tag.name.lower())
    if name == "projects":
        return list(profile.projects.all())
    return getattr(profile, name)


def card_for(profile, viewer_profile, fields=None):
    """The card of `profile` for `viewer_profile` (None: an anonymous visitor).

    `fields` limits the card to some fields (a list of names needs no themes, say).
    """
    level = level_for(viewer_profile, profile)
    allowed = ALLOWED[level]
    values, visibilities = {}, {}
    for name, _label, _default in PRIVATE_FIELDS:
        if fields is not None and name not in fields:
            continue
        visibility = profile.visibility_of(name)
        if visibility not in allowed:
            continue
        if level == PUBLIC and not profile.public_listing:
            continue
        values[name] = _raw_value(profile, name)
        visibilities[name] = visibility
    return ProfileCard(
        profile_id=profile.pk,
        slug=profile.slug,
        full_name=profile.full_name,
        level=level,
        is_public=profile.public_listing,
        values=values,
        visibilities=visibilities,
    )


def cards_for(profiles, viewer_profile, fields=None):
    return [card_for(profile, viewer_profile, fields) for profile in profiles]
