"""The project bank's listing: filters as slugs in the URL, counts per value, sorting.

A configuration of cms.listing's faceted listing. Every filter narrows one queryset in
SQL; the count next to a filter value is the number of projects that the other active
filters leave with that value (faceted counts). The number of queries depends on the
number of filters, never on the number of projects.
"""

from operator import attrgetter

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, ExtractYear

from cms.listing import (
    RELEVANCE,
    ChoiceFilter,
    FacetedListing,
    FacetOption,
    ListingFilter,
    Selection,
    SlugFilter,
    Sort,
    TagFilter,
)
from cms.listing import paginate as shared_paginate
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


def collectivity_options(scoped):
    rows = (
        scoped.filter(collectivity__isnull=False)
        .values("collectivity__slug", "collectivity__name")
        .annotate(n=Count("pk"))
        .order_by("collectivity__name")
    )
    return [FacetOption(r["collectivity__slug"], r["collectivity__name"], r["n"]) for r in rows]


def cohort_options(scoped):
    counts = dict(
        scoped.filter(cohort__isnull=False)
        .values_list("cohort_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    cohorts = Cohort.objects.filter(pk__in=list(counts)).select_related("host_collectivity")
    return [FacetOption(cohort.slug, str(cohort), counts[cohort.pk]) for cohort in cohorts]


def select_year(value):
    year = int(value) if value.isdigit() else None
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        return None
    condition = Q(jury_date__year=year) | Q(jury_date__isnull=True, cohort__jury_date__year=year)
    return Selection(str(year), str(year), condition)


def year_options(scoped):
    rows = (
        scoped.annotate(year=ExtractYear(JURY_DATE))
        .filter(year__isnull=False)
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-year")
    )
    return [FacetOption(str(r["year"]), str(r["year"]), r["n"]) for r in rows]


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
        options=collectivity_options,
    ),
    ChoiceFilter("statut", "Statut", "Tous les statuts", ProjectStatus, "status"),
    SlugFilter(
        "promotion",
        "Promotion",
        "Toutes les promotions",
        queryset=Cohort.objects.select_related("host_collectivity"),
        condition=lambda cohort: Q(cohort_id=cohort.pk),
        options=cohort_options,
    ),
    TagFilter("thematique", "Thématique", "Toutes les thématiques", ProjectTheme, ProjectTag),
    ListingFilter(
        "annee", "Année du jury", "Toutes les années", select=select_year, options=year_options
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
