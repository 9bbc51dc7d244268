"""Values kept under the tree generation are also held in each app process's memory
(cms.kept_values), and the page an anonymous visitor is served is kept with them
(cms.page_queries): a copy in memory is never served past its generation, even when the
publication happened on another server, and a logged-in editor reads the page afresh."""

import uuid

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms import kept_values, page_cache
from projects.models import ProjectIndexPage, ProjectPage
from tests.factories.alumni import PASSWORD, make_member
from tests.factories.projects import make_project, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(demo_site_pages):
    section = make_section(ProjectIndexPage.objects.get(), "Département de l'Aube")
    return make_project(section, "Tiers-lieu numérique", other_programme="Un laboratoire")


def shared_cache():
    return caches["default"]


def test_a_value_read_once_is_then_served_from_memory(monkeypatch, settings):
    settings.KEPT_LOCAL_ENTRIES = 100
    kept_values.keep("essai:memoire:gen-1", {"cartes": [1, 2]}, 60)
    asked = []
    shared = shared_cache()
    original = shared.get_many
    monkeypatch.setattr(
        shared, "get_many", lambda keys, **kw: asked.append(keys) or original(keys, **kw)
    )
    value = kept_values.get("essai:memoire:gen-1")
    assert value == {"cartes": [1, 2]} and asked == []
    # Each reader gets its own copy: a request that changes it changes no other.
    value["cartes"].append(3)
    assert kept_values.get("essai:memoire:gen-1") == {"cartes": [1, 2]}
    # Missing here, found in the shared cache (another process kept it): kept here too.
    kept_values.clear_local()
    assert kept_values.get("essai:memoire:gen-1") == {"cartes": [1, 2]}
    assert len(asked) == 1
    assert kept_values.get("essai:memoire:gen-1") == {"cartes": [1, 2]}
    assert len(asked) == 1


def test_without_memory_every_read_asks_the_shared_cache(settings):
    settings.KEPT_LOCAL_ENTRIES = 0
    kept_values.keep("essai:partage:gen-1", "valeur", 60)
    shared_cache().delete("essai:partage:gen-1")
    assert kept_values.get("essai:partage:gen-1") is None


def test_a_publication_on_another_server_shows_at_once(client, project):
    assert "Tiers-lieu numérique" in client.get(project.url).content.decode()
    # Another server publishes: the database changes and the shared generation token is
    # renewed; nothing of this process's memory is touched.
    ProjectPage.objects.filter(pk=project.pk).update(title="Tiers-lieu des habitants")
    shared_cache().set(
        page_cache._generation_key(page_cache.ALL_SITES), uuid.uuid4().hex, timeout=None
    )
    html = client.get(project.url).content.decode()
    assert '<h1 id="project-title">Tiers-lieu des habitants</h1>' in html
    assert "<title>Tiers-lieu des habitants" in html


def test_an_anonymous_visitor_s_second_visit_of_a_project_reads_no_table(client, project):
    client.get("/")  # the first visit of the site creates its missing settings
    client.get(project.url)
    with CaptureQueriesContext(connection) as second:
        response = client.get(project.url)
    assert response.status_code == 200 and "Tiers-lieu numérique" in response.content.decode()
    assert len(second) == 0, [query["sql"][:120] for query in second]


def test_a_logged_in_editor_reads_the_page_afresh(client, project):
    member = make_member("Éva", "Éditrice")
    client.login(username=member.user.username, password=PASSWORD)
    client.get(project.url)
    with CaptureQueriesContext(connection) as second:
        assert client.get(project.url).status_code == 200
    assert any("projects_projectpage" in query["sql"] for query in second)
