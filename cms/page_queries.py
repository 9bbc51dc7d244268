"""What every page request reads around the page itself, in a few queries whatever the
size of the site (issue 14: at most 15 queries a page).

- **Routing** (`route_for_request`, from `cms.views.serve_page`; `route_child`, called by
  `BasePage.route`): Wagtail looks each step of the path up by slug, then loads its
  specific row (two queries a step). Here the pages along the path come in one query
  (kept per path until the tree changes), each built as its specific class without its
  own fields, and only the page that answers is read with its own row and what its type
  declares (`serve_select_related`, `serve_prefetch_related()`), on every request.
  Wagtail's walk is kept: a routable index's routes (`chiffres/`, `ical/`…) still come
  before its children.
- **Ancestors** (`ancestors`): the routed page's ancestors are those of the walk
  (breadcrumbs), without a query.
- **View restrictions** (`restricted_sections`): the tree paths of the restricted pages and
  whether any alias exists, kept in the cache. `PageQuerySet.public()` and the check
  before serving read them instead of every `PageViewRestriction` on each call.
- **Site and settings** (`find_site`, `load_site_settings`): the request's site, every site
  setting and the pages they choose (the footer's), in one query, left where
  `Site.find_for_request` and `BaseSiteSetting.for_request` look.
- **What is derived from the tree** (`cached_by_generation`: the menu, the empty sections,
  the restricted sections…) is kept in the cache under the page cache's generations
  (cms.page_cache): every publication, move, deletion and change of a setting, snippet or
  view restriction gives it a new key. A cache that fails is a miss: the value is computed.
"""

import hashlib
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField, Q, Subquery, Value
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import timezone
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import (
    MATCH_DEFAULT,
    MATCH_HOSTNAME,
    MATCH_HOSTNAME_DEFAULT,
    MATCH_HOSTNAME_PORT,
)
from wagtail.query import PageQuerySet

from . import kept_values, page_cache

# Values derived from the tree live at most this long (a new generation orphans them).
DERIVED_TIMEOUT = 3600
_ROUTE_ATTR = "_emi_route_chain"
_SETTINGS_LOADED_ATTR = "_emi_site_settings_loaded"


def _derived_key(prefix, name, generation):
    digest = hashlib.sha256(name.encode()).hexdigest()[:24]  # any name makes a valid key
    return f"{prefix}:{digest}:{generation}"


def cached_by_generation(name, compute, keep=True):
    """`compute()`, kept in the cache until the tree or what pages show changes (not
    stored when `keep` is False: a mere look-up)."""
    generation = page_cache.tree_generation()
    if generation is None:
        return compute()
    key = _derived_key("pagequeries", name, generation)
    already = page_cache.values_of_this_generation()
    if already is not None and key in already:
        return already[key][0]
    stored = kept_values.get(key)  # a 1-tuple: None is a value too (no such page)
    if stored is None:
        stored = (compute(),)
        if keep:
            kept_values.keep(key, stored, DERIVED_TIMEOUT)
    if already is not None and (keep or stored[0] is not None):
        already[key] = stored
    return stored[0]


def cached_until(name, compute):
    """`compute()` gives (value, until): the value is kept until the tree changes or
    until `until` (an aware datetime; None: no limit) has come, whichever is first. For
    what also changes with time alone (the events still to come)."""
    generation = page_cache.tree_generation()
    if generation is None:
        return compute()[0]
    key = _derived_key("pagequeries:until", name, generation)
    stored = kept_values.get(key)
    if stored is not None and (stored[1] is None or timezone.now() < stored[1]):
        return stored[0]
    value, until = compute()
    kept_values.keep(key, (value, until), DERIVED_TIMEOUT)
    return value


def cached_for_queryset(name, queryset, compute):
    """`compute()`, a figure read from `queryset` (a count, an aggregate), kept until the
    tree changes and keyed on the queryset's own SQL: another pool, another filter or
    another visitor's view restrictions make another entry. The queryset must hold pages
    (or what the page cache watches) and not depend on the time of day."""
    key = queryset_key(queryset)
    if key is None:  # a condition no row can meet: nothing to read
        return compute()
    return cached_by_generation(f"{name}:{key}", compute)


