"""The news listing (/actualites/ and the collectivités' sections): a configuration of
cms.listing's faceted listing, with the kind, the collectivité and the theme as filters.

One queryset per listing, whatever the number of news: everything is aggregated below the
index or section (`live()`, `public()`), with what the cards touch fetched up front. The
page models are looked up by name (`news_models`): their module imports this one.
"""

from django.apps import apps
from django.db.models import Q
from taggit.models import Tag

from cms.covers import with_cover
from cms.listing import FacetedListing, Sort
from cms.listing_filters import OfferedFilter
from cms.models import Collectivity
from news.forms import FilterForm

PER_PAGE = 12
KIND_NEWS = "actualite"
KIND_POST_JURY = "post-jury"


def news_models():
    """NewsPage and PostJuryAnnouncementPage."""
    return apps.get_model("news", "NewsPage"), apps.get_model("news", "PostJuryAnnouncementPage")


def collectivity_choices(listing):
    """Every collectivité, by name: the filter offers them all (no counts)."""
    collectivities = Collectivity.objects.only("name", "short_name", "slug").order_by("name")
    return [(collectivity.slug, collectivity.display_name) for collectivity in collectivities]


def collectivity_filter(all_label="Toutes les collectivités"):
    return OfferedFilter(
        "collectivite",
        "Collectivité",
        all_label,
        offered=collectivity_choices,
        condition=lambda listing, slug: Q(collectivity__slug=slug),
    )


def kind_condition(listing, kind):
    news_page, post_jury_page = news_models()
    if kind == KIND_NEWS:
        return listing.base.exact_type_q(news_page)
    return listing.base.type_q(post_jury_page)


def theme_choices(listing):
    """The tags of the news of the pool, by name."""
    themes = (
        Tag.objects.filter(news_newspagetag_items__content_object__in=listing.base.values("pk"))
        .distinct()
        .order_by("name")
    )
    return [(tag.slug, tag.name) for tag in themes]


def live_news(root):
    news_page, _post_jury_page = news_models()
    return news_page.objects.live().public().descendant_of(root)


class NewsListing(FacetedListing):
    """News newest first; no search, filters offered without counts."""

    declared_filters = [
        OfferedFilter(
            "type",
            "Type",
            "Tous les types",
            offered=lambda listing: [
                (KIND_NEWS, "Actualités"),
                (KIND_POST_JURY, "Sujets retenus par le jury"),
            ],
            condition=kind_condition,
        ),
        collectivity_filter(),
        OfferedFilter(
            "thematique",
            "Thématique",
            "Toutes les thématiques",
            offered=theme_choices,
            condition=lambda listing, slug: Q(tagged_items__tag__slug=slug),
        ),
    ]
    search_param = None
    per_page = PER_PAGE
    sorts = [Sort("date", "Les plus récentes", ("-date", "-first_published_at", "-pk"))]
    default_sort = "date"

    def with_card_data(self, queryset):
        return with_cover(queryset.select_related("collectivity")).prefetch_related(
            "tagged_items__tag"
        )


def news_listing_context(request, root, section=None):
    """The context of the news index (`root`) or of a collectivité's section (`section`,
    the root too): a section has no collectivité filter."""
    listing = NewsListing(
        live_news(root), request.GET, omit=("collectivite",) if section is not None else ()
    )
    index_page = root if section is None else root.get_parent().specific
    return {
        "items": listing.page,
        "filter_form": FilterForm(listing),
        "active_filters": listing.active_filters,
        "ignored_filters": listing.ignored,
        "news_index": index_page,
        "feed_urls": (section or index_page).feed_urls(),
    }
