"""RSS and Atom feeds of the news (/actualites/rss/, atom/, and per collectivité section),
on the site's feed base (cms.feeds): absolute URLs, live public news only."""

import datetime

from django.utils import timezone
from taggit.models import Tag

from cms.feeds import SiteFeed, feed_response
from news.common import PARIS


class NewsFeed(SiteFeed):
    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        """The news' own date; at its first publication time when published that day."""
        published = item.first_published_at
        if published and timezone.localtime(published, PARIS).date() == item.date:
            return published
        return datetime.datetime.combine(item.date, datetime.time(9, 0), tzinfo=PARIS)

    def item_author_name(self, item):
        return item.collectivity.name if item.collectivity_id else "EMI Val-d'Oise"

    def item_categories(self, item):
        return [tagged.tag.name for tagged in item.tagged_items.all()]


def news_feed(request, kind, page, news_pages):
    """The feed of `news_pages` (live public news, newest first) below `page`."""
    return feed_response(
        request,
        kind,
        NewsFeed,
        page=page,
        items=news_pages,
        title="Actualités",
        description=page.intro or "Les actualités de l'EMI et des collectivités.",
        themes=(Tag, "tagged_items__tag"),
    )
