"""Every page says what it is about to search engines: the editor's description, else
its summary."""

import pytest

from tests.factories.news import NewsPageFactory

pytestmark = pytest.mark.django_db


def description_of(client, page):
    html = client.get(page.url).content.decode()
    start = html.find('<meta name="description" content="')
    assert start != -1, "no meta description"
    start += len('<meta name="description" content="')
    return html[start : html.index('"', start)]


def test_the_summary_is_the_description_when_the_editor_leaves_it_empty(client, news_index):
    page = NewsPageFactory(parent=news_index, summary="Ce que la onzième session a changé.")
    assert description_of(client, page) == "Ce que la onzième session a changé."


def test_the_editor_s_description_wins(client, news_index):
    page = NewsPageFactory(
        parent=news_index, summary="Résumé.", search_description="Pour les moteurs."
    )
    assert description_of(client, page) == "Pour les moteurs."
