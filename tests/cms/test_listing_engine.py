"""The faceted listing engine (cms.listing) on its own, over small configurations."""

import pytest
from django.db import connection, models
from django.db.models import Count, Q
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cms.listing import RELEVANCE, FacetedListing, Sort, paginate, search_ids
from cms.listing_filters import ChoiceFilter, FacetOption, ListingFilter, OfferedFilter, Selection
from cms.models import Collectivity
from tests.conftest import ensure_wagtail_roots

pytestmark = pytest.mark.django_db


class Kind(models.TextChoices):
    DEPARTEMENT = "departement", "Département"
    COMMUNE = "commune", "Commune"
    CAF = "caf", "Caisse d'allocations familiales"


def select_year(value):
    if not value.isdigit():
        return None
    return Selection(value, f"adhésion en {value}", Q(joined_year=int(value)))


def year_options(scoped):
    rows = (
        scoped.filter(joined_year__isnull=False)
        .values("joined_year")
        .annotate(n=Count("pk"))
        .order_by("-joined_year")
    )
    return [FacetOption(str(r["joined_year"]), str(r["joined_year"]), r["n"]) for r in rows]


class CollectivityListing(FacetedListing):
    declared_filters = [
        ChoiceFilter("type", "Type", "Tous les types", Kind, "kind"),
        ListingFilter(
            "annee", "Année d'adhésion", "Toutes", select=select_year, options=year_options
        ),
    ]
    per_page = 2
    sorts = [Sort("nom", "Nom", ("name", "pk")), Sort("recent", "Récentes", ("-joined_year", "pk"))]
    default_sort = "nom"
    sort_param = "tri"

    def search(self, pool):
        """By name (Collectivity has no full-text index)."""
        return pool.filter(name__icontains=self.query)


def make_collectivity(name, kind, year):
    slug = name.lower().replace(" ", "-")
    return Collectivity.objects.create(name=name, slug=slug, kind=kind, joined_year=year)


@pytest.fixture
def collectivities():
    return [
        make_collectivity("Aisne", Kind.DEPARTEMENT, 2020),
        make_collectivity("Beauvais", Kind.COMMUNE, 2021),
        make_collectivity("Creil", Kind.COMMUNE, 2020),
        make_collectivity("Drôme", Kind.DEPARTEMENT, 2022),
        make_collectivity("Essonne", Kind.DEPARTEMENT, 2020),
    ]


def listing_for(query_string, listing_class=CollectivityListing):
    return listing_class(Collectivity.objects.all(), QueryDict(query_string))


def names(listing):
    return [collectivity.name for collectivity in listing.page.object_list]


def counts(listing, key):
    return {option.value: option.count for option in listing.facet(key).options}


def test_filters_are_read_from_slugs_and_combine(collectivities):
    listing = listing_for("type=departement&annee=2020&page=1")
    assert names(listing) == ["Aisne", "Essonne"]
    assert listing.total == 2
    assert listing.is_filtered
    assert set(listing.selected) == {"type", "annee"}
    assert listing.selected["type"].label == "Département"
    assert not listing_for("").is_filtered


def test_unknown_values_are_ignored_and_reported(collectivities):
    listing = listing_for("type=region&annee=deux-mille&tri=hasard&inconnu=1")
    assert listing.ignored == [("Type", "region"), ("Année d'adhésion", "deux-mille")]
    assert listing.selected == {}
    assert listing.sort == "nom"
    assert listing.total == 5
    assert not listing.is_filtered


def test_each_facet_counts_with_the_other_filters_but_not_its_own(collectivities):
    listing = listing_for("type=departement&annee=2020")
    # "type" ignores its own filter: every type of 2020 stays reachable.
    assert counts(listing, "type") == {"departement": 2, "commune": 1}
    # "annee" counts the departments only.
    assert counts(listing, "annee") == {"2022": 1, "2020": 2}
    assert listing.facet("type").selected.value == "departement"
    assert [option.selected for option in listing.facet("annee").options] == [False, True]


def select_year_by_column(value):
    selection = select_year(value)
    if selection is not None:
        selection.keeps = frozenset({(int(value),)})
    return selection


def year_from_counts(counts):
    years = sorted((year for (year,) in counts if year is not None), reverse=True)
    return [FacetOption(str(year), str(year), counts[(year,)]) for year in years]


def filters_by_columns(select):
    """The type and the year, both counted by columns; the year's values read by `select`."""
    year = ListingFilter(
        "annee",
        "Année d'adhésion",
        "Toutes",
        select=select,
        columns=["joined_year"],
        from_counts=year_from_counts,
    )
    return [ChoiceFilter("type", "Type", "Tous les types", Kind, "kind"), year]


class CountedTogetherListing(CollectivityListing):
    """The same two filters, both counted by columns: one grouped query for both."""

    declared_filters = filters_by_columns(select_year_by_column)


class CountedWithoutKeepsListing(CollectivityListing):
    """A filter by columns whose values do not say what they keep: counted on its own."""

    declared_filters = filters_by_columns(select_year)


