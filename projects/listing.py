"""The project bank's listing: filters as slugs in the URL, counts per value, sorting.

Every filter narrows one queryset in SQL; the count next to a filter value is the number
of projects that the other active filters leave with that value (faceted counts). The
number of queries depends on the number of filters, never on the number of projects.
"""

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, ExtractYear

from cms.listing import ActiveFilter, Facet, FacetOption, raw_param, search_ids, url_without
from cms.listing import clean_query_string as shared_clean_query_string
from cms.listing import paginate as shared_paginate
from cms.models import Collectivity
from cms.search import search_words

from .models.project import with_card_data
from .models.vocabularies import Cohort, ProjectStatus, ProjectTag, ProjectTheme

PER_PAGE = 12
YEAR_MIN, YEAR_MAX = 1990, 2100

SORT_RECENT = "recent"
SORT_TITLE = "titre"
SORT_UPDATED = "maj"
SORT_RELEVANCE = "pertinence"
SORT_LABELS = {
    SORT_RELEVANCE: "Pertinence",
    SORT_RECENT: "Les plus récents",
    SORT_UPDATED: "Dernière mise à jour",
    SORT_TITLE: "Titre, de A à Z",
}

# URL parameter, label, label of the "no filter" choice; in the order of the form.
FACETS = [
    ("collectivite", "Collectivité", "Toutes les collectivités"),
    ("statut", "Statut", "Tous les statuts"),
    ("promotion", "Promotion", "Toutes les promotions"),
    ("thematique", "Thématique", "Toutes les thématiques"),
    ("annee", "Année du jury", "Toutes les années"),
]
FACET_LABELS = {key: label for key, label, _all in FACETS}

JURY_DATE = Coalesce(F("jury_date"), F("cohort__jury_date"))
# "Most recent": by jury date; a cohort whose jury is still to come counts from its start.
RECENCY_DATE = Coalesce(F("jury_date"), F("cohort__jury_date"), F("cohort__start_date"))


def clean_query_string(params):
    """The clean address of the listing (see cms.listing), the default sort dropped."""
    query = search_words(params.get("q"))
    return shared_clean_query_string(params, {"tri": SORT_RELEVANCE if query else SORT_RECENT})


def paginate(queryset, raw_page, per_page=PER_PAGE):
    return shared_paginate(queryset, raw_page, per_page)


