"""/collectivites/ and /collectivites/<slug>/: one page per collectivité that gathers what
it does with EMI (who it is, its cohorts, its projects and their results, its news, its
upcoming events, its key figures), for its élus, its agents and the other collectivités.

A collectivité's page is one of its sections (cms.sections): `add_collectivity`, the
admin and the demo create it with the others, its contributors edit its presentation
under its moderation workflow. Unlike the other sections it has no pages under it and
is never thin (it shows the collectivité itself): it stays in the sitemap and the site
map (`indexed_when_empty`). It draws on projects, news and events, hence its place in
`home`, at the top of the dependency chain.
"""

from urllib.parse import urlencode

from django.db import models
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, Site

from cms.models import BasePage
from cms.pages import CollectivitySectionMixin
from cms.site_address import absolute_url
from news.articles.listing import live_news
from news.articles.pages import NewsPageTag
from news.events.calendars import webcal_url
from news.events.listing import live_events, with_registration_counts
from projects.figures import KeyFigures
from projects.models import Cohort, published_projects
from projects.models.project import with_card_data

PROJECTS_SHOWN = 6
NEWS_SHOWN = 3
EVENTS_SHOWN = 3


class CollectivityIndexPage(BasePage):
    """/collectivites/ — every collectivité engaged with EMI, with its number of projects."""

    intro = models.TextField("introduction", blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    template = "home/collectivity_index_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.CollectivityPage"]
    max_count = 1

    class Meta:
        verbose_name = "index des collectivités"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages = list(
            CollectivityPage.objects.child_of(self)
            .live()
            .public()
            .select_related("collectivity")
            .order_by("collectivity__name")
        )
        counts = dict(
            published_projects()
            .filter(collectivity__in=[page.collectivity_id for page in pages])
            .order_by()
            .values_list("collectivity_id")
            .annotate(n=Count("pk"))
        )
        for page in pages:
            page.project_count = counts.get(page.collectivity_id, 0)
        context["collectivity_pages"] = pages
        return context


class CollectivityPage(CollectivitySectionMixin, BasePage):
    """/collectivites/<slug>/ — a collectivité and what it does with EMI."""

    indexed_when_empty = True
    description_format = (
        "{collectivity} à l'École du management par l'innovation : ses promotions, ses "
        "projets et leurs résultats, ses actualités et ses événements."
    )

    template = "home/collectivity_page.html"
    parent_page_types = ["home.CollectivityIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "page d'une collectivité"
        verbose_name_plural = "pages des collectivités"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["space"] = CollectivitySpaceContent(self, request)
        return context


class CollectivitySpaceContent:
    """What a collectivité's page shows; each property is one query (or a few for the
    cards), whatever the number of projects."""

    def __init__(self, page, request):
        self.page = page
        self.collectivity = page.collectivity
        self.request = request
        site = Site.find_for_request(request) if request is not None else page.get_site()
        self.site_root = site.root_page if site is not None else None

    def _below_site(self, queryset):
        return queryset.descendant_of(self.site_root) if self.site_root else queryset

    @cached_property
    def projects(self):
        return self._below_site(published_projects()).filter(collectivity=self.collectivity)

    @cached_property
    def figures(self):
        return KeyFigures(self.projects)

    @cached_property
    def latest_projects(self):
        """Projects with a headline result first, then the most recent."""
        measured = Q(impact_indicators__baseline__isnull=False)
        ordered = self.projects.annotate(
            has_headline=Count("impact_indicators", filter=measured)
        ).order_by("-has_headline", "-first_published_at", "-pk")
        return list(with_card_data(ordered)[:PROJECTS_SHOWN])

    @cached_property
    def cohorts(self):
        """The cohorts it hosted and those its projects came from, newest first."""
        return list(
            Cohort.objects.filter(
                Q(host_collectivity=self.collectivity) | Q(projects__in=self.projects.values("pk"))
            )
            .distinct()
            .select_related("host_collectivity")
            .order_by("-start_date", "number")
        )

    @cached_property
    def news(self):
        if self.site_root is None:
            return []
        news = live_news(self.site_root).filter(collectivity=self.collectivity)
        tags = Prefetch("tagged_items", queryset=NewsPageTag.objects.select_related("tag"))
        return list(
            news.select_related("collectivity")
            .prefetch_related(tags)
            .order_by("-date", "-pk")[:NEWS_SHOWN]
        )

    @cached_property
    def upcoming_events(self):
        if self.site_root is None:
            return []
        events = live_events(self.site_root).filter(
            collectivity=self.collectivity, end__gte=timezone.now()
        )
        return list(
            with_registration_counts(events)
            .select_related("collectivity")
            .order_by("start", "pk")[:EVENTS_SHOWN]
        )

    @cached_property
    def sections(self):
        """Its live sections of the project bank, the news and the agenda, by kind."""
        found = (
            Page.objects.live()
            .filter(
                Q(projectsectionpage__collectivity=self.collectivity)
                | Q(newssectionpage__collectivity=self.collectivity)
                | Q(eventsectionpage__collectivity=self.collectivity)
            )
            .select_related("content_type")
            .only("url_path", "title", "content_type__model")
        )
        return {page.content_type.model: page for page in found}

    @property
    def project_section(self):
        return self.sections.get("projectsectionpage")

    @property
    def news_section(self):
        return self.sections.get("newssectionpage")

    @property
    def event_section(self):
        return self.sections.get("eventsectionpage")

    # --- feeds and embeds (cms.feeds, cms.embeds): addresses only, no query ----------------

    @staticmethod
    def _index_url(section):
        return section.url.rstrip("/").rsplit("/", 1)[0] + "/"

    def _embed(self, section):
        if section is None:
            return None
        index_url = self._index_url(section)
        query = "?" + urlencode({"collectivite": self.collectivity.slug})
        return {
            "embed_url": absolute_url(index_url + "embed/" + query),
            "full_list_url": absolute_url(index_url + query),
        }

    @cached_property
    def project_embed(self):
        return self._embed(self.project_section)

    @cached_property
    def event_embed(self):
        return self._embed(self.event_section)

    @cached_property
    def feeds(self):
        """(label, URL) of every feed that carries this collectivité."""
        feeds = []
        if self.project_section:
            url = self.project_section.url
            feeds += [
                ("Ses projets, flux RSS", url + "rss/"),
                ("Ses projets, flux Atom", url + "atom/"),
            ]
        if self.news_section:
            url = self.news_section.url
            feeds += [
                ("Ses actualités, flux RSS", url + "rss/"),
                ("Ses actualités, flux Atom", url + "atom/"),
            ]
        if self.event_section:
            ical = absolute_url(self.event_section.url + "ical/")
            feeds += [
                ("Son agenda, iCal", ical),
                ("Son agenda dans mon application d'agenda (webcal)", webcal_url(ical)),
            ]
        return feeds