def queryset_key(queryset):
    """The queryset's SQL and parameters, or None when no row can match."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    return f"{sql}:{params!r}"


# --- view restrictions ---------------------------------------------------------------


# What a page row read with the restrictions is (`role`): a page of the path, a
# restricted page, an alias.
_STEP, _RESTRICTED, _ALIAS = 0, 1, 2


def _with_role(queryset, role):
    return queryset.order_by().annotate(role=Value(role, output_field=IntegerField()))


def _restriction_rows():
    """The restricted pages and one alias, if any, as querysets of pages to unite."""
    an_alias = Page.objects.filter(alias_of__isnull=False).values("pk")[:1]
    restricted_ids = PageViewRestriction.objects.values("page_id")
    return [
        _with_role(Page.objects.filter(pk__in=restricted_ids), _RESTRICTED),
        _with_role(Page.objects.filter(pk=Subquery(an_alias)), _ALIAS),
    ]


def _as_restricted_sections(rows):
    return {
        "sections": sorted(
            (page.path, page.depth, page.pk) for page in rows if page.role == _RESTRICTED
        ),
        "aliases": any(page.role == _ALIAS for page in rows),
    }


def _read_restricted_sections():
    """The restricted pages and whether an alias exists, in one query."""
    restricted, alias = _restriction_rows()
    return _as_restricted_sections(list(restricted.union(alias, all=True)))


def restricted_sections():
    """{"sections": [(path, depth, page id)] of the restricted pages, "aliases": bool}."""
    return cached_by_generation("restricted", _read_restricted_sections)


def _restricted_sections_kept():
    return cached_by_generation("restricted", lambda: None, keep=False) is not None


def private_q(queryset):
    """Wagtail's `PageQuerySet.private_q`, from the cached restricted sections."""
    q = Q()
    for path, depth, pk in restricted_sections()["sections"]:
        q |= queryset.descendant_of_q(SimpleNamespace(path=path, depth=depth, pk=pk), True)
    # As Wagtail: no private section matches no page.
    return q if q else Q(pk__in=[])


def view_restrictions(page):
    """The restrictions that apply to `page`, or None when Wagtail must look (aliases)."""
    known = restricted_sections()
    if known["aliases"]:
        return None
    ids = [pk for path, _depth, pk in known["sections"] if page.path.startswith(path)]
    if not ids:
        return PageViewRestriction.objects.none()
    return PageViewRestriction.objects.filter(page_id__in=ids)


def is_public(page):
    """Wagtail's `.public()` for one page: no view restriction covers it."""
    return not any(page.path.startswith(path) for path, *_ in restricted_sections()["sections"])


# --- a page's sections ---------------------------------------------------------------


def live_children(page):
    """The live children of `page` (a site's root: its sections, for the menu and the
    indexes that pages link to), in tree order, each as its specific class without its
    own fields (for its URL, its title, its routes): one query, kept until the tree
    changes."""
    return cached_by_generation(
        f"live-children:{page.pk}",
        lambda: _as_live_children(Page.objects.child_of(page).order_by("path")),
    )


def _as_live_children(children):
    return [child.get_specific(deferred=True) for child in children if child.live]


def _keep_live_children(page, children):
    """Keeps `live_children(page)` when it is not kept yet, from `children` (the base
    rows of every child of `page`, in tree order) read by the routing."""
    cached_by_generation(f"live-children:{page.pk}", lambda: _as_live_children(children))


def first_child_of_type(page, model):
    """The first live child of `page` that is a `model` (or "app.Model"), or None."""
    if isinstance(model, str):
        model = apps.get_model(model)
    return next((child for child in live_children(page) if isinstance(child, model)), None)


def install():
    """Called once by cms.apps: `.public()` everywhere (listings, sitemap, API, search)
    reads the cached restricted sections, and a change of a restriction clears them;
    `Site.find_for_request` (every view, the API, the feeds) finds the site and its
    settings among the sites kept in the cache (`find_site`)."""
    PageQuerySet.private_q = private_q
    Site.find_for_request = staticmethod(find_site)
    Site.get_site_root_paths = staticmethod(page_cache.site_root_paths)
    page_cache.watch(PageViewRestriction)


# --- routing -------------------------------------------------------------------------


def _steps(start, components, children=None, with_restrictions=False):
    """The pages below `start` that `components` name, from the top, in one query; it
    stops at the first component that names no page. From the same query, `children`
    (a list) gets every child of `start` (a site's sections, for `live_children`), and
    `with_restrictions` keeps the restricted sections (`restricted_sections`)."""
    conditions = Q()
    for offset, slug in enumerate(components, start=1):
        conditions |= Q(depth=start.depth + offset, slug=slug)
    if children is not None:
        conditions |= Q(depth=start.depth + 1)
    pages = _with_role(Page.objects.filter(conditions, path__startswith=start.path), _STEP)
    if with_restrictions:
        pages = pages.union(*_restriction_rows(), all=True)
    rows = list(pages.order_by("path"))
    found = [page for page in rows if page.role == _STEP]
    if with_restrictions:
        cached_by_generation("restricted", lambda: _as_restricted_sections(rows))
    if children is not None:
        children.extend(page for page in found if page.depth == start.depth + 1)
    steps, current = [], start
    for slug in components:
        current = next(
            (
                page
                for page in found
                if page.depth == current.depth + 1
                and page.slug == slug
                and page.path.startswith(current.path)
            ),
            None,
        )
        if current is None:
            break
        steps.append(current)
    return steps


