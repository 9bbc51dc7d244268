"""The one faceted listing of the site: a pool, filters as slugs, facets, pages, clean URLs.

Filters are slugs in the URL (DESIGN.md). A listing is a configuration of
`FacetedListing`: a subclass that declares what it filters, sorts and shows, given a pool
(the queryset of everything the visitor may see) and the request's parameters::

    class ProjectListing(FacetedListing):
        per_page = 12
        declared_filters = [
            SlugFilter(
                "collectivite", "Collectivité", "Toutes les collectivités",
                queryset=Collectivity.objects.all(),
                value_label=attrgetter("name"),
                condition=lambda collectivity: Q(collectivity_id=collectivity.pk),
                options=collectivity_options,  # scoped queryset -> [FacetOption]
            ),
            ChoiceFilter("statut", "Statut", "Tous les statuts", ProjectStatus, "status"),
            TagFilter("thematique", "Thématique", "Toutes", ProjectTheme, ProjectTag),
        ]
        sorts = [RELEVANCE, Sort("recent", "Les plus récents", ("-first_published_at", "-pk"))]
        default_sort = "recent"

        def with_card_data(self, queryset):
            return with_card_data(queryset)

    listing = ProjectListing(published_projects(), request.GET)
    # listing.page, .facets, .active_filters, .ignored, .total, .is_filtered, .sort_options

What a configuration declares (class attributes, all optional but `declared_filters`):

- `declared_filters`: `ListingFilter`s in the order of the form. Each has a URL key, a
  label and the label of its "no filter" choice; `select(listing, slug)` turns the slug
  of the URL into a `Selection` (the slug, what the active filter says, the condition
  `Q` it puts on the pool) or None for a value that matches nothing (the listing then
  ignores it and says so: `listing.ignored`); `options(listing, scoped)` gives the
  facet's `FacetOption`s with their counts, `scoped` being the pool narrowed by every
  *other* active filter (faceted counts: a facet ignores its own filter, so each of its
  values stays reachable). Ready-made kinds: `ChoiceFilter` (a `TextChoices` field),
  `SlugFilter` (a model looked up by slug), `TagFilter` (a taggit tag through a tagged
  item model), `OfferedFilter` (a fixed list of choices without counts, a slug outside
  it being ignored); `ListingFilter(select=..., options=...)` for anything else.
- `search_param` ("q"; None: no search), `query_max_length`, `search_label`,
  `search_value_format`: the words searched for. `search(pool)` narrows the pool by
  them: by default one full-text search query (`search_ids`) whose ids then narrow every
  other query, `ranked_ids` keeping the search engine's order; override it for another
  kind of search (one that ranks nothing leaves `ranked_ids` None: offer no RELEVANCE).
- `sorts`, `default_sort`, `sort_param`: the orders offered (`Sort`: key in the URL,
  label, `order_by` arguments or a function of the queryset). `RELEVANCE` is offered
  only with words, and is the default then. Without `sort_param`, the order is not read
  from the URL (relevance with words, `default_sort` otherwise).
- `per_page`, `page_param`: pagination (`paginate`: a bad or out-of-range number gives a
  real page).
- `distinct`: results made distinct (filters through multi-valued relations).
- `multi_value_filters`: keys of the filters that take several values
  (`?thematique=a&thematique=b`): any of them (OR), the other filters still all apply
  (AND); the facet says `multiple` (the form shows checkboxes) and each value is an
  active filter of its own. `listing.chosen[key]` lists them, `listing.selected[key]` is
  their union.
- `with_card_data(queryset)`: what the cards of a page need, fetched up front.
- `omit` (a keyword of the constructor): the keys of declared filters this listing
  leaves out, e.g. the collectivité filter in a collectivité's own section.
- `url_without(*keys)`: the address that removes an active filter (by default the
  request's own parameters without these keys and the page number).

Its configurations: the project bank (projects.listing `ProjectListing`), the directory
(alumni.directory), the resource library (alumni.library.listing `ResourceListing`: a
`ChoiceFilter`, a `SlugFilter` on the modules counted on their through table, a
`TagFilter`; relevance with words, by date otherwise), news (news.articles.listing
`NewsListing`) and the agenda (news.events.listing `EventListing`, `PastEventListing`):
no search (`search_param = None`), `OfferedFilter`s for the kind or type, the
collectivité (omitted in a section), the theme or the month, the order as the one `Sort`;
their filter form is built from the facets (news.forms).

`FacetedListing.clean_query(params)` gives the address to redirect a form submission to
(empty and default values dropped), or None when it is already clean. Every query runs
once per listing: their number depends on the number of filters, never on the size of the
pool.
"""

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q

from cms import page_queries
from cms.html_cache import CardList
from cms.listing_filters import FacetOption, counts_of, either, grouped_counts
from cms.search import search_words


