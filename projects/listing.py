"""The project bank's listing: filters as slugs in the URL, counts per value, sorting.

A configuration of cms.listing's faceted listing. Every filter narrows one queryset in
SQL; the count next to a filter value is the number of projects that the other active
filters leave with that value (faceted counts). The collectivité, status, cohort and year
are counted together, in one query grouped by their four columns (and the total with
them); the themes, a many-to-many relation, in a query of their own. The number of queries
depends on the number of filters chosen, never on the number of projects.
"""

from operator import attrgetter

from django.db.models import F, Q
from django.db.models.functions import Coalesce, ExtractYear

from cms.listing import RELEVANCE, FacetedListing, Sort
from cms.listing import paginate as shared_paginate
from cms.listing_filters import (
    ChoiceFilter,
    FacetOption,
    ListingFilter,
    Selection,
    SlugFilter,
    TagFilter,
)
from cms.models import Collectivity

from .models.project import with_card_data
from .models.vocabularies import Cohort, ProjectStatus, ProjectTag, ProjectTheme

PER_PAGE = 12
YEAR_MIN, YEAR_MAX = 1990, 2100

SORT_RECENT = "recent"
SORT_TITLE = "titre"
SORT_UPDATED = "maj"
SORT_RELEVANCE = RELEVANCE.key

JURY_DATE = Coalesce(F("jury_date"), F("cohort__jury_date"))


def paginate(queryset, raw_page, per_page=PER_PAGE):
    return shared_paginate(queryset, raw_page, per_page)


def collectivity_options(counts):
    """The collectivités of the counted projects ({(slug, name): n}), by name."""
    named = sorted((key for key in counts if key[0] is not None), key=lambda key: key[1])
    return [FacetOption(slug, name, counts[(slug, name)]) for slug, name in named]


def cohort_options(counts):
    counted = {pk: n for (pk,), n in counts.items() if pk is not None}
    cohorts = Cohort.objects.filter(pk__in=list(counted)).select_related("host_collectivity")
    return [FacetOption(cohort.slug, str(cohort), counted[cohort.pk]) for cohort in cohorts]


def select_year(value):
    year = int(value) if value.isdigit() else None
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        return None
    condition = Q(jury_date__year=year) | Q(jury_date__isnull=True, cohort__jury_date__year=year)
    return Selection(str(year), str(year), condition, keeps=frozenset({(year,)}))


def year_options(counts):
    years = {year: n for (year,), n in counts.items() if year is not None}
    return [FacetOption(str(year), str(year), years[year]) for year in sorted(years, reverse=True)]


def by_recency(queryset):
    # ProjectPage.recency_date: the jury date, else the cohort's start (indexed).
    return queryset.order_by(F("recency_date").desc(nulls_last=True), "-first_published_at", "-pk")


# In the order of the form.
FILTERS = [
    SlugFilter(
        "collectivite",
        "Collectivité",
        "Toutes les collectivités",
        queryset=Collectivity.objects.all(),
        value_label=attrgetter("name"),
        condition=lambda collectivity: Q(collectivity_id=collectivity.pk),
        columns=["collectivity__slug", "collectivity__name"],
        from_counts=collectivity_options,
        keeps=lambda collectivity: (collectivity.slug, collectivity.name),
    ),
    ChoiceFilter("statut", "Statut", "Tous les statuts", ProjectStatus, "status"),
    SlugFilter(
        "promotion",
        "Promotion",
        "Toutes les promotions",
        queryset=Cohort.objects.select_related("host_collectivity"),
        condition=lambda cohort: Q(cohort_id=cohort.pk),
        columns=["cohort_id"],
        from_counts=cohort_options,
        keeps=lambda cohort: (cohort.pk,),
    ),
    TagFilter("thematique", "Thématique", "Toutes les thématiques", ProjectTheme, ProjectTag),
    ListingFilter(
        "annee",
        "Année du jury",
        "Toutes les années",
        select=select_year,
        columns=[ExtractYear(JURY_DATE)],
        from_counts=year_options,
    ),
]


class ProjectListing(FacetedListing):
    """Reads the filters of a request, and gives the results, facets and active filters."""

    declared_filters = FILTERS
    per_page = PER_PAGE
    sorts = [
        RELEVANCE,
        Sort(SORT_RECENT, "Les plus récents", by_recency),
        Sort(
            SORT_UPDATED,
            "Dernière mise à jour",
            (F("last_published_at").desc(nulls_last=True), "-pk"),
        ),
        Sort(SORT_TITLE, "Titre, de A à Z", ("title", "pk")),
    ]
    default_sort = SORT_RECENT
    sort_param = "tri"
    multi_value_filters = ("collectivite", "statut", "promotion", "thematique", "annee")
    counts_follow_the_tree = True

    def with_card_data(self, queryset):
        return with_card_data(queryset)


def clean_query_string(params):
    """The clean address of the listing (see cms.listing), the default sort dropped."""
    return ProjectListing.clean_query(params)
