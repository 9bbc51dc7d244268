"""The directory (/alumni/annuaire/): search and filters as slugs, paginated.

A filter only ever matches a field the viewer may see: an anonymous visitor filtering
by collectivité finds the profiles whose collectivité is public, never one whose owner
hid it (a filter would otherwise reveal the hidden value). The number of queries does
not depend on the number of profiles.
"""

from urllib.parse import urlencode

from django.db.models import Q

from cms.listing import FacetedListing, Sort
from cms.listing import paginate as shared_paginate
from cms.listing_filters import OfferedFilter
from cms.models import Collectivity
from projects.models import Cohort

from .mentoring import places_left, with_monthly_load
from .models import AlumniTheme
from .privacy import (
    ALLOWED,
    MEMBER,
    PUBLIC,
    cards_for,
    field_visible_q,
    profiles_visible_to,
    with_card_data,
)

PER_PAGE = 20
QUERY_MAX_LENGTH = 100


def paginate(queryset, raw_page, per_page=PER_PAGE):
    return shared_paginate(queryset, raw_page, per_page)


def offered_collectivities(listing):
    collectivities = Collectivity.objects.order_by("name").only("name", "slug")
    return [(collectivity.slug, collectivity.name) for collectivity in collectivities]


def offered_cohorts(listing):
    cohorts = Cohort.objects.select_related("host_collectivity").order_by("-start_date", "number")
    return [(cohort.slug, str(cohort)) for cohort in cohorts]


def offered_themes(listing):
    """The themes of the profiles listed, as the viewer may see them."""
    theme_field = "mentor_themes" if listing.mentors_only else "themes"
    theme_lookup = "mentors" if listing.mentors_only else "profiles"
    themes_q = Q(**{f"{theme_lookup}__in": listing.base.values("pk")})
    if not listing.mentors_only:
        themes_q &= Q(**{f"{theme_lookup}__{theme_field}_visibility__in": ALLOWED[listing.level]})
    themes = AlumniTheme.objects.filter(themes_q).distinct().order_by("name")
    return [(theme.slug, theme.name) for theme in themes]


def theme_condition(listing, slug):
    if listing.mentors_only:
        return Q(mentor_theme_items__tag__slug=slug)
    return field_visible_q("themes", listing.level) & Q(theme_items__tag__slug=slug)


# In the order of the form.
FILTERS = [
    OfferedFilter(
        "collectivite",
        "Collectivité",
        "Toutes les collectivités",
        offered=offered_collectivities,
        condition=lambda listing, slug: (
            field_visible_q("collectivity", listing.level) & Q(collectivity__slug=slug)
        ),
    ),
    OfferedFilter(
        "promotion",
        "Promotion",
        "Toutes les promotions",
        offered=offered_cohorts,
        condition=lambda listing, slug: (
            field_visible_q("cohort", listing.level) & Q(cohort__slug=slug)
        ),
    ),
    OfferedFilter(
        "theme",
        "Thème ou compétence",
        "Tous les thèmes",
        offered=offered_themes,
        condition=theme_condition,
    ),
]


class Directory(FacetedListing):
    """One request's directory: its filters, its results and what to say about them."""

    declared_filters = FILTERS
    per_page = PER_PAGE
    query_max_length = QUERY_MAX_LENGTH
    search_label = "Nom"
    search_value_format = "{}"
    sorts = [Sort("nom", "Nom", ("last_name", "first_name", "pk"))]
    default_sort = "nom"

    @property
    def distinct(self):
        """Only a theme goes through a multi-valued relation (a profile's themes): the
        results need DISTINCT then, and only then (at 5,000 members, DISTINCT over
        whole profile rows costs more than the rest of the page)."""
        return "theme" in self.selected

    def __init__(self, params, viewer_profile, *, mentors_only=False):
        self.viewer_profile = viewer_profile
        # Filters match fields as a member (or the public) sees them: an owner's hidden
        # fields never make their own profile match either.
        self.level = PUBLIC if viewer_profile is None else MEMBER
        self.mentors_only = mentors_only
        base = profiles_visible_to(viewer_profile)
        if mentors_only:
            base = base.filter(is_mentor=True, mentor_paused=False)
        super().__init__(base, params)
        self.cards = cards_for(self.page.object_list, viewer_profile)
        if mentors_only:
            for card, profile in zip(self.cards, self.page.object_list, strict=True):
                card.mentor_themes = sorted(
                    (item.tag.name for item in profile.mentor_theme_items.all()), key=str.lower
                )
                card.capacity = profile.mentor_capacity
                card.places_left = places_left(profile, profile.month_load)

    @property
    def filters(self):
        """The form's selects (each facet, its choices without counts)."""
        return self.facets

    def search(self, pool):
        """By name: every word in the first or the last name (no full-text index)."""
        for word in self.query.split():
            pool = pool.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        return pool

    def with_card_data(self, queryset):
        queryset = with_card_data(queryset)
        if self.mentors_only:
            queryset = with_monthly_load(queryset).prefetch_related("mentor_theme_items__tag")
        return queryset

    def url_without(self, *keys):
        """The directory's own address without these criteria: the values it understood,
        the words as it read them."""
        params = {
            key: selection.value for key, selection in self.selected.items() if key not in keys
        }
        if self.query and self.search_param not in keys:
            params[self.search_param] = self.query
        return "?" + urlencode(params) if params else "?"
