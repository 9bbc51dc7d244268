"""The directory (/alumni/annuaire/): search and filters as slugs, paginated.

A filter only ever matches a field the viewer may see: an anonymous visitor filtering
by collectivité finds the profiles whose collectivité is public, never one whose owner
hid it (a filter would otherwise reveal the hidden value). The number of queries does
not depend on the number of profiles.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q

from cms.listing import paginate as shared_paginate
from cms.models import Collectivity
from cms.search import search_words
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

# URL parameter, label, "all" label; in the order of the form.
FILTERS = [
    ("collectivite", "Collectivité", "Toutes les collectivités"),
    ("promotion", "Promotion", "Toutes les promotions"),
    ("theme", "Thème ou compétence", "Tous les thèmes"),
]


def paginate(queryset, raw_page, per_page=PER_PAGE):
    return shared_paginate(queryset, raw_page, per_page)


@dataclass
class Option:
    value: str
    label: str
    selected: bool = False


@dataclass
class Filter:
    key: str
    label: str
    all_label: str
    options: list = field(default_factory=list)
    value: str = ""

    @property
    def selected_label(self):
        return next((o.label for o in self.options if o.selected), "")


class Directory:
    """One request's directory: its filters, its results and what to say about them."""

    def __init__(self, params, viewer_profile, *, mentors_only=False):
        self.viewer_profile = viewer_profile
        # Filters match fields as a member (or the public) sees them: an owner's hidden
        # fields never make their own profile match either.
        self.level = PUBLIC if viewer_profile is None else MEMBER
        self.query = search_words(params.get("q"), QUERY_MAX_LENGTH)
        self.raw = {key: (params.get(key) or "").strip() for key, _l, _a in FILTERS}
        self.ignored = []
        base = profiles_visible_to(viewer_profile)
        self.mentors_only = mentors_only
        if mentors_only:
            base = base.filter(is_mentor=True, mentor_paused=False)
        self.base = base
        self.filters = self._build_filters()
        self.queryset = self._filtered(base)
        listing = with_card_data(self.queryset)
        if mentors_only:
            listing = with_monthly_load(listing).prefetch_related("mentor_theme_items__tag")
        self.page = paginate(listing.order_by("last_name", "first_name", "pk"), params.get("page"))
        self.cards = cards_for(self.page.object_list, viewer_profile)
        if mentors_only:
            for card, profile in zip(self.cards, self.page.object_list, strict=True):
                card.mentor_themes = sorted(
                    (item.tag.name for item in profile.mentor_theme_items.all()), key=str.lower
                )
                card.capacity = profile.mentor_capacity
                card.places_left = places_left(profile, profile.month_load)

    # --- filters ----------------------------------------------------------------------

    def _build_filters(self):
        collectivities = Collectivity.objects.order_by("name").only("name", "slug")
        cohorts = Cohort.objects.select_related("host_collectivity").order_by(
            "-start_date", "number"
        )
        theme_field = "mentor_themes" if self.mentors_only else "themes"
        theme_lookup = "mentors" if self.mentors_only else "profiles"
        themes_q = Q(**{f"{theme_lookup}__in": self.base.values("pk")})
        if not self.mentors_only:
            themes_q &= Q(**{f"{theme_lookup}__{theme_field}_visibility__in": ALLOWED[self.level]})
        themes = AlumniTheme.objects.filter(themes_q).distinct().order_by("name")
        sources = {
            "collectivite": [(c.slug, c.name) for c in collectivities],
            "promotion": [(c.slug, str(c)) for c in cohorts],
            "theme": [(t.slug, t.name) for t in themes],
        }
        filters = []
        for key, label, all_label in FILTERS:
            value = self.raw[key]
            options = [Option(slug, text, slug == value) for slug, text in sources[key]]
            if value and not any(option.selected for option in options):
                self.ignored.append((label, value))
                value = ""
            filters.append(Filter(key, label, all_label, options, value))
        return filters

    def _filtered(self, queryset):
        level = self.level
        values = {f.key: f.value for f in self.filters}
        if values["collectivite"]:
            queryset = queryset.filter(
                field_visible_q("collectivity", level),
                collectivity__slug=values["collectivite"],
            )
        if values["promotion"]:
            queryset = queryset.filter(
                field_visible_q("cohort", level), cohort__slug=values["promotion"]
            )
        if values["theme"]:
            if self.mentors_only:
                queryset = queryset.filter(mentor_theme_items__tag__slug=values["theme"])
            else:
                queryset = queryset.filter(
                    field_visible_q("themes", level), theme_items__tag__slug=values["theme"]
                )
        if self.query:
            for word in self.query.split():
                queryset = queryset.filter(
                    Q(first_name__icontains=word) | Q(last_name__icontains=word)
                )
        return queryset.distinct()

    # --- what the template says -------------------------------------------------------

    @property
    def total(self):
        return self.page.paginator.count

    @property
    def is_filtered(self):
        return bool(self.query) or any(f.value for f in self.filters)

    @property
    def active_filters(self):
        active = []
        for current in self.filters:
            if current.value:
                active.append(
                    {
                        "label": current.label,
                        "value_label": current.selected_label,
                        "remove_url": self._url_without(current.key),
                    }
                )
        if self.query:
            active.append(
                {"label": "Nom", "value_label": self.query, "remove_url": self._url_without("q")}
            )
        return active

    def _url_without(self, key):
        params = {f.key: f.value for f in self.filters if f.value and f.key != key}
        if self.query and key != "q":
            params["q"] = self.query
        return "?" + urlencode(params) if params else "?"
