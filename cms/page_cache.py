"""The page cache: anonymous visitors get a stored copy of a page, without a query.

What is stored: the answer to a GET by a visitor who is not logged in (no session
cookie, no pending message), status 200 or 301, that sets no cookie (a page carrying a
POST form sets the CSRF cookie, so it is never stored and its form always works without
JavaScript), is not ``Cache-Control: private/no-store/no-cache``, varies on nothing but
the cookie and the language, and belongs to a Wagtail site. Never stored: previews, the
admin, ``/sante/``, documents, private images, anything with an Authorization header.

The entry is keyed on scheme, host, path and the query string (parameters sorted by
name), and holds the Wagtail site it belongs to. Each site has a generation token in
the cache, and one token covers every site: an entry is served only while both tokens
are those it was stored under. ``invalidate_site(site)`` replaces the site's token (or,
with no site, the token of every site): clearing is O(1) and, with Redis, holds for
every process at once. A lost token (cache evicted or restarted) is replaced by a fresh
one, which orphans the old entries rather than resurrecting them. A page computed while
its site was invalidated (it may hold the old version) is stored by neither cache: the
tokens are read before and after computing it, and it is kept only if they did not move.

An entry is never served past the next start or end of its site's pre-election period
(cms.electoral_reserve: the blocks marked « promotion institutionnelle » appear or
disappear at midnight without a publication), nor after ``PAGE_CACHE_TIMEOUT``: the
first of the two is its deadline, kept with it.

Each app process also keeps the entries it serves in its own memory
(``PAGE_CACHE_LOCAL_ENTRIES``, least recently used first out): a hit then reads only
the two tokens from the shared cache, not the page (a calendar of a thousand events is
600 kB), and a copy is served under the same checks as the shared one (tokens,
deadline), so a publication through any server is seen by all at once.

``PageCacheMiddleware`` sits before the session and authentication middleware, so a hit
costs no SQL query (and no session read); a Redis failure is a miss. Every answer it
looks at carries ``X-Cache: hit``, ``miss`` (stored now) or ``bypass``; shareable answers
also carry ``X-Site: <id>``, which the edge cache (deploy/varnish/emi.vcl) requires
before it stores a page and bans by (cms.edge_cache).

Invalidation follows publication, unpublication, move and deletion of any page, and
saves and deletions of what pages display: every snippet (Wagtail's registry), every
site or generic setting, sites, images, documents, redirects, and the models an app
adds with ``watch(...)``, and changes of their many-to-many relations (a save that
only records a login's time is not a change). Inside a transaction the site is
invalidated at once and again after the commit, so that no other process stores the old
version in between; the edge cache is banned after the commit.
``site_content_changed(sender, site)`` is sent after each invalidation (site None:
every site).
"""

import contextvars
import gzip
import hashlib
import logging
import math
import re
import uuid
from contextlib import contextmanager
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_vary_headers
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from . import edge_cache, electoral_reserve, kept_values

logger = logging.getLogger(__name__)

# Sent after the page cache (and the edge cache) of `site` were cleared; site None means
# every site. Other caches of what pages display (the site frame) clear themselves on it.
site_content_changed = Signal()

CACHEABLE_STATUSES = (200, 301)
# The site has one language and logged-in visitors never reach the cache: a page that
# varies on these still has one version for every anonymous visitor.
HARMLESS_VARY = {"cookie", "accept-language"}
NEVER_CACHED_PREFIXES = ("/sante/", "/images-privees/")
# Per request: X-Request-ID comes from the outer middleware on each answer; the length
# is that of the body sent (the page or its compressed copy).
NOT_STORED_HEADERS = {"x-cache", "x-request-id", "set-cookie", "content-length"}
ALL_SITES = "all"
# (site id, generations, deadline timestamp, status, headers, content, gzipped content)
ENTRY_LENGTH = 7
# A body this long or longer is also kept gzip-compressed (a calendar of 600 kB: 60 kB).
GZIP_MIN_LENGTH = 1024
accepts_gzip = re.compile(r"\bgzip\b")
_watched = []


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _generation_key(site_id):
    return f"pagecache:gen:{site_id}"


