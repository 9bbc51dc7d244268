"""RSS and Atom feeds of new or updated projects (/projets/rss/, atom/, and per
collectivité section), on the site's feed base (cms.feeds): live public projects only,
the last published first."""

from cms.feeds import SiteFeed, feed_response

from .models.vocabularies import ProjectTheme


class ProjectFeed(SiteFeed):
    def item_description(self, item):
        return f"{item.get_status_display()} — {item.summary}"

    def item_pubdate(self, item):
        return item.first_published_at

    def item_author_name(self, item):
        return item.collectivity.name if item.collectivity_id else "EMI Val-d'Oise"

    def item_categories(self, item):
        return [tag.name for tag in item.theme_list]


def feed_items(projects):
    """The projects of a feed, the last published first, with what an item touches."""
    return (
        projects.select_related("collectivity")
        .prefetch_related("tagged_items__tag")
        .order_by("-last_published_at", "-pk")
    )


def project_feed(request, kind, page, projects):
    return feed_response(
        request,
        kind,
        ProjectFeed,
        page=page,
        items=feed_items(projects),
        title="Projets nouveaux ou mis à jour",
        description="Les projets de la banque de projets de l'EMI, à chaque publication ou "
        "mise à jour.",
        themes=(ProjectTheme, "tagged_items__tag"),
    )
