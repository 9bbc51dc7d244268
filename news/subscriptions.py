"""/s-abonner/: every feed of the site (RSS, Atom, iCal), grouped, with what each carries.

Built from the database: the collectivités' sections, the themes that live public pages
use, the event types; a handful of queries, whatever the number of collectivités.
"""

from django.shortcuts import render
from taggit.models import Tag
from wagtail.models import Site

from cms.feeds import FEED_TYPES
from cms.site_address import absolute_url
from projects.models import ProjectIndexPage, ProjectSectionPage, ProjectTag, ProjectTheme

from .articles.pages import NewsIndexPage, NewsPage, NewsPageTag, NewsSectionPage
from .events.calendars import webcal_url
from .events.models import EventType
from .events.pages import EventIndexPage, EventSectionPage

FEED_LABELS = {"rss": "RSS", "atom": "Atom"}


def _first(model, site):
    pages = model.objects.live().public()
    return (pages.in_site(site) if site else pages).first()


def _sections(model, index):
    if index is None:
        return []
    return list(
        model.objects.live()
        .public()
        .child_of(index)
        .select_related("collectivity")
        .order_by("collectivity__name")
    )


def syndication_links(base_url, query=""):
    """The RSS and Atom links of a feed page (its URL ends with a slash)."""
    return [
        {"label": FEED_LABELS[kind], "url": absolute_url(f"{base_url}{kind}/{query}")}
        for kind in FEED_TYPES
    ]


def calendar_links(url):
    url = absolute_url(url)
    return [{"label": "iCal", "url": url}, {"label": "webcal", "url": webcal_url(url)}]


def _used_tags(tag_model, item_model, pages):
    return list(
        tag_model.objects.filter(
            pk__in=item_model.objects.filter(content_object__in=pages).values("tag_id")
        ).order_by("name")
    )


def news_group(index):
    if index is None:
        return None
    base = index.url
    news = NewsPage.objects.live().public().descendant_of(index)
    return {
        "id": "actualites",
        "title": "Actualités",
        "all": {
            "label": "Toutes les actualités de l'EMI et des collectivités",
            "links": syndication_links(base),
        },
        "by_collectivity": [
            {"label": section.collectivity.name, "links": syndication_links(section.url)}
            for section in _sections(NewsSectionPage, index)
        ],
        "by_theme": [
            {"label": tag.name, "links": syndication_links(base, f"?thematique={tag.slug}")}
            for tag in _used_tags(Tag, NewsPageTag, news)
        ],
    }


def project_group(index):
    if index is None:
        return None
    base = index.url
    return {
        "id": "projets",
        "title": "Projets nouveaux ou mis à jour",
        "all": {"label": "Tous les projets", "links": syndication_links(base)},
        "by_collectivity": [
            {"label": section.collectivity.name, "links": syndication_links(section.url)}
            for section in _sections(ProjectSectionPage, index)
        ],
        "by_theme": [
            {"label": theme.name, "links": syndication_links(base, f"?thematique={theme.slug}")}
            for theme in _used_tags(ProjectTheme, ProjectTag, index.projects())
        ],
    }


def agenda_group(index):
    if index is None:
        return None
    ical = index.route_url("ical")
    return {
        "id": "agenda",
        "title": "Agenda",
        "all": {"label": "Tous les événements à venir", "links": calendar_links(ical)},
        "by_collectivity": [
            {"label": section.collectivity.name, "links": calendar_links(section.route_url("ical"))}
            for section in _sections(EventSectionPage, index)
        ],
        "by_type": [
            {"label": label, "links": calendar_links(f"{ical}?type={value}")}
            for value, label in EventType.choices
        ],
    }


def subscribe_page(request):
    site = Site.find_for_request(request)
    groups = [
        news_group(_first(NewsIndexPage, site)),
        project_group(_first(ProjectIndexPage, site)),
        agenda_group(_first(EventIndexPage, site)),
    ]
    return render(
        request, "news/subscriptions.html", {"groups": [group for group in groups if group]}
    )
