"""Cached pages served gzip-compressed to the clients that accept it (cms.page_cache).

A stored page of 1 kB or more (a calendar of 600 kB: about 60 kB) is also kept
compressed, once, when it is stored; a hit sends that copy to a browser or calendar
client that says ``Accept-Encoding: gzip``, and the page as rendered to any other; both
say ``Vary: Accept-Encoding`` so that the edge cache keeps the two apart.
"""

import gzip

import pytest

from cms import page_cache
from tests.factories.whole_site import build_every_page_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def whole_site(home_page, settings, monkeypatch):
    settings.PAGE_CACHE_ENABLED = True
    # The demo's feeds hold a few items: compressed from 200 bytes, as a real calendar is.
    monkeypatch.setattr(page_cache, "GZIP_MIN_LENGTH", 200)
    return build_every_page_type(home_page)


@pytest.mark.parametrize("url", ["/agenda/ical/", "/projets/", "/", "/actualites/rss/"])
def test_a_hit_is_sent_compressed_to_a_client_that_accepts_gzip(whole_site, client, url):
    miss = client.get(url)
    assert miss["X-Cache"] == "miss"
    assert "Accept-Encoding" in miss["Vary"]
    hit = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert hit["X-Cache"] == "hit"
    assert hit["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in hit["Vary"]
    assert hit["Content-Type"] == miss["Content-Type"]
    assert hit["Content-Length"] == str(len(hit.content))  # the compressed body's own
    assert gzip.decompress(hit.content) == miss.content
    assert len(hit.content) < len(miss.content)


def test_a_client_that_does_not_accept_gzip_gets_the_page_as_rendered(whole_site, client):
    miss = client.get("/agenda/ical/")
    for headers in ({}, {"Accept-Encoding": "identity"}, {"Accept-Encoding": "br"}):
        hit = client.get("/agenda/ical/", headers=headers)
        assert hit["X-Cache"] == "hit"
        assert not hit.has_header("Content-Encoding")
        assert hit.content == miss.content
        assert hit["Content-Length"] == str(len(miss.content))


def test_a_copy_kept_in_memory_is_compressed_too(whole_site, client):
    client.get("/agenda/ical/")
    page_cache.kept_values.clear_local()  # another process: read from the shared cache
    first = client.get("/agenda/ical/", headers={"Accept-Encoding": "gzip"})
    second = client.get("/agenda/ical/", headers={"Accept-Encoding": "gzip"})
    assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
    assert first.content == second.content


def test_a_short_answer_is_not_compressed(whole_site, client, monkeypatch):
    monkeypatch.setattr(page_cache, "GZIP_MIN_LENGTH", 10**9)
    miss = client.get("/agenda/ical/")
    assert "Accept-Encoding" not in miss["Vary"]
    hit = client.get("/agenda/ical/", headers={"Accept-Encoding": "gzip"})
    assert hit["X-Cache"] == "hit"
    assert not hit.has_header("Content-Encoding")
    assert hit.content == miss.content


def test_a_publication_ends_the_compressed_copy_as_well(whole_site, client):
    event = whole_site["event"]
    client.get("/agenda/ical/")
    event.title = "Un atelier au titre tout neuf"
    event.save_revision().publish()
    hit_or_miss = client.get("/agenda/ical/", headers={"Accept-Encoding": "gzip"})
    assert hit_or_miss["X-Cache"] == "miss"
    again = client.get("/agenda/ical/", headers={"Accept-Encoding": "gzip"})
    assert "Un atelier au titre tout neuf" in gzip.decompress(again.content).decode()