class _RouteChain:
    """The pages along one request's path, from the page the walk starts from."""

    def __init__(self, start, components, start_instance=None, steps=None, anonymous=False):
        self.start = start
        self.components = tuple(components)
        if steps is None and components:
            from_root = start_instance is None  # a site's root
            children = [] if from_root else None
            steps = _steps(
                start, components, children, from_root and not _restricted_sections_kept()
            )
            if children is not None:
                _keep_live_children(start, children)
        self.pages = [start, *(steps or ())]  # base Page rows, from the top
        self.routed = False  # whether a routable page takes the rest of the path
        self.answering = self._answering_page()
        self.by_path = {}  # tree path → the instance the walk gets (its specific class)
        for page in self.pages:
            if page is start and start_instance is not None:
                instance = start_instance
            elif page is self.answering:
                instance = _kept_served(page) if anonymous else _served(page)
            else:
                instance = page.get_specific(deferred=True)  # its own fields never read
            self.by_path[page.path] = instance

    @property
    def complete(self):
        """Whether the path leads to a page (every component a page, or a route)."""
        return len(self.pages) == len(self.components) + 1 or self.routed

    def _answering_page(self):
        """The page Wagtail's walk ends on: the last one, or a routable page whose route
        takes the rest of the path."""
        for position, page in enumerate(self.pages):
            rest = self.components[position:]
            model = page.specific_class
            if rest and page.live and model and issubclass(model, RoutablePageMixin):
                try:
                    model.get_resolver().resolve("/" + "/".join(rest) + "/")
                except Http404:
                    continue
                self.routed = True
                return page
        return self.pages[-1]

    def covers(self, parent, components):
        """Whether this chain was read for the walk that reached `parent` with `components`."""
        rest = self.components[parent.depth - self.start.depth :]
        return parent.path in self.by_path and rest == tuple(components)

    def child(self, parent, slug):
        for page in self.pages:
            if page.depth == parent.depth + 1:
                return self.by_path[page.path] if page.slug == slug else None
        return None


def _served(page):
    """The page that answers, with what its page type says its template reads
    (`serve_select_related`, and `serve_prefetch_related()`), in as few queries."""
    model = page.specific_class
    if model is None:
        return page
    related = getattr(model, "serve_select_related", ())
    prefetched = getattr(model, "serve_prefetch_related", tuple)()
    queryset = model._default_manager.select_related(*related).prefetch_related(*prefetched)
    return queryset.get(pk=page.pk)


def _kept_served(page):
    """`_served(page)` kept until the tree changes, for a visitor who is not logged in:
    what such a visitor is shown of a page changes only with a publication. A logged-in
    editor reads it afresh (the user bar reads the draft's state, its lock, its
    revisions, which change without a publication)."""
    return cached_by_generation(f"served:{page.pk}", lambda: _served(page))


def route_child(request, parent, components):
    """The child of `parent` that the first of `components` names, or None (a 404).

    Unless `route_for_request` read them already, the pages of the rest of the path
    are read at once.
    """
    chain = getattr(request, _ROUTE_ATTR, None) if request is not None else None
    if chain is None or not chain.covers(parent, components):
        chain = _RouteChain(parent, components, start_instance=parent)
        if request is not None:
            setattr(request, _ROUTE_ATTR, chain)
    return chain.child(parent, components[0])


def _routed_chain(site, components, anonymous):
    """The walk's pages (their base rows), read once per path until the tree changes;
    the page served is read with its own fields, kept too for an `anonymous` visitor.
    Only paths that lead to a page are kept, so that unknown addresses fill no cache."""
    if not components:
        return _RouteChain(site.root_page, components, anonymous=anonymous)
    name = f"route:{site.pk}:{'/'.join(components)}"
    steps = cached_by_generation(name, lambda: None, keep=False)
    if steps is not None:
        return _RouteChain(site.root_page, components, steps=steps, anonymous=anonymous)
    chain = _RouteChain(site.root_page, components, anonymous=anonymous)
    if chain.complete:
        cached_by_generation(name, lambda: chain.pages[1:])
    return chain


