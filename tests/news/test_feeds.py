import datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest

from .conftest import add_news, page_text

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def some_news(news_index, somme_news_section):
    old = add_news(news_index, "Ouverture de la onzième session", date=datetime.date(2026, 10, 1))
    new = add_news(
        somme_news_section,
        "La Somme rejoint l'EMI",
        date=datetime.date(2026, 11, 3),
        tags=["Expérience agent"],
    )
    return old, new


@pytest.mark.parametrize("route, version", [("rss", "rss20"), ("atom", "atom10")])
def test_feeds_parse_and_carry_the_news_newest_first(client, some_news, route, version):
    old, new = some_news
    response = client.get(f"/actualites/{route}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/rss+xml" if route == "rss" else "application/atom+xml"
    )
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == version
    assert [entry.title for entry in feed.entries] == [new.title, old.title]
    first = feed.entries[0]
    assert first.link == "http://127.0.0.1:8000" + new.url
    assert first.summary == new.summary
    assert [tag.term for tag in first.tags] == ["Expérience agent"]
    assert first.author == "Département de la Somme"
    # The date of the news, in Paris time.
    published = datetime.datetime(*first.published_parsed[:6], tzinfo=datetime.UTC)
    assert published.astimezone(PARIS).date() == datetime.date(2026, 11, 3)
    assert feed.feed.link.startswith("http://127.0.0.1:8000/actualites/")


def test_feed_leaves_out_unpublished_and_private_news(client, news_index):
    from wagtail.models import PageViewRestriction

    public = add_news(news_index, "Publique")
    private = add_news(news_index, "Réservée")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    gone = add_news(news_index, "Dépubliée")
    gone.unpublish()
    titles = [e.title for e in feedparser.parse(client.get("/actualites/rss/").content).entries]
    assert titles == [public.title]


def test_listing_links_its_feeds(client, news_index):
    html = page_text(client.get("/actualites/"))
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/actualites/atom/"' in html
