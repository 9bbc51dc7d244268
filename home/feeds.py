"""The feeds the home page announces in its <head> (<link rel="alternate">): the news,
the projects and the agenda of the site: their indexes read in one query, kept until the
tree changes."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from cms.page_queries import cached_by_generation
from news.models import EventIndexPage, NewsIndexPage
from projects.models import ProjectIndexPage

# (index page type, the feed's route below it, its MIME type, its title)
HOME_FEEDS = (
    (NewsIndexPage, "rss/", "application/rss+xml", "Actualités de l'EMI (RSS)"),
    (ProjectIndexPage, "rss/", "application/rss+xml", "Projets nouveaux ou mis à jour (RSS)"),
    (EventIndexPage, "ical/", "text/calendar", "Agenda de l'EMI (iCal)"),
)


def home_feeds(home, request):
    types = ContentType.objects.get_for_models(*(feed[0] for feed in HOME_FEEDS))

    def read():
        indexes = Page.objects.child_of(home).live().public()
        return {
            page.content_type_id: page
            for page in indexes.filter(content_type__in=types.values()).only(
                "content_type", "url_path", "path", "depth"
            )
        }

    indexes = cached_by_generation(f"home-feeds:{home.pk}", read)
    feeds = []
    for model, route, mime_type, title in HOME_FEEDS:
        page = indexes.get(types[model].pk)
        if page is not None:
            feeds.append({"type": mime_type, "title": title, "url": page.get_url(request) + route})
    return feeds