def paginate(queryset, raw_page, per_page, count=None):
    """A page of results; a missing, invalid or out-of-range number gives a real page.
    `count`: the number of results when already known (no COUNT query)."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # the paginator's cached property, given
    try:
        number = int(raw_page)
    except (TypeError, ValueError):
        number = 1
    number = min(max(number, 1), paginator.num_pages)
    return paginator.page(number)


def clean_query_string(params, defaults=None):
    """The query string without empty or default values, or None if already clean.

    A filter form sends every field, empty ones included (it works without JavaScript);
    redirecting to the clean address keeps shared links short: /projets/?statut=deploye
    rather than /projets/?q=&collectivite=&statut=deploye. `defaults` maps a parameter to
    its default value, dropped too; "page=1" always is.
    """
    defaults = {"page": "1", **(defaults or {})}
    kept, dropped = [], False
    for key, values in params.lists():
        for value in values:
            if not value.strip() or defaults.get(key) == value:
                dropped = True
            else:
                kept.append((key, value))
    if not dropped:
        return None
    return "?" + urlencode(kept) if kept else ""


def _pairs(params):
    """Every (key, value) of the parameters, several values of one key included."""
    if hasattr(params, "lists"):
        return [(key, value) for key, values in params.lists() for value in values]
    return list(params.items())


def url_without(params, *keys, value=None):
    """The query string of the listing without the given filters (and on its first page);
    with `value`, without that one value of the filter only (a facet with several)."""
    kept = [
        (key, item)
        for key, item in _pairs(params)
        if key != "page"
        and item.strip()
        and not (key in keys and (value is None or item.strip() == value))
    ]
    return "?" + urlencode(kept) if kept else "?"


def _clean_param(value):
    if not isinstance(value, str):
        return ""
    return value.strip().replace("\x00", "\N{REPLACEMENT CHARACTER}")


def raw_param(params, key):
    """A parameter as typed, stripped; PostgreSQL refuses NUL characters, so they are
    shown instead of being sent."""
    return _clean_param(params.get(key))


def raw_params(params, key):
    """Every value of a parameter given several times (?thematique=a&thematique=b),
    cleaned as `raw_param`, without empty ones or repeats, in the order given."""
    values = params.getlist(key) if hasattr(params, "getlist") else [params.get(key)]
    return list(dict.fromkeys(v for v in (_clean_param(value) for value in values) if v))


def search_ids(queryset, query, order_by_relevance=True):
    """Ids of the pages matching the words, best match first when asked.

    One search query whose ids then narrow every other query: cheaper than repeating
    the full-text subquery in the count, the page and each facet.
    """
    results = queryset.search(query, order_by_relevance=order_by_relevance)
    if hasattr(results, "get_queryset"):
        # Wagtail's database backends: a plain queryset, ordered by relevance.
        return list(results.get_queryset().values_list("pk", flat=True))
    return [result.pk for result in results]


# --- What a listing shows ------------------------------------------------------------------


@dataclass
class Facet:
    key: str
    label: str
    all_label: str
    options: list = field(default_factory=list)
    multiple: bool = False  # several values may be chosen (checkboxes, OR between them)

    @property
    def selected(self):
        return next((option for option in self.options if option.selected), None)


@dataclass
class ActiveFilter:
    key: str
    label: str
    value_label: str
    remove_url: str


@dataclass(frozen=True)
class Sort:
    """An order offered: its key in the URL, its label, and how it orders the results
    (`order_by` arguments, or a function of the queryset)."""

    key: str
    label: str
    order: tuple | object = ()

    def apply(self, queryset):
        if callable(self.order):
            return self.order(queryset)
        return queryset.order_by(*self.order)


RELEVANCE = Sort("pertinence", "Pertinence")


# --- The listing -------------------------------------------------------------------------


class FacetedListing:
    """Reads the filters of a request, and gives the results, facets and active filters.

    `base` is the pool as given, `pool` the pool narrowed by the search words, `results`
    the pool narrowed by every filter, `page` the page shown, `selected` the filters read
    (key -> `Selection`), `ignored` the (label, value) of values that match nothing.
    """

    declared_filters = []
    per_page = 12
    page_param = "page"
    search_param = "q"
    query_max_length = None  # None: cms.search's default
    search_label = "Recherche"
    search_value_format = "« {} »"
    sorts = []
    default_sort = None
    sort_param = None
    distinct = False
    # Keys of the filters that take several values (?thematique=a&thematique=b): OR
    # within the filter, AND with the others; the facet's counts stay exact.
    multi_value_filters = ()
    # True when the pool holds pages only and does not depend on the time of day: the
    # counts (facets, total) are then kept until the tree changes (cms.page_queries),
    # keyed on their own SQL. A pool of other objects (profiles) is counted every time.
    counts_follow_the_tree = False

    def __init__(self, pool, params, *, omit=()):
        if omit:
            # A listing without some of its filters (a collectivité's own section has
            # no collectivité filter): the others keep their order.
            self.declared_filters = [f for f in self.declared_filters if f.key not in omit]
        self.params = params
        self.base = pool
        self._cache = {}
        self.query = self.read_query(params)
        self.ignored = []
        self.selected = {}  # key -> the Selection the pool is narrowed by
        self.chosen = {}  # key -> every Selection read for it (several for a multi-value)
        for declared in self.declared_filters:
            self._read_filter(declared)
        self.sort = self._resolve_sort()

        self.ranked_ids = None
        self.pool = self.search(pool) if self.query else pool

        self.results = self.pool.filter(self.conditions())
        if self.distinct:
            self.results = self.results.distinct()
        raw_page = params.get(self.page_param)
        options, total = self._counted_options()
        if self.sort == RELEVANCE.key and self.ranked_ids is not None:
            self.page = self._relevance_page(raw_page)
        else:
            ordered = self._sort_of(self.sort).apply(self.results)
            if total is None:
                total = self.counted("total", self.results.count)
            self.page = paginate(self.with_card_data(ordered), raw_page, self.per_page, total)
            if self.counts_follow_the_tree:
                self.page.object_list = self._kept_page_of_cards(self.page)
        self.facets = [
            self._facet(declared, options[declared.key]) for declared in self.declared_filters
        ]
        self.active_filters = self._active_filters()

    # --- reading the request ------------------------------------------------------------

    @classmethod
    def read_query(cls, params):
        if not cls.search_param:
            return ""
        if cls.query_max_length is None:
            return search_words(params.get(cls.search_param))
        return search_words(params.get(cls.search_param), cls.query_max_length)

    @classmethod
    def clean_query(cls, params):
        """The clean address of the listing (see `clean_query_string`), or None."""
        defaults = {}
        if cls.sort_param:
            defaults[cls.sort_param] = cls._default_sort_for(cls.read_query(params))
        return clean_query_string(params, defaults)

    def cached(self, key, compute):
        """`compute()` once per listing (what several filters or steps share)."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def counted(self, name, compute):
        """`compute()`, a count over the pool narrowed by the filters chosen: kept until
        the tree changes when the listing's counts follow the tree, computed every time
        otherwise. Keyed on the pool's SQL (compiled once per listing) and on the values
        chosen, which decide every condition."""
        if not self.counts_follow_the_tree:
            return compute()
        pool_key = self.cached("pool-key", lambda: page_queries.queryset_key(self.pool))
        if pool_key is None:
            return compute()
        chosen = sorted(
            (key, sorted(selection.value for selection in selections))
            for key, selections in self.chosen.items()
        )
        name = f"listing:{type(self).__name__}:{name}:{chosen!r}:{pool_key}"
        return page_queries.cached_by_generation(name, compute)

    def _kept_page_of_cards(self, page):
        """The page's results as cards (cms.html_cache.CardList): their ids kept like the
        counts, the pages read only for the cards whose HTML is not kept."""
        rows = page.object_list.values_list("pk", flat=True)
        ids = self.counted(f"page-ids:{self.sort}:{page.number}", lambda: list(rows))

        def load(wanted):
            return self.with_card_data(self.base.filter(pk__in=wanted)).in_bulk()

        return CardList(ids, load)

    def _read_filter(self, declared):
        values = raw_params(self.params, declared.key)
        if declared.key not in self.multi_value_filters:
            # One value per filter: the last one given, as QueryDict.get reads it.
            single = raw_param(self.params, declared.key)
            values = [single] if single else []
        chosen = []
        for value in values:
            selection = declared.select(self, value)
            if selection is None:
                self.ignored.append((declared.label, value))
            else:
                chosen.append(selection)
        if chosen:
            self.chosen[declared.key] = chosen
            self.selected[declared.key] = either(chosen)

    @classmethod
    def _default_sort_for(cls, query):
        if query and any(sort.key == RELEVANCE.key for sort in cls.sorts):
            return RELEVANCE.key
        return cls.default_sort

    @classmethod
    def sort_choices_for(cls, query):
        return [sort.key for sort in cls.sorts if query or sort.key != RELEVANCE.key]

    def _resolve_sort(self):
        if self.sort_param:
            value = raw_param(self.params, self.sort_param)
            if value in self.sort_choices_for(self.query):
                return value
        return self._default_sort_for(self.query)

    def _sort_of(self, key):
        return next(sort for sort in self.sorts if sort.key == key)

    @property
    def sort_options(self):
        choices = self.sort_choices_for(self.query)
        return [(sort.key, sort.label) for sort in self.sorts if sort.key in choices]

    # --- querying -----------------------------------------------------------------------

    def search(self, pool):
        """The pool narrowed by the words: one full-text query, best match first if
        sorting by relevance (`ranked_ids`)."""
        self.ranked_ids = search_ids(pool, self.query, self.sort == RELEVANCE.key)
        return pool.filter(pk__in=self.ranked_ids)

    def with_card_data(self, queryset):
        return queryset

    def conditions(self, excluding=()):
        """The conditions of the filters chosen, but those of the key(s) `excluding`."""
        excluded = {excluding} if isinstance(excluding, str) else set(excluding)
        condition = Q()
        for key, selection in self.selected.items():
            if key not in excluded:
                condition &= selection.condition
        return condition

    def _relevance_page(self, raw_page):
        """A page of results in the search engine's order, narrowed by the filters."""
        allowed = set(self.results.values_list("pk", flat=True))
        ranked = [pk for pk in self.ranked_ids if pk in allowed]
        page = paginate(ranked, raw_page, self.per_page)
        found = self.with_card_data(self.base.filter(pk__in=list(page.object_list))).in_bulk()
        page.object_list = [found[pk] for pk in page.object_list if pk in found]
        return page

    def _scoped(self, key):
        """The pool narrowed by every filter chosen but `key`'s: where its facet counts."""
        return self.pool.filter(self.conditions(excluding=key)).order_by()

    def _counted_options(self):
        """Every facet's options (key -> list), and the number of results when counted
        with them (None otherwise).

        The facets counted by columns are counted together, with the total, in one query
        grouped by all their columns (see cms.listing_filters); the others count their
        own. Kept like every count.
        """
        by_columns = [
            declared
            for declared in self.declared_filters
            if declared.columns
            and (declared.key not in self.selected or self.selected[declared.key].keeps)
        ]
        options, total = {}, None
        if by_columns:
            name = "by-columns:" + ",".join(declared.key for declared in by_columns)
            counted = self.counted(name, lambda: self._count_by_columns(by_columns))
            options.update(counted["options"])
            total = None if self.distinct else counted["total"]
        for declared in self.declared_filters:
            if declared.key not in options:
                scoped = self._scoped(declared.key)
                options[declared.key] = self.counted(
                    declared.key,
                    lambda declared=declared, scoped=scoped: declared.options(self, scoped),
                )
        return options, total

    def _count_by_columns(self, group):
        """The options of the `group` of filters counted by columns, and the total."""
        scoped = self.pool.filter(self.conditions(excluding=[d.key for d in group]))
        slices, start = {}, 0
        for declared in group:
            slices[declared.key] = slice(start, start + len(declared.columns))
            start += len(declared.columns)
        rows = grouped_counts(scoped.order_by(), [c for d in group for c in d.columns])
        chosen = {key: self.selected[key].keeps for key in slices if key in self.selected}

        def kept_by(values, ignoring=None):
            return all(
                values[slices[key]] in keeps for key, keeps in chosen.items() if key != ignoring
            )

        options = {}
        for declared in group:
            counts = counts_of(
                [(values, n) for values, n in rows if kept_by(values, ignoring=declared.key)],
                slices[declared.key],
            )
            options[declared.key] = declared.options_from_counts(self, counts)
        total = sum(number for values, number in rows if kept_by(values))
        return {"options": options, "total": total}

    def _facet(self, declared, counted_options):
        key = declared.key
        chosen = self.chosen.get(key, [])
        # Copies: the options kept are shared between requests, `selected` is this one's.
        options = [replace(option) for option in counted_options]
        offered = {option.value for option in options}
        missing = [s for s in chosen if s.value not in offered]
        options[:0] = [FacetOption(s.value, s.label, 0) for s in missing]
        values = {selection.value for selection in chosen}
        for option in options:
            option.selected = option.value in values
        multiple = key in self.multi_value_filters
        return Facet(key, declared.label, declared.all_label, options, multiple=multiple)

    # --- what the template shows ------------------------------------------------------------

    def url_without(self, *keys):
        return url_without(self.params, *keys)

    def _active_filters(self):
        active = []
        for declared in self.declared_filters:
            chosen = self.chosen.get(declared.key, [])
            for selection in chosen:
                if len(chosen) > 1:
                    remove_url = url_without(self.params, declared.key, value=selection.value)
                else:
                    remove_url = self.url_without(declared.key)
                active.append(
                    ActiveFilter(declared.key, declared.label, selection.label, remove_url)
                )
        if self.query:
            value_label = self.search_value_format.format(self.query)
            remove_url = self.url_without(self.search_param)
            active.append(
                ActiveFilter(self.search_param, self.search_label, value_label, remove_url)
            )
        return active

    def facet(self, key):
        return next(facet for facet in self.facets if facet.key == key)

    @property
    def total(self):
        return self.page.paginator.count

    @property
    def is_filtered(self):
        return bool(self.selected or self.query)

    @property
    def clear_url(self):
        return "?"
