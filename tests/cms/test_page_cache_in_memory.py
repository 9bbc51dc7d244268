"""Cached pages kept in the app process's memory too (cms.page_cache).

A hit served from the process's copy reads only the site's two tokens from the shared
cache, never the page itself; the copy is served under the same checks as the shared
entry: a publication through this server or any other, and the entry's deadline
(PAGE_CACHE_TIMEOUT), end it.
"""

import datetime

import pytest

from cms import electoral_reserve, page_cache
from tests.factories.whole_site import build_every_page_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def whole_site(home_page, settings):
    settings.PAGE_CACHE_ENABLED = True
    return build_every_page_type(home_page)


@pytest.fixture
def shared_reads(monkeypatch):
    """The keys asked of the shared cache, one list per call."""
    shared = page_cache._cache()
    reads = []
    get, get_many = shared.get, shared.get_many

    def spied_get(key, *args, **kwargs):
        reads.append([key])
        return get(key, *args, **kwargs)

    def spied_get_many(keys, *args, **kwargs):
        reads.append(list(keys))
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(shared, "get", spied_get)
    monkeypatch.setattr(shared, "get_many", spied_get_many)
    return reads


def page_keys(reads):
    return [key for call in reads for key in call if key.startswith("pagecache:page:")]


def test_a_hit_reads_the_tokens_but_not_the_page_from_the_shared_cache(
    whole_site, client, shared_reads
):
    first = client.get("/agenda/ical/")
    assert first["X-Cache"] == "miss"
    shared_reads.clear()
    second = client.get("/agenda/ical/")
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert page_keys(shared_reads) == []
    read = {key for call in shared_reads for key in call}
    assert read == {f"pagecache:gen:{second['X-Site']}", "pagecache:gen:all"}


def test_a_page_stored_by_another_server_is_copied_into_memory_once(
    whole_site, client, shared_reads
):
    client.get("/projets/")
    # Another process: its memory holds nothing, the shared cache holds the page.
    page_cache.kept_values.clear_local()
    shared_reads.clear()
    assert client.get("/projets/")["X-Cache"] == "hit"
    assert len(page_keys(shared_reads)) == 1
    shared_reads.clear()
    assert client.get("/projets/")["X-Cache"] == "hit"
    assert page_keys(shared_reads) == []


def test_a_publication_here_ends_the_copy_in_memory(whole_site, client):
    project = whole_site["project"]
    client.get("/projets/")
    project.title = "Un titre tout neuf pour la liste"
    project.save_revision().publish()
    answer = client.get("/projets/")
    assert answer["X-Cache"] == "miss"
    assert "Un titre tout neuf pour la liste" in answer.content.decode()


def test_a_publication_through_another_server_ends_the_copy_in_memory(whole_site, client):
    answer = client.get("/projets/")
    assert client.get("/projets/")["X-Cache"] == "hit"
    # What another server's publication leaves in the shared cache: a new site token.
    shared = page_cache._cache()
    shared.set(page_cache._generation_key(answer["X-Site"]), "renouvele-ailleurs", None)
    assert client.get("/projets/")["X-Cache"] == "miss"


def test_the_copy_in_memory_ends_with_the_page_cache_timeout(
    whole_site, client, settings, monkeypatch
):
    settings.PAGE_CACHE_TIMEOUT = 60
    client.get("/projets/")
    assert client.get("/projets/")["X-Cache"] == "hit"
    later = electoral_reserve.now() + datetime.timedelta(seconds=61)
    monkeypatch.setattr(electoral_reserve, "now", lambda: later)
    assert client.get("/projets/")["X-Cache"] == "miss"


def test_no_copy_in_memory_when_turned_off(whole_site, client, settings, shared_reads):
    settings.PAGE_CACHE_LOCAL_ENTRIES = 0
    client.get("/projets/")
    shared_reads.clear()
    assert client.get("/projets/")["X-Cache"] == "hit"
    assert len(page_keys(shared_reads)) == 1
