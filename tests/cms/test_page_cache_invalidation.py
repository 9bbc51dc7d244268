"""A publication shows at once through the page cache (issue 14, target 5).

Every page that shows a page (the home page, the listings, the collectivité's section,
the feeds, the sitemap) is stored first, then the page is published, unpublished, moved
or deleted through Wagtail's API: the very next visit shows the change.
"""

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test import Client
from wagtail.models import Site
from wagtail.snippets.models import get_snippet_models

from cms import edge_cache, page_cache
from cms.collectivities import ensure_collectivity_space
from cms.models import SiteSettings
from news.models import NewsSectionPage
from projects.models import ProjectSectionPage
from tests.factories.news import NewsPageFactory
from tests.factories.projects import make_cohort, make_project
from tests.factories.site import build_site_frame

pytestmark = pytest.mark.django_db


@pytest.fixture
def space(home_page, settings):
    settings.PAGE_CACHE_ENABLED = True
    build_site_frame(home_page)
    space = ensure_collectivity_space("Département de l'Oise", short_name="Oise")
    space.projects = next(s for s in space.sections if isinstance(s, ProjectSectionPage))
    space.news = next(s for s in space.sections if isinstance(s, NewsSectionPage))
    space.cohort = make_cohort(space.collectivity)
    return space


PROJECT_PAGES = ("/", "/projets/", "/projets/oise/", "/sitemap-pages.xml")
NEWS_PAGES = ("/actualites/", "/actualites/rss/", "/actualites/oise/", "/sitemap-pages.xml")


def stored(urls):
    """Visit each page twice: the second answer comes from the cache."""
    visitor = Client()
    for url in urls:
        assert visitor.get(url).status_code == 200, url
        assert visitor.get(url)["X-Cache"] == "hit", url
    return visitor


def shows(visitor, url, text):
    response = visitor.get(url)
    assert response.status_code == 200, url
    return text in response.content.decode()


def test_publication_shows_at_once_on_home_listings_section_and_sitemap(space):
    draft = make_project(
        space.projects, "Guichet numérique unique", cohort=space.cohort, live=False
    )
    visitor = stored(PROJECT_PAGES)
    draft.save_revision().publish()
    for url in PROJECT_PAGES:
        text = "Guichet numérique unique" if url != "/sitemap-pages.xml" else draft.slug
        assert shows(visitor, url, text), url
    assert shows(visitor, draft.url, "Guichet numérique unique")


def test_news_publication_shows_at_once_in_listings_and_feed(space):
    article = NewsPageFactory(parent=space.news, title="Une promotion diplômée", live=False)
    visitor = stored(NEWS_PAGES)
    article.save_revision().publish()
    for url in NEWS_PAGES:
        text = "Une promotion diplômée" if url != "/sitemap-pages.xml" else article.slug
        assert shows(visitor, url, text), url


def test_unpublication_removes_the_page_at_once(space):
    article = NewsPageFactory(parent=space.news, title="Une annonce retirée")
    visitor = stored((*NEWS_PAGES, article.url))
    article.unpublish()
    for url in NEWS_PAGES:
        assert not shows(visitor, url, "Une annonce retirée"), url
    assert visitor.get(article.url).status_code == 404


def test_move_shows_the_page_at_its_new_address_at_once(space, home_page):
    article = NewsPageFactory(parent=space.news, title="Une annonce déplacée", slug="deplacee")
    old_url = article.url
    visitor = stored(("/actualites/oise/", old_url))
    article.move(space.news.get_parent(), pos="last-child")
    article.refresh_from_db()
    # Wagtail leaves a redirect at the old address, served at once instead of the page.
    moved = visitor.get(old_url)
    assert (moved.status_code, moved["Location"]) == (301, article.url)
    assert not shows(visitor, "/actualites/oise/", "Une annonce déplacée")
    assert shows(visitor, article.url, "Une annonce déplacée")


def test_deletion_removes_the_page_at_once(space):
    article = NewsPageFactory(parent=space.news, title="Une annonce supprimée")
    url = article.url
    visitor = stored((*NEWS_PAGES, url))
    article.delete()
    for listing in NEWS_PAGES:
        assert not shows(visitor, listing, "Une annonce supprimée"), listing
    assert visitor.get(url).status_code == 404


def test_renamed_collectivity_shows_at_once(space):
    make_project(space.projects, "Un accueil sans rendez-vous", cohort=space.cohort)
    visitor = stored(("/projets/",))
    space.collectivity.name = "Conseil départemental de l'Oise"
    space.collectivity.save()
    assert shows(visitor, "/projets/", "Conseil départemental de l&#x27;Oise")


def test_site_settings_change_clears_the_site(space):
    visitor = stored(("/",))
    settings_row = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.save()
    assert visitor.get("/")["X-Cache"] == "miss"


def test_every_snippet_and_setting_model_is_watched():
    assert apps.get_model("projects", "Cohort") in get_snippet_models()
    for model in (
        *get_snippet_models(),
        SiteSettings,
        apps.get_model("cms", "SitePages"),
        Site,
        apps.get_model("cms", "CustomImage"),
    ):
        assert page_cache._is_watched(model), model
    # Accounts are watched (the directory shows who is active), registrations are not:
    # they come in all day and the pages count them on each request.
    assert page_cache._is_watched(apps.get_model("auth", "User"))
    assert not page_cache._is_watched(apps.get_model("news", "EventRegistration"))


def test_a_lost_generation_never_brings_old_pages_back(space):
    visitor = stored(("/",))
    cache.delete_many([page_cache._generation_key("all")])
    assert visitor.get("/")["X-Cache"] == "miss"
    assert visitor.get("/")["X-Cache"] == "hit"


def test_invalidation_signal_and_edge_ban_follow_the_commit(
    space, monkeypatch, django_capture_on_commit_callbacks
):
    site = Site.objects.get(is_default_site=True)
    received, banned = [], []

    def receiver(sender, site, **kwargs):
        received.append(site)

    page_cache.site_content_changed.connect(receiver)
    monkeypatch.setattr(edge_cache, "ban_site", banned.append)
    # The test's own transaction already holds the callbacks of the fixtures' pages.
    connection.run_on_commit.clear()
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            for title in ("Première", "Deuxième"):
                NewsPageFactory(
                    parent=space.news, title=title, live=False
                ).save_revision().publish()
            assert banned == []  # nothing reaches Varnish before the commit
    finally:
        page_cache.site_content_changed.disconnect(receiver)
    # One callback for the transaction, however many publications it held.
    assert sum(isinstance(c, page_cache._AfterCommit) for c in callbacks) == 1
    assert banned == [site]
    assert received[-1] == site and received.count(site) == 3
