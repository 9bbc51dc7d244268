"""RSS and Atom feeds of /actualites/ (Django's syndication framework, absolute URLs)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from cms.site_address import absolute_url
from news.common import PARIS

FEED_LENGTH = 20


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "fr"

    def __init__(self, index_page, news_pages):
        """`news_pages`: the index's live public news, newest first (its `feed_items()`)."""
        super().__init__()
        self.index_page = index_page
        self.news_pages = news_pages
        self.request = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def _absolute(self, url):
        return absolute_url(url)

    def title(self):
        return f"{self.index_page.title} — École du management par l'innovation"

    def link(self):
        return self._absolute(self.index_page.get_url(self.request))

    def feed_url(self):
        return self._absolute(self.request.path)

    def description(self):
        return self.index_page.intro or "Les actualités de l'EMI et des collectivités."

    def items(self):
        return list(self.news_pages[:FEED_LENGTH])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return self._absolute(item.get_url(self.request))

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        """The news' own date; at its first publication time when published that day."""
        published = item.first_published_at
        if published and timezone.localtime(published, PARIS).date() == item.date:
            return published
        return datetime.datetime.combine(item.date, datetime.time(9, 0), tzinfo=PARIS)

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.collectivity.name if item.collectivity_id else "EMI Val-d'Oise"

    def item_categories(self, item):
        return [tagged.tag.name for tagged in item.tagged_items.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