def entry_key(request):
    """The cache key of this request's page, or None when its host is not allowed."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    # Sorted by name only: the order of a parameter's values is kept, it may matter.
    query = urlencode(sorted(pairs, key=lambda pair: pair[0]))
    address = f"{request.scheme}://{host}{request.path}?{query}"
    return "pagecache:page:" + hashlib.sha256(address.encode()).hexdigest()


def may_serve_from_cache(request):
    """Whether this request may get (and leave) a shared copy of the page."""
    if request.method not in ("GET", "HEAD") or getattr(request, "is_dummy", False):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    if "Authorization" in request.headers:
        return False
    path = request.path_info
    excluded = (
        *settings.ADMIN_PATH_PREFIXES,
        settings.DOCUMENTS_PATH_PREFIX,
        *NEVER_CACHED_PREFIXES,
        *settings.PAGE_CACHE_EXCLUDED_PATHS,
    )
    return not path.startswith(excluded)


def _shareable(response):
    """Whether an answer is the same for every anonymous visitor (cookies, headers)."""
    if response.status_code not in CACHEABLE_STATUSES or response.streaming:
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    cache_control = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & {"private", "no-store", "no-cache"}:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    return vary <= HARMLESS_VARY


def _current_generations(cache, site_id, create=False):
    keys = [_generation_key(site_id), _generation_key(ALL_SITES)]
    found = cache.get_many(keys)
    if create and len(found) < len(keys):
        for key in keys:
            if key not in found:
                cache.add(key, uuid.uuid4().hex, timeout=None)
        found = cache.get_many(keys)
    return tuple(found.get(key) for key in keys)


class PageCacheMiddleware:
    """Serve and store anonymous pages (placed before the session middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with one_tree_generation():
            return self._respond(request)

    def _respond(self, request):
        enabled = settings.PAGE_CACHE_ENABLED
        if not (enabled or settings.EDGE_CACHE_URLS) or not may_serve_from_cache(request):
            return self.get_response(request)
        key = entry_key(request) if enabled else None
        if key is not None:
            hit = self._lookup(request, key)
            if hit is not None:
                return hit
        # A miss: the site's generations are read before the page is computed, and again
        # after. A publication in between (this page may hold the old version) leaves the
        # page unstored and unmarked, so that neither cache keeps it.
        site = Site.find_for_request(request)
        before = _current_generations(_cache(), site.pk, create=True) if site else None
        # The day the page is computed on: a page computed across midnight is not stored.
        day = electoral_reserve.today()
        response = self.get_response(request)
        if site is None or not _shareable(response) or None in before:
            return self._mark(response, "bypass" if enabled else None)
        if _current_generations(_cache(), site.pk) != before:
            return self._mark(response, "bypass" if enabled else None)
        response["X-Site"] = str(site.pk)
        if key is None or request.method != "GET":
            return self._mark(response, "bypass" if enabled else None)
        deadline = electoral_reserve.next_boundary(request, day)
        if not self._store(key, site.pk, before, response, deadline):
            return self._mark(response, "bypass")
        return self._mark(response, "miss")

    @staticmethod
    def _mark(response, state):
        if state:
            response["X-Cache"] = state
        return response

    def _lookup(self, request, key):
        cache, memory = _cache(), _local_entries()
        tokens = {}  # site id -> its tokens, read once however many copies are looked at
        entry = memory.get(key) if memory is not None else None
        if not _still_valid(cache, entry, tokens):
            entry = cache.get(key)
            if not _still_valid(cache, entry, tokens):
                return None
            if memory is not None:
                memory.set(key, entry, _seconds_left(entry))
        status, headers, content, gzipped = entry[3:]
        if gzipped is not None and accepts_gzip.search(request.headers.get("Accept-Encoding", "")):
            response = HttpResponse(gzipped, status=status)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["Content-Length"] = str(len(response.content))
        response["X-Cache"] = "hit"
        return response

    def _store(self, key, site_id, generations, response, deadline=None):
        """Store the answer until the cache's timeout, or until `deadline` (an aware
        datetime) when it comes first; False when it has already come."""
        now = electoral_reserve.now().timestamp()
        expires = now + settings.PAGE_CACHE_TIMEOUT
        if deadline is not None:
            if deadline.timestamp() <= now:
                return False
            expires = min(expires, deadline.timestamp())
        if _compressible(response):
            patch_vary_headers(response, ["Accept-Encoding"])
            gzipped = gzip.compress(response.content, compresslevel=6, mtime=0)
        else:
            gzipped = None
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in NOT_STORED_HEADERS
        ]
        content = response.content
        entry = (site_id, generations, expires, response.status_code, headers, content, gzipped)
        timeout = _seconds_left(entry)
        _cache().set(key, entry, timeout)
        memory = _local_entries()
        if memory is not None:
            memory.set(key, entry, timeout)
        return True


