"""What every filtered listing of the site shares: pages of results, facets, clean URLs.

Filters are slugs in the URL (DESIGN.md). The listings (project bank, resource library,
alumni directory) read their own filters and reuse these pieces.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator


def paginate(queryset, raw_page, per_page):
    """A page of results; a missing, invalid or out-of-range number gives a real page."""
    paginator = Paginator(queryset, per_page)
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


def url_without(params, *keys):
    """The query string of the listing without the given filters (and on its first page)."""
    kept = [
        (key, value)
        for key, value in params.items()
        if key not in keys and key != "page" and value.strip()
    ]
    return "?" + urlencode(kept) if kept else "?"


def raw_param(params, key):
    """A parameter as typed, stripped; PostgreSQL refuses NUL characters, so they are
    shown instead of being sent."""
    value = params.get(key)
    if not isinstance(value, str):
        return ""
    return value.strip().replace("\x00", "\N{REPLACEMENT CHARACTER}")


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


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    key: str
    label: str
    all_label: str
    options: list = field(default_factory=list)

    @property
    def selected(self):
        return next((option for option in self.options if option.selected), None)


@dataclass
class ActiveFilter:
    key: str
    label: str
    value_label: str
    remove_url: str
