"""The base of the site's RSS and Atom feeds (Django's syndication framework): French,
absolute URLs at the public address, and the filters their addresses take.

A feed is built per request from what the route selected: its title, the page it
describes, a description and its items (already filtered to live public content).
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from .models import Collectivity
from .not_found import NotFound, answer_not_found
from .site_address import absolute_url

FEED_LENGTH = 20
FEED_TYPES = {"rss": Rss201rev2Feed, "atom": Atom1Feed}
SITE_NAME = "École du management par l'innovation"


class SiteFeed(Feed):
    """One feed: `kind` is "rss" or "atom"; `link` the page the feed follows."""

    language = "fr"

    def __init__(self, kind, *, title, link, description, items):
        super().__init__()
        self.feed_type = FEED_TYPES[kind]
        self._title = f"{title} — {SITE_NAME}"
        self._link = link
        self._description = description
        self._items = items
        self.request = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return self._title

    def link(self):
        return absolute_url(self._link)

    def feed_url(self):
        return absolute_url(self.request.get_full_path())

    def description(self):
        return self._description

    def subtitle(self):
        return self._description

    def items(self):
        return list(self._items[:FEED_LENGTH])

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return absolute_url(item.get_url(self.request))

    def item_guid(self, item):
        return self.item_link(item)

    def item_updateddate(self, item):
        return item.last_published_at


def _named_in_query(request, key, queryset, kind):
    """The object of `queryset` whose slug is ?<key>=, None without one; NotFound (in
    French, naming `kind`) when none has that slug."""
    slug = request.GET.get(key, "").strip()
    if not slug:
        return None
    found = queryset.filter(slug=slug).first()
    if found is None:
        raise NotFound(
            f"Aucune {kind} n'a l'identifiant « {slug} » : vérifiez l'adresse, ou "
            "retrouvez la liste des flux sur la page « S'abonner »."
        )
    return found


def collectivity_from_query(request, key="collectivite"):
    """The collectivité named by ?collectivite=<slug> (see `_named_in_query`)."""
    return _named_in_query(request, key, Collectivity.objects.all(), "collectivité")


def tag_from_query(request, tag_model, key="thematique"):
    """The tag (theme) named by ?thematique=<slug> (see `_named_in_query`)."""
    return _named_in_query(request, key, tag_model.objects.all(), "thématique")


def scope_title(base, *parts):
    """« Actualités — Département de la Somme — accueil » from the parts that are set."""
    return " — ".join([base, *(str(part) for part in parts if part)])


def feed_response(request, kind, feed_class, *, page, items, title, description, themes):
    """The feed of `items` (live public pages with a `collectivity`, in the feed's order)
    below `page`, narrowed by ?collectivite= (unless the page is a collectivité's section:
    `page.feed_collectivity`) and ?thematique=. `themes` is (tag model, lookup from an
    item to its tag)."""
    collectivity = getattr(page, "feed_collectivity", None) or collectivity_from_query(request)
    tag_model, tag_lookup = themes
    theme = tag_from_query(request, tag_model)
    if collectivity is not None:
        items = items.filter(collectivity=collectivity)
    if theme is not None:
        items = items.filter(**{tag_lookup: theme})
    scope = [collectivity.name if collectivity else "", theme.name if theme else ""]
    return feed_class(
        kind,
        title=scope_title(title, *scope),
        link=page.get_url(request),
        description=description,
        items=items,
    )(request)


class FeedRoutesMixin(RoutablePageMixin):
    """rss/ and atom/ routes on an index or a section page: `feed(request, kind)` builds
    the answer (with `feed_response`)."""

    feed_collectivity = None

    @path("rss/", name="rss")
    @answer_not_found()
    def rss_feed(self, request):
        return self.feed(request, "rss")

    @path("atom/", name="atom")
    @answer_not_found()
    def atom_feed(self, request):
        return self.feed(request, "atom")

    def feed(self, request, kind):
        raise NotImplementedError

    def feed_urls(self):
        return {kind: self.url + self.reverse_subpage(kind).lstrip("/") for kind in FEED_TYPES}
