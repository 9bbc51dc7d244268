"""A collectivité section with nothing published under it is a thin page: noindex, out of
/sitemap.xml and out of /plan-du-site/ until its first page goes live."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.pages import empty_section_paths
from projects.models import ProjectSectionPage
from tests.factories.news import NewsPageFactory
from tests.sitemap_reader import sitemap_text

from .conftest import news_section

pytestmark = pytest.mark.django_db

NOINDEX = '<meta name="robots" content="noindex">'


@pytest.fixture
def sections(demo_site_pages, space_a):
    news = news_section(space_a)
    projects = next(s for s in space_a.sections if isinstance(s, ProjectSectionPage))
    article = NewsPageFactory(parent=news, title="Un guichet unique pour les familles")
    return news, projects, article


def test_an_empty_section_is_noindex_and_a_section_with_content_is_not(client, sections):
    news, projects, _ = sections
    assert NOINDEX in client.get(projects.url).content.decode()
    assert NOINDEX not in client.get(news.url).content.decode()


def test_the_sitemap_and_the_site_map_leave_out_the_empty_sections(client, sections):
    news, projects, article = sections
    sitemap = sitemap_text(client)
    assert news.full_url in sitemap
    assert article.full_url in sitemap
    assert projects.full_url not in sitemap

    site_map = client.get("/plan-du-site/").content.decode()
    assert f'href="{news.url}"' in site_map
    assert f'href="{projects.url}"' not in site_map


def test_a_section_becomes_empty_again_when_its_last_page_is_unpublished(client, sections):
    news, _, article = sections
    article.unpublish()
    assert NOINDEX in client.get(news.url).content.decode()
    assert news.full_url not in sitemap_text(client)
    assert f'href="{news.url}"' not in client.get("/plan-du-site/").content.decode()


def test_one_query_answers_for_every_section_of_a_request(rf, sections, space_b):
    request = rf.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as queries:
        first = empty_section_paths(request)
        again = empty_section_paths(request)
    assert first is again
    assert len(queries) <= 2  # the content types of the section models, then the paths
    news, projects, _ = sections
    assert projects.path in first
    assert news.path not in first
    for section in space_b.sections:
        # The collectivité's own page is never thin; its empty sections are.
        assert (section.path in first) is not section.specific.indexed_when_empty
