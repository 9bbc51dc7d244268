"""The feeds the home page announces in its <head> (<link rel="alternate">): the news,
the projects and the agenda of the site: their indexes, among the home page's sections."""

from cms.page_queries import is_public, live_children
from news.models import EventIndexPage, NewsIndexPage
from projects.models import ProjectIndexPage

# (index page type, the feed's route below it, its MIME type, its title)
HOME_FEEDS = (
    (NewsIndexPage, "rss/", "application/rss+xml", "Actualités de l'EMI (RSS)"),
    (ProjectIndexPage, "rss/", "application/rss+xml", "Projets nouveaux ou mis à jour (RSS)"),
    (EventIndexPage, "ical/", "text/calendar", "Agenda de l'EMI (iCal)"),
)


def home_feeds(home, request):
    """The feeds of the home page's sections (kept with them: cms.page_queries)."""
    sections = [page for page in live_children(home) if is_public(page)]
    feeds = []
    for model, route, mime_type, title in HOME_FEEDS:
        page = next((page for page in sections if isinstance(page, model)), None)
        if page is not None:
            feeds.append({"type": mime_type, "title": title, "url": page.get_url(request) + route})
    return feeds
