"""The news app's pages: /actualites/ and /agenda/, a news item, an event (the news
tests' own builders are in tests/news/conftest.py)."""

import datetime

import factory
from django.utils import timezone

from news.models import EventIndexPage, EventPage, NewsIndexPage, NewsPage

from .pages import PageFactory


class NewsIndexPageFactory(PageFactory):
    title = "Actualités"
    slug = "actualites"

    class Meta:
        model = NewsIndexPage


class EventIndexPageFactory(PageFactory):
    title = "Agenda"
    slug = "agenda"

    class Meta:
        model = EventIndexPage


class NewsPageFactory(PageFactory):
    title = factory.Sequence(lambda n: f"Actualité {n}")
    date = datetime.date(2026, 11, 2)
    summary = factory.LazyAttribute(lambda page: f"Résumé de « {page.title} ».")

    class Meta:
        model = NewsPage


class EventPageFactory(PageFactory):
    """A workshop in ten days, two hours long."""

    title = factory.Sequence(lambda n: f"Événement {n}")
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    end = factory.LazyAttribute(lambda page: page.start + datetime.timedelta(hours=2))
    event_type = "atelier"
    summary = factory.LazyAttribute(lambda page: f"Présentation de « {page.title} ».")
    place_name = "Hôtel du Département"
    address = "2 avenue du Parc, 95000 Cergy"

    class Meta:
        model = EventPage