def _compressible(response):
    """Whether a stored answer is also kept gzip-compressed, served so to the clients
    that accept it. Safe for any stored page: it is the same for every visitor and holds
    no secret (no CSRF token, no session), what a compression attack would look for."""
    long_enough = len(response.content) >= GZIP_MIN_LENGTH
    return long_enough and not response.has_header("Content-Encoding")


def _local_entries():
    return kept_values.local_memory(
        "emi-page-entries", settings.PAGE_CACHE_LOCAL_ENTRIES, settings.PAGE_CACHE_TIMEOUT
    )


def _still_valid(cache, entry, tokens):
    """Whether a stored entry may be served: stored by this version of the module, its
    deadline not passed, its site's tokens (read into `tokens` once) unchanged."""
    if entry is None or len(entry) != ENTRY_LENGTH:
        return False
    site_id, generations, deadline = entry[:3]
    if deadline is not None and electoral_reserve.now().timestamp() >= deadline:
        return False
    if site_id not in tokens:
        tokens[site_id] = _current_generations(cache, site_id)
    return tokens[site_id] == generations


def _seconds_left(entry):
    deadline = entry[2]
    if deadline is None:  # stored by a version that kept no deadline
        return settings.PAGE_CACHE_TIMEOUT
    return max(1, math.ceil(deadline - electoral_reserve.now().timestamp()))


# The tree generation as this request first read it ({} until read; None outside a
# request): what a page derives from the tree is read under one generation, in one
# round trip to the cache instead of one per derived value.
_request_generation = contextvars.ContextVar("emi_tree_generation", default=None)


@contextmanager
def one_tree_generation():
    """Within the block (a request), `tree_generation()` reads the cache once; an
    invalidation inside the block (a publication by this request) reads it again."""
    token = _request_generation.set({})
    try:
        yield
    finally:
        _request_generation.reset(token)


def tree_generation():
    """One token for the current state of every site's pages and of what they show: it
    changes on every invalidation below (cms.page_queries keys what it derives from the
    tree on it). None when the cache does not answer."""
    memo = _request_generation.get()
    if memo and "generation" in memo:
        return memo["generation"]
    generation = _read_tree_generation()
    if memo is not None and generation is not None:
        memo["generation"] = generation
        memo["values"] = {}
    return generation


def values_of_this_generation():
    """A dict for what this request already read under its generation (cms.page_queries:
    a value asked for twice is read from the cache once), or None outside a request."""
    memo = _request_generation.get()
    return memo.get("values") if memo else None


_wagtail_site_root_paths = Site.get_site_root_paths


def site_root_paths():
    """Wagtail's `Site.get_site_root_paths()` (every page URL asks for it), read from
    the cache once per request instead of once per page instance; an invalidation
    inside the request (a site changed) reads it again."""
    memo = _request_generation.get()
    if memo is None:
        return _wagtail_site_root_paths()
    if "site_root_paths" not in memo:
        memo["site_root_paths"] = _wagtail_site_root_paths()
    return memo["site_root_paths"]


def _read_tree_generation():
    cache = _cache()
    site_ids = sorted({root.site_id for root in Site.get_site_root_paths()})
    keys = [_generation_key(ALL_SITES)] + [_generation_key(site_id) for site_id in site_ids]
    found = cache.get_many(keys)
    if len(found) < len(keys):
        for key in keys:
            if key not in found:
                cache.add(key, uuid.uuid4().hex, timeout=None)
        found = cache.get_many(keys)
    if len(found) < len(keys):
        return None
    return hashlib.sha256("|".join(found[key] for key in keys).encode()).hexdigest()[:32]


