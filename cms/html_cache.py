"""HTML rendered once until the tree changes (issue 14: pages fast without the page
cache): cards, and fragments of templates (`{% kept %}`).

Cards.
A card (a project in the bank, on the home page, under another project) shows a page
and the snippets it names: never the visitor, the time of day, or a block that the
pre-election period hides. Its HTML is kept in the cache under the tree generation
(cms.page_cache): any publication, move, deletion or change of a snippet or setting
gives every card a new key. Keyed too on the page, the card's template, what the
template is given (the heading level) and the site (a link to another site is
absolute).

Given ids and a way to load the missing pages (`CardList`), or a listing's lazy
queryset, a list of cards whose HTML is all kept costs one query (the ids) or none: the
pages, their covers, themes and indicators are read only for the cards missing. When
the cache does not answer, every card is rendered, as without this module.

Fragments. `{% kept "name" value… %}…{% endkept %}` keeps what the block renders, keyed
on its name, the values given (the page it shows), the site, the tree generation and
whether the pre-election period runs (its marked blocks come and go at midnight). For
what depends on the tree alone: never the visitor, the time of day (an event's state,
a call's deadline) or the registrations. Never kept in a preview or the admin (a draft is
shown there), nor when it holds a CSRF token or the request's CSP nonce (both change on
every response).
"""

import hashlib

from django.db.models import QuerySet
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from . import electoral_reserve, kept_values, page_cache

# Orphaned by the next generation long before this.
KEPT_TIMEOUT = 3600


def _site_id(request):
    site = getattr(request, "_wagtail_site", None)
    return site.pk if site else ""


class CardList:
    """The pages of some cards, in order: their ids, and `load(ids) -> {id: page}` to read
    the pages (with what their card shows). Iterating it reads every page. `read`
    (id → page) holds pages already read (with the choice of them, or by another list
    sharing it): only the others are loaded."""

    def __init__(self, ids, load, read=None):
        self.ids = list(ids)
        self._load = load
        self._read = {} if read is None else read
        self._pages = None

    def load(self, ids):
        missing = [pk for pk in ids if pk not in self._read]
        if missing:
            self._read.update(self._load(missing))
        return {pk: self._read[pk] for pk in ids if pk in self._read}

    def __iter__(self):
        if self._pages is None:
            found = self.load(self.ids)
            self._pages = [found[pk] for pk in self.ids if pk in found]
        return iter(self._pages)

    def __len__(self):
        return len(self.ids)

    def __bool__(self):
        return bool(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            kept = self.ids[index]
            return CardList(kept, self._load, self._read)
        return list(self)[index]


def card_list(items):
    """`items` (a CardList, a queryset, evaluated or not, or a list of pages) as a
    CardList: a lazy queryset gives its ids in one light query."""
    if isinstance(items, CardList):
        return items
    if isinstance(items, QuerySet) and items._result_cache is None:
        ids = list(items.values_list("pk", flat=True))
        return CardList(ids, lambda wanted: {page.pk: page for page in items if page.pk in wanted})
    pages = list(items or ())
    by_id = {page.pk: page for page in pages}
    return CardList(by_id, lambda wanted: {pk: by_id[pk] for pk in wanted if pk in by_id})


def _key(template_name, name, given, site_id, pk, generation):
    card = hashlib.sha256(f"{template_name}|{name}|{sorted(given.items())!r}".encode())
    return f"card:{card.hexdigest()[:20]}:{site_id}:{pk}:{generation}"


def render_cards(request, items, template_name, name, given):
    """The HTML of a card per page of `items`, in order: `template_name` rendered with the
    page as `name`, `given` (what the template expects besides: its heading level…) and
    the request (for relative links and pictures)."""
    cards = card_list(items)
    if not cards:
        return ""
    template = get_template(template_name)

    def render(page):
        return template.render({name: page, **given, "request": request})

    generation = page_cache.tree_generation()
    if generation is None:
        return mark_safe("".join(render(page) for page in cards))
    keys = {
        pk: _key(template_name, name, given, _site_id(request), pk, generation) for pk in cards.ids
    }
    kept = kept_values.get_many(list(keys.values()))
    missing = [pk for pk in cards.ids if keys[pk] not in kept]
    if missing:
        loaded = cards.load(missing)
        rendered = {keys[pk]: render(loaded[pk]) for pk in missing if pk in loaded}
        kept_values.keep_many(rendered, KEPT_TIMEOUT)
        kept.update(rendered)
    return mark_safe("".join(kept[keys[pk]] for pk in cards.ids if keys[pk] in kept))


def fragment_key(request, name, values):
    """The key of a fragment for this request, or None when it must be rendered."""
    if request is None or electoral_reserve.is_editor_view(request):
        return None
    generation = page_cache.tree_generation()
    if generation is None:
        return None
    reserve = electoral_reserve.running_period(request) is not None
    digest = hashlib.sha256(f"{name}|{values!r}|{reserve}".encode()).hexdigest()[:24]
    return f"fragment:{digest}:{_site_id(request)}:{generation}"


def _holds_a_token(request, html):
    if "csrfmiddlewaretoken" in html:
        return True
    nonce = getattr(request, "_csp_nonce", None)  # set by django-csp once used
    return bool(nonce) and nonce in html


def kept_fragment(request, name, values, render):
    """`render()`'s HTML, kept under `fragment_key` (see the module's docstring)."""
    key = fragment_key(request, name, values)
    if key is None:
        return render()
    html = kept_values.get(key)
    if html is None:
        html = render()
        if not _holds_a_token(request, html):
            kept_values.keep(key, html, KEPT_TIMEOUT)
    return html
