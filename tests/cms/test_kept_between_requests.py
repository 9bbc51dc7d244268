"""What a page request reads from the cache instead of the database, and how it follows
the site: the sites and their settings (`cms.page_queries.find_site`), the ranked ids of
a search, the tree generation (read once per request, `cms.page_cache`), and fragments of
templates kept (`{% kept %}`, `cms.html_cache`): a publication, a setting, the start of
the pre-election period show on the next request; a preview never gets them."""

import datetime

import pytest
from django.core.cache import caches
from django.test import RequestFactory
from wagtail.models import Page, Site

from cms import electoral_reserve, html_cache, page_cache
from cms.models import SiteSettings
from home.models import StandardPage
from projects.models import ProjectIndexPage
from tests.factories.pages import StandardPageFactory
from tests.factories.projects import make_project, make_section
from tests.news.conftest import page_text

from .reserve_helpers import MARKED_QUOTE, UNMARKED_QUOTE, quote, set_period

pytestmark = pytest.mark.django_db


def search(client, query, **params):
    return client.get("/recherche/", {"q": query, **params}).content.decode()


def publish_page(parent, title, intro):
    page = StandardPage(title=title, intro=intro)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_search_kept_follows_publications_and_unpublications(client, demo_site_pages):
    assert "Aucun résultat pour « ornithologie »" in search(client, "ornithologie")
    page = publish_page(demo_site_pages, "Ornithologie urbaine", "Compter les oiseaux.")
    html = search(client, "ornithologie")
    assert "1 résultat pour « ornithologie »" in html and "Ornithologie urbaine" in html
    page.unpublish()
    assert "Aucun résultat pour « ornithologie »" in search(client, "ornithologie")


def test_a_search_s_pages_count_and_order(client, demo_site_pages):
    for number in range(12):
        publish_page(demo_site_pages, f"Fiche héron {number:02}", "Le héron cendré.")
    first = search(client, "héron")
    assert "12 résultats pour « héron »" in first
    assert first.count('class="search-result"') == 10
    second = search(client, "héron", page=2)
    assert second.count('class="search-result"') == 2 and 'start="11"' in second
    # An unknown page number gives a real page, as before.
    assert search(client, "héron", page="999").count('class="search-result"') == 2
    assert search(client, "héron", page="abc").count('class="search-result"') == 10


def test_a_changed_setting_shows_on_the_next_request(client, demo_site_pages):
    site = Site.objects.get(is_default_site=True)
    client.get("/")
    settings = SiteSettings.for_site(site)
    settings.linkedin_url = "https://www.linkedin.com/company/emi-exemple"
    settings.save()
    assert "linkedin.com/company/emi-exemple" in client.get("/").content.decode()


def test_each_site_is_found_by_its_host(demo_site_pages):
    root = Page.objects.get(depth=1)
    other_home = StandardPageFactory(parent=root, slug="autre-site", title="Autre site")
    other = Site.objects.create(hostname="autre.example.fr", port=80, root_page=other_home)
    factory = RequestFactory()
    default = Site.objects.get(is_default_site=True)
    assert Site.find_for_request(factory.get("/", HTTP_HOST="autre.example.fr")) == other
    assert Site.find_for_request(factory.get("/", HTTP_HOST="inconnu.example.fr")) == default
    # A site deleted is forgotten at once.
    other.delete()
    assert Site.find_for_request(factory.get("/", HTTP_HOST="autre.example.fr")) == default


def test_a_request_reads_the_generation_once_and_again_after_a_publication(
    demo_site_pages, monkeypatch
):
    reads = []
    original = page_cache._read_tree_generation
    monkeypatch.setattr(page_cache, "_read_tree_generation", lambda: reads.append(1) or original())
    with page_cache.one_tree_generation():
        first = page_cache.tree_generation()
        assert page_cache.tree_generation() == first and len(reads) == 1
        page_cache.invalidate_site()
        assert page_cache.tree_generation() != first and len(reads) == 2
    # Outside a request, each call reads the cache.
    page_cache.tree_generation()
    page_cache.tree_generation()
    assert len(reads) == 4


def test_a_page_reads_the_generation_once(client, demo_site_pages, monkeypatch):
    client.get("/")
    reads = []
    original = page_cache._read_tree_generation
    monkeypatch.setattr(page_cache, "_read_tree_generation", lambda: reads.append(1) or original())
    assert client.get("/").status_code == 200
    assert len(reads) == 1


# --- fragments kept ({% kept %}): the project's body, the home page's sections, the footer


@pytest.fixture
def project(demo_site_pages):
    section = make_section(ProjectIndexPage.objects.get(), "Département de l'Aube")
    return make_project(
        section,
        "Tiers-lieu numérique",
        other_programme="Un laboratoire d'innovation",
        problem="<p>Les habitants attendent trop longtemps.</p>",
        solutions=[quote(MARKED_QUOTE, True), quote(UNMARKED_QUOTE, False)],
    )


def project_text(client, project):
    return page_text(client.get(project.url))


def test_a_project_s_body_kept_follows_its_publications(client, project):
    assert "Les habitants attendent trop longtemps." in project_text(client, project)
    project.problem = "<p>Les habitants attendent deux mois.</p>"
    project.save_revision().publish()
    text = project_text(client, project)
    assert "Les habitants attendent deux mois." in text
    assert "trop longtemps" not in text


def test_the_kept_body_follows_the_start_of_the_pre_election_period(
    client, project, site, monkeypatch
):
    set_period(site, start=1, end=30)
    assert MARKED_QUOTE in project_text(client, project)
    tomorrow = electoral_reserve.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(electoral_reserve, "now", lambda: tomorrow)
    text = project_text(client, project)  # no publication, no setting changed
    assert MARKED_QUOTE not in text and UNMARKED_QUOTE in text


def test_a_preview_never_gets_the_kept_body(client, project, monkeypatch):
    project_text(client, project)
    request = RequestFactory().get(project.url)
    request.is_preview = True
    assert html_cache.fragment_key(request, "project-body", [project.pk]) is None
    request.is_preview = False
    assert html_cache.fragment_key(request, "project-body", [project.pk]) is not None


def test_a_fragment_with_a_token_is_not_kept(rf):
    request = rf.get("/")
    with page_cache.one_tree_generation():
        html_cache.kept_fragment(
            request, "form", [], lambda: '<input name="csrfmiddlewaretoken" value="x">'
        )
        key = html_cache.fragment_key(request, "form", [])
    assert caches["default"].get(key) is None