# --- invalidation ------------------------------------------------------------------------


class _AfterCommit:
    """The sites to invalidate again once the current transaction commits (one per
    transaction, however many pages it publishes, moves or deletes)."""

    def __init__(self):
        self.sites = {}

    def __call__(self):
        for site in self.sites.values():
            _invalidate_now(site)
            edge_cache.ban_site(site)


def _invalidate_now(site):
    memo = _request_generation.get()
    if memo:
        memo.clear()
    cache = _cache()
    cache.set(_generation_key(site.pk if site else ALL_SITES), uuid.uuid4().hex, timeout=None)
    site_content_changed.send(sender=Site, site=site)


def invalidate_site(site=None):
    """Clear the cached pages of `site` (None: every site), here and at the edge."""
    _invalidate_now(site)
    if not connection.in_atomic_block:
        edge_cache.ban_site(site)
        return
    # Django keeps the callbacks of the open transaction there (and drops those of a
    # rolled-back savepoint): one _AfterCommit per transaction collects every site.
    callbacks = (entry[1] for entry in connection.run_on_commit)
    pending = next((f for f in callbacks if isinstance(f, _AfterCommit)), None)
    if pending is None:
        pending = _AfterCommit()
        transaction.on_commit(pending)
    pending.sites[site.pk if site else ALL_SITES] = site


def _site_of_path(url_path):
    """The site whose tree holds a page, from the cached root paths (no page query)."""
    if not url_path:
        return None
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return Site.objects.filter(pk=root.site_id).first()
    return None


def _on_page_change(sender, instance, **kwargs):
    invalidate_site(_site_of_path(instance.url_path))


def _on_live_page_created(sender, instance, created=False, raw=False, **kwargs):
    # A page created live (an import, a script, `add_child` of a live page) is published
    # without the signal of a publication.
    if created and not raw and isinstance(instance, Page) and instance.live:
        _on_page_change(sender, instance)


def _on_page_move(sender, instance, url_path_before="", **kwargs):
    before = _site_of_path(url_path_before)
    after = _site_of_path(instance.url_path)
    invalidate_site(after)
    if before is not None and before != after:
        invalidate_site(before)


def watch(*models):
    """Apps name the models (other than snippets and settings) their pages display."""
    _watched.extend(models)


def _is_watched(model):
    if issubclass(model, Page):
        return False  # pages follow their own signals (publication, move, deletion)
    if issubclass(model, BaseSiteSetting | BaseGenericSetting | Site | Redirect):
        return True
    shown = (get_image_model(), get_document_model(), *get_snippet_models(), *_watched)
    return issubclass(model, shown)


def _on_model_change(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw or not _is_watched(sender):
        return
    if update_fields and set(update_fields) <= {"last_login"}:
        return  # a login's time is shown nowhere
    if created and issubclass(sender, get_image_model() | get_document_model()):
        return  # a new file is shown nowhere until a page using it is published
    site = getattr(instance, "site", None) if isinstance(instance, BaseSiteSetting) else None
    invalidate_site(site)


def _on_relation_change(sender, instance, action, **kwargs):
    # A many-to-many relation of a watched model (an alumnus' projects, a user's groups)
    # is written after the model's own save, so after its invalidation.
    if action in ("post_add", "post_remove", "post_clear") and _is_watched(type(instance)):
        _on_model_change(type(instance), instance)


def _on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        _on_page_change(sender, instance)
    else:
        _on_model_change(sender, instance)


def connect():
    """Called once by cms.apps: every change that pages show clears their cache."""
    page_published.connect(_on_page_change, dispatch_uid="page_cache_published")
    page_unpublished.connect(_on_page_change, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(_on_page_move, dispatch_uid="page_cache_moved")
    post_save.connect(_on_model_change, dispatch_uid="page_cache_saved")
    post_save.connect(_on_live_page_created, dispatch_uid="page_cache_live_page_created")
    post_delete.connect(_on_page_delete, dispatch_uid="page_cache_deleted")
    m2m_changed.connect(_on_relation_change, dispatch_uid="page_cache_relation_changed")