def route_for_request(request, path):
    """Wagtail's `Page.route_for_request`, whose answer it leaves where Wagtail looks:
    the walk starts from the site's root page as read with the site (its own fields are
    read only when it is the page served)."""
    translated = getattr(settings, "WAGTAIL_I18N_ENABLED", False)
    if hasattr(request, "_wagtail_route_for_request") or translated:
        return Page.route_for_request(request, path)
    site = find_site(request)
    route = None
    if site is not None:
        components = [component for component in path.split("/") if component]
        user = getattr(request, "user", None)
        anonymous = user is not None and not user.is_authenticated
        chain = _routed_chain(site, components, anonymous)
        setattr(request, _ROUTE_ATTR, chain)
        try:
            route = chain.by_path[site.root_page.path].route(request, components)
        except Http404:
            route = None
    request._wagtail_route_for_request = route
    return route


def ancestor_of_type(request, page, model):
    """The nearest ancestor of the routed `page` that is a `model` (its own fields not
    read: for its URL or title), else the first one from the database."""
    chain = getattr(request, _ROUTE_ATTR, None) if request is not None else None
    if chain is not None and chain.pages[-1].pk == page.pk:
        for above in reversed(chain.pages[:-1]):
            if issubclass(above.specific_class or Page, model):
                return chain.by_path[above.path]
        return None
    return model.objects.ancestor_of(page).first()


def ancestors(request, page):
    """`page`'s ancestors from depth 2 (the home page) down, as base pages; those of the
    routed page come from its walk, without a query."""
    chain = getattr(request, _ROUTE_ATTR, None) if request is not None else None
    if chain is not None and chain.pages[-1].pk == page.pk:
        return [above for above in chain.pages[:-1] if above.depth >= 2]
    return list(Page.objects.ancestor_of(page).filter(depth__gte=2).order_by("depth"))


# --- site settings -------------------------------------------------------------------


def _site_setting_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, BaseSiteSetting) and not model._meta.abstract
    ]


def _settings_related(models):
    """select_related() lookups from Site to these setting models and the pages they choose."""
    related = []
    for model in models:
        accessor = model._meta.get_field("site").remote_field.get_accessor_name()
        related.append(accessor)
        related += [
            f"{accessor}__{field.name}"
            for field in model._meta.get_fields()
            if field.many_to_one and field.related_model is Page
        ]
    return related


def _keep_settings(request, loaded, models):
    """Leave the settings read with the site where `Model.for_request` looks."""
    setattr(request, _SETTINGS_LOADED_ATTR, True)
    for model in models:
        accessor = model._meta.get_field("site").remote_field.get_accessor_name()
        try:
            instance = getattr(loaded, accessor)
        except model.DoesNotExist:
            continue  # created by for_request, as Wagtail does
        instance._request = request
        setattr(request, model.get_cache_attr_name(), instance)


def _best_site(sites):
    """Wagtail's choice among the sites matching a host (get_site_for_hostname)."""
    if not sites:
        return None
    if len(sites) == 1 or sites[0].match in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return sites[0]
    if sites[0].match == MATCH_DEFAULT:
        return sites[len(sites) == 2]
    return None


def _match(site, hostname, port):
    """How `site` matches a host, as Wagtail ranks it (None: not at all)."""
    if site.hostname == hostname:
        if str(site.port) == str(port):
            return MATCH_HOSTNAME_PORT
        return MATCH_HOSTNAME_DEFAULT if site.is_default_site else MATCH_HOSTNAME
    return MATCH_DEFAULT if site.is_default_site else None


def _every_site(models):
    """Every site with its root page, its settings and the pages they choose: few rows,
    read in one query and kept until the tree or a setting changes."""

    def read():
        related = ("root_page", *_settings_related(models))
        return list(Site.objects.select_related(*related).order_by("pk"))

    return cached_by_generation("sites-with-settings", read)


def find_site(request):
    """`Site.find_for_request`, whose answer it leaves where Wagtail looks, with the
    site's root page, every site setting and the pages they choose (no query while the
    tree and the settings do not change)."""
    if request is None:
        return None
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    models = _site_setting_models()
    sites = []
    for site in _every_site(models):
        site.match = _match(site, hostname, port)
        if site.match is not None:
            sites.append(site)
    sites.sort(key=lambda site: site.match)
    site = _best_site(sites)
    request._wagtail_site = site
    if site is not None:
        _keep_settings(request, site, models)
    return site


def load_site_settings(request):
    """Read every site setting of the request's site, and the pages they choose, in one
    query (none when the site was found by `find_site`); `Model.for_request(request)`
    then finds each on the request."""
    if request is None or getattr(request, _SETTINGS_LOADED_ATTR, False):
        return
    if not hasattr(request, "_wagtail_site"):
        find_site(request)
        return
    setattr(request, _SETTINGS_LOADED_ATTR, True)
    site = Site.find_for_request(request)
    if site is None:
        return
    models = [m for m in _site_setting_models() if not hasattr(request, m.get_cache_attr_name())]
    loaded = Site.objects.select_related(*_settings_related(models)).filter(pk=site.pk).first()
    _keep_settings(request, loaded, models)