def counted_together(query_string, listing_class=None):
    listing_class = listing_class or CountedTogetherListing
    with CaptureQueriesContext(connection) as queries:
        listing = listing_class(Collectivity.objects.all(), QueryDict(query_string))
        list(listing.page.object_list)
    grouped = [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    counted = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    return listing, grouped, counted


@pytest.mark.parametrize(
    "query_string", ["", "type=departement", "annee=2020", "type=departement&annee=2020"]
)
@pytest.mark.parametrize("listing_class", [CountedTogetherListing, CountedWithoutKeepsListing])
def test_facets_counted_by_columns_give_the_counts_of_their_own_queries(
    collectivities, query_string, listing_class
):
    together, _, _ = counted_together(query_string, listing_class)
    apart = listing_for(query_string)
    for key in ("type", "annee"):
        assert counts(together, key) == counts(apart, key)
    assert together.total == apart.total
    assert names(together) == names(apart)


def test_facets_sharing_a_scope_and_the_total_are_counted_in_one_query(collectivities):
    listing, grouped, counted = counted_together("")
    assert counts(listing, "type") == {"departement": 3, "commune": 2}
    assert listing.total == 5
    assert len(grouped) == 1 and counted == grouped  # no COUNT(*) of its own for the total
    # Filters chosen narrow the counts in Python: still one query, however many.
    for query_string in ("type=commune", "type=commune&annee=2020"):
        listing, grouped, counted = counted_together(query_string)
        assert len(grouped) == 1 and counted == grouped
    listing, _, _ = counted_together("type=commune")
    assert counts(listing, "type") == {"departement": 3, "commune": 2}
    assert counts(listing, "annee") == {"2021": 1, "2020": 1}
    assert listing.total == 2
    listing, _, _ = counted_together("type=commune&annee=2020")
    assert counts(listing, "type") == {"departement": 2, "commune": 1}
    assert listing.total == 1


def test_a_selected_value_without_result_stays_offered_with_zero(collectivities):
    listing = listing_for("type=caf")
    assert listing.total == 0
    options = listing.facet("type").options
    assert (options[0].value, options[0].count, options[0].selected) == ("caf", 0, True)


def test_an_omitted_filter_is_neither_read_nor_offered(collectivities):
    listing = CollectivityListing(
        Collectivity.objects.all(), QueryDict("type=commune&annee=2020"), omit=("type",)
    )
    assert [facet.key for facet in listing.facets] == ["annee"]
    assert set(listing.selected) == {"annee"}
    assert listing.ignored == []
    assert names(listing) == ["Aisne", "Creil"]
    # The class keeps every filter for the other listings.
    assert [facet.key for facet in listing_for("").facets] == ["type", "annee"]


def test_active_filters_link_to_the_listing_without_them(collectivities):
    listing = listing_for("type=commune&annee=2020&tri=recent&q=cr&page=2")
    removal = {active.key: active.remove_url for active in listing.active_filters}
    assert removal == {
        "type": "?annee=2020&tri=recent&q=cr",
        "annee": "?type=commune&tri=recent&q=cr",
        "q": "?type=commune&annee=2020&tri=recent",
    }
    labels = [(active.label, active.value_label) for active in listing.active_filters]
    assert labels == [
        ("Type", "Commune"),
        ("Année d'adhésion", "adhésion en 2020"),
        ("Recherche", "« cr »"),
    ]
    assert names(listing) == ["Creil"]


def test_sorting_options_and_order(collectivities):
    listing = listing_for("tri=recent")
    assert listing.sort == "recent"
    assert names(listing) == ["Drôme", "Beauvais"]
    assert listing.sort_options == [("nom", "Nom"), ("recent", "Récentes")]
    # No relevance offered by this configuration, even with words.
    assert listing_for("q=e").sort == "nom"


@pytest.mark.parametrize(
    ("raw", "number"),
    [(None, 1), ("", 1), ("abc", 1), ("0", 1), ("-3", 1), ("2.5", 1), ("2", 2), ("999", 3)],
)
def test_out_of_range_and_invalid_pages_give_a_real_page(collectivities, raw, number):
    query_string = "" if raw is None else f"page={raw}"
    listing = listing_for(query_string)
    assert listing.page.number == number
    assert listing.page.paginator.num_pages == 3
    assert paginate([], raw, 10).number == 1  # an empty listing has its one page


def test_the_form_submission_has_a_clean_address():
    assert CollectivityListing.clean_query(QueryDict("q=&type=commune&annee=&tri=nom")) == (
        "?type=commune"
    )
    assert CollectivityListing.clean_query(QueryDict("tri=nom&page=1")) == ""
    # Already clean: nothing to redirect to.
    assert CollectivityListing.clean_query(QueryDict("type=commune&tri=recent")) is None


class OfferedListing(FacetedListing):
    """Choices fixed in advance, without counts (as the alumni directory offers them)."""

    declared_filters = [
        OfferedFilter(
            "type",
            "Type",
            "Tous les types",
            offered=lambda listing: [("commune", "Commune"), ("caf", "CAF")],
            condition=lambda listing, slug: Q(kind=slug),
        )
    ]
    sorts = [Sort("nom", "Nom", ("name",))]
    default_sort = "nom"


def test_offered_choices_are_shown_without_counts_and_others_ignored(collectivities):
    listing = listing_for("type=commune", OfferedListing)
    assert names(listing) == ["Beauvais", "Creil"]
    assert [(o.value, o.count, o.selected) for o in listing.facet("type").options] == [
        ("commune", None, True),
        ("caf", None, False),
    ]
    ignored = listing_for("type=departement", OfferedListing)
    assert ignored.ignored == [("Type", "departement")]
    assert ignored.total == 5


# --- Full-text search and relevance ---------------------------------------------------------


def select_state(value):
    states = {"publiee": ("Publiée", Q(live=True)), "brouillon": ("Brouillon", Q(live=False))}
    if value not in states:
        return None
    label, condition = states[value]
    return Selection(value, label, condition)


def state_options(scoped):
    found = dict(scoped.values_list("live").annotate(n=Count("pk")).order_by())
    return [
        FacetOption(value, label, found[live])
        for value, label, live in [("publiee", "Publiée", True), ("brouillon", "Brouillon", False)]
        if found.get(live)
    ]


class PageListing(FacetedListing):
    declared_filters = [
        ListingFilter("etat", "État", "Tous", select=select_state, options=state_options)
    ]
    sorts = [RELEVANCE, Sort("titre", "Titre", ("title", "pk"))]
    default_sort = "titre"
    sort_param = "tri"
    per_page = 2


class ReversedRanking(PageListing):
    """A search engine whose best match is the most recent page: a known order."""

    def search(self, pool):
        matching = pool.filter(title__icontains=self.query).order_by("-pk")
        self.ranked_ids = list(matching.values_list("pk", flat=True))
        return pool.filter(pk__in=self.ranked_ids)


@pytest.fixture
def pages():
    root = ensure_wagtail_roots()
    made = {}
    for title, live in [
        ("Verger de pommes", True),
        ("Compote de pommes", False),
        ("Poires au vin", True),
        ("Tarte aux pommes", True),
    ]:
        made[title] = root.add_child(
            instance=Page(title=title, slug=title.lower().replace(" ", "-"), live=live)
        )
    return made


def page_listing(query_string, listing_class=PageListing):
    root = Page.get_first_root_node()
    return listing_class(Page.objects.child_of(root), QueryDict(query_string))


def test_relevance_is_the_default_with_words_and_keeps_the_search_order(pages):
    listing = page_listing("q=pommes", ReversedRanking)
    assert listing.sort == RELEVANCE.key
    assert [page.title for page in listing.page.object_list] == [
        "Tarte aux pommes",
        "Compote de pommes",
    ]
    second = page_listing("q=pommes&page=2", ReversedRanking)
    assert [page.title for page in second.page.object_list] == ["Verger de pommes"]
    assert second.total == 3
    # Filters narrow the ranked results without reordering them.
    published = page_listing("q=pommes&etat=publiee", ReversedRanking)
    assert [page.title for page in published.page.object_list] == [
        "Tarte aux pommes",
        "Verger de pommes",
    ]
    # Facets count within the search words.
    assert counts(published, "etat") == {"publiee": 2, "brouillon": 1}


def test_another_sort_overrides_relevance_and_relevance_needs_words(pages):
    listing = page_listing("q=pommes&tri=titre", ReversedRanking)
    assert [page.title for page in listing.page.object_list] == [
        "Compote de pommes",
        "Tarte aux pommes",
    ]
    assert page_listing("tri=pertinence").sort == "titre"
    assert page_listing("").sort_options == [("titre", "Titre")]
    assert page_listing("q=pommes").sort_options == [
        ("pertinence", "Pertinence"),
        ("titre", "Titre"),
    ]
    # The default sort depends on the words: dropped from the clean address either way.
    assert PageListing.clean_query(QueryDict("q=pommes&tri=pertinence")) == "?q=pommes"
    assert PageListing.clean_query(QueryDict("tri=titre")) == ""


def test_full_text_search_runs_once_and_narrows_every_query(pages):
    pool = Page.objects.child_of(Page.get_first_root_node())
    listing = page_listing("q=pommes")
    expected = search_ids(pool, "pommes")
    assert sorted(listing.ranked_ids) == sorted(expected)
    assert {page.title for page in listing.page.object_list} | {
        page.title for page in page_listing("q=pommes&page=2").page.object_list
    } == {"Verger de pommes", "Compote de pommes", "Tarte aux pommes"}
    assert listing.total == 3


def count_queries(query_string):
    with CaptureQueriesContext(connection) as queries:
        listing = page_listing(query_string)
        list(listing.page.object_list)
        assert listing.facets
    return len(queries)


def test_the_number_of_queries_does_not_depend_on_the_pool(pages):
    urls = ["q=pommes&etat=publiee", "q=pommes&tri=titre", "etat=brouillon&page=2"]
    before = [count_queries(url) for url in urls]
    root = Page.get_first_root_node()
    for number in range(6):
        root.add_child(instance=Page(title=f"Pommes {number}", slug=f"pommes-{number}"))
    assert [count_queries(url) for url in urls] == before