class ProjectListing:
    """Reads the filters of a request, and gives the results, facets and active filters."""

    def __init__(self, projects, params):
        self.params = params
        self.query = search_words(params.get("q"))
        self.ignored = []  # (label, raw value) of filter values that match nothing known
        self.selected = {}  # key -> (value, label, Q)
        self._resolve_filters()
        self.sort = self._resolve_sort()

        self.pool = projects
        self.ranked_ids = None
        if self.query:
            # One search query; its ids then narrow every other query (cheaper than
            # repeating the full-text subquery in the count, the page and each facet).
            self.ranked_ids = self._search_ids(projects)
            self.pool = projects.filter(pk__in=self.ranked_ids)

        self.results = self.pool.filter(self._conditions())
        if self.sort == SORT_RELEVANCE and self.ranked_ids is not None:
            self.page = self._relevance_page(projects, params.get("page"))
        else:
            self.page = paginate(self._ordered(), params.get("page"))
        self.facets = [self._facet(key, label, all_label) for key, label, all_label in FACETS]
        self.active_filters = self._active_filters()

    # --- reading the request ----------------------------------------------------------

    def _raw(self, key):
        return raw_param(self.params, key)

    def _resolve_filters(self):
        labels = FACET_LABELS
        value = self._raw("collectivite")
        if value:
            collectivity = Collectivity.objects.filter(slug=value).first()
            if collectivity:
                self.selected["collectivite"] = (
                    value,
                    collectivity.name,
                    Q(collectivity_id=collectivity.pk),
                )
            else:
                self.ignored.append((labels["collectivite"], value))
        value = self._raw("statut")
        if value:
            if value in ProjectStatus.values:
                self.selected["statut"] = (value, ProjectStatus(value).label, Q(status=value))
            else:
                self.ignored.append((labels["statut"], value))
        value = self._raw("promotion")
        if value:
            cohort = Cohort.objects.select_related("host_collectivity").filter(slug=value).first()
            if cohort:
                self.selected["promotion"] = (value, str(cohort), Q(cohort_id=cohort.pk))
            else:
                self.ignored.append((labels["promotion"], value))
        value = self._raw("thematique")
        if value:
            tag = ProjectTheme.objects.filter(slug=value).first()
            if tag:
                tagged = ProjectTag.objects.filter(tag_id=tag.pk).values("content_object_id")
                self.selected["thematique"] = (value, tag.name, Q(pk__in=tagged))
            else:
                self.ignored.append((labels["thematique"], value))
        value = self._raw("annee")
        if value:
            year = int(value) if value.isdigit() else None
            if year is not None and YEAR_MIN <= year <= YEAR_MAX:
                condition = Q(jury_date__year=year) | Q(
                    jury_date__isnull=True, cohort__jury_date__year=year
                )
                self.selected["annee"] = (str(year), str(year), condition)
            else:
                self.ignored.append((labels["annee"], value))

    def _resolve_sort(self):
        sorts = self.sort_choices_for(self.query)
        value = self._raw("tri")
        if value in sorts:
            return value
        return SORT_RELEVANCE if self.query else SORT_RECENT

    @staticmethod
    def sort_choices_for(query):
        return [key for key in SORT_LABELS if query or key != SORT_RELEVANCE]

    @property
    def sort_options(self):
        return [(key, SORT_LABELS[key]) for key in self.sort_choices_for(self.query)]

    # --- querying -----------------------------------------------------------------------

    def _search_ids(self, projects):
        """Ids of the projects matching the words, best match first if sorting by it."""
        return search_ids(projects, self.query, self.sort == SORT_RELEVANCE)

    def _relevance_page(self, projects, raw_page):
        """A page of results in the search engine's order, narrowed by the filters."""
        allowed = set(self.results.values_list("pk", flat=True))
        page = paginate([pk for pk in self.ranked_ids if pk in allowed], raw_page)
        found = with_card_data(projects.filter(pk__in=list(page.object_list))).in_bulk()
        page.object_list = [found[pk] for pk in page.object_list if pk in found]
        return page

    def _conditions(self, excluding=None):
        condition = Q()
        for key, (_value, _label, q) in self.selected.items():
            if key != excluding:
                condition &= q
        return condition

    def _ordered(self):
        if self.sort == SORT_TITLE:
            queryset = self.results.order_by("title", "pk")
        elif self.sort == SORT_UPDATED:
            queryset = self.results.order_by(F("last_published_at").desc(nulls_last=True), "-pk")
        else:
            queryset = self.results.alias(recency=RECENCY_DATE).order_by(
                F("recency").desc(nulls_last=True), "-first_published_at", "-pk"
            )
        return with_card_data(queryset)

    def _facet(self, key, label, all_label):
        scoped = self.pool.filter(self._conditions(excluding=key)).order_by()
        selected_value = self.selected[key][0] if key in self.selected else None
        options = getattr(self, f"_options_{key}")(scoped)
        if selected_value and not any(option.value == selected_value for option in options):
            options.insert(0, FacetOption(selected_value, self.selected[key][1], 0))
        for option in options:
            option.selected = option.value == selected_value
        return Facet(key, label, all_label, options)

    @staticmethod
    def _options_collectivite(scoped):
        rows = (
            scoped.filter(collectivity__isnull=False)
            .values("collectivity__slug", "collectivity__name")
            .annotate(n=Count("pk"))
            .order_by("collectivity__name")
        )
        return [FacetOption(r["collectivity__slug"], r["collectivity__name"], r["n"]) for r in rows]

    @staticmethod
    def _options_statut(scoped):
        counts = dict(scoped.values_list("status").annotate(n=Count("pk")).order_by())
        return [
            FacetOption(status.value, status.label, counts[status.value])
            for status in ProjectStatus
            if counts.get(status.value)
        ]

    @staticmethod
    def _options_promotion(scoped):
        counts = dict(
            scoped.filter(cohort__isnull=False)
            .values_list("cohort_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        cohorts = Cohort.objects.filter(pk__in=list(counts)).select_related("host_collectivity")
        return [FacetOption(cohort.slug, str(cohort), counts[cohort.pk]) for cohort in cohorts]

    @staticmethod
    def _options_thematique(scoped):
        rows = (
            ProjectTag.objects.filter(content_object_id__in=scoped.values("pk"))
            .values("tag__slug", "tag__name")
            .annotate(n=Count("content_object_id", distinct=True))
            .order_by("tag__name")
        )
        return [FacetOption(r["tag__slug"], r["tag__name"], r["n"]) for r in rows]

    @staticmethod
    def _options_annee(scoped):
        rows = (
            scoped.annotate(year=ExtractYear(JURY_DATE))
            .filter(year__isnull=False)
            .values("year")
            .annotate(n=Count("pk"))
            .order_by("-year")
        )
        return [FacetOption(str(r["year"]), str(r["year"]), r["n"]) for r in rows]

    # --- what the template shows ---------------------------------------------------------

    def _url_without(self, *keys):
        return url_without(self.params, *keys)

    def _active_filters(self):
        active = []
        for key, label, _all in FACETS:
            if key in self.selected:
                active.append(
                    ActiveFilter(key, label, self.selected[key][1], self._url_without(key))
                )
        if self.query:
            active.append(
                ActiveFilter("q", "Recherche", f"« {self.query} »", self._url_without("q"))
            )
        return active

    @property
    def total(self):
        return self.page.paginator.count

    @property
    def is_filtered(self):
        return bool(self.selected or self.query)

    @property
    def clear_url(self):
        return "?"
