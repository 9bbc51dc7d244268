"""A listing costs the same number of queries with 3 items or with 40 (DESIGN.md)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import EventRegistration

from .conftest import add_event, add_news

pytestmark = pytest.mark.django_db


def count_queries(client, url, **params):
    client.get(url, params)  # warm caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def add_many_news(news_index, section, count, start=0):
    for number in range(start, start + count):
        parent = section if number % 2 else news_index
        add_news(
            parent,
            f"Actualité {number}",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=number),
            tags=["Mesure d'impact", f"Thème {number % 3}"],
        )


def add_many_events(event_index, section, count, start=0):
    now = timezone.now()
    for number in range(start, start + count):
        parent = section if number % 2 else event_index
        event = add_event(
            parent,
            f"Événement {number}",
            start=now + datetime.timedelta(days=number + 1),
            registration_mode="formulaire" if number % 3 == 0 else "aucune",
            capacity=2 if number % 3 == 0 else None,
        )
        if number % 3 == 0:
            EventRegistration.objects.create(event=event, name="A", email=f"a{number}@x.org")
        add_event(parent, f"Passé {number}", start=now - datetime.timedelta(days=number + 2))


def test_news_index_queries_do_not_grow(client, news_index, somme_news_section, capsys):
    add_many_news(news_index, somme_news_section, 3)
    small = {
        "all": count_queries(client, "/actualites/"),
        "filtered": count_queries(
            client, "/actualites/", collectivite="somme", thematique="theme-1"
        ),
        "section": count_queries(client, "/actualites/somme/"),
        "rss": count_queries(client, "/actualites/rss/"),
    }
    add_many_news(news_index, somme_news_section, 37, start=3)
    large = {
        "all": count_queries(client, "/actualites/"),
        "filtered": count_queries(
            client, "/actualites/", collectivite="somme", thematique="theme-1"
        ),
        "section": count_queries(client, "/actualites/somme/"),
        "rss": count_queries(client, "/actualites/rss/"),
    }
    with capsys.disabled():
        print(f"\nrequêtes SQL, actualités (3 → 40) : {small} → {large}")
    assert small == large


def test_agenda_queries_do_not_grow(client, event_index, somme_event_section, capsys):
    add_many_events(event_index, somme_event_section, 3)
    urls = {
        "upcoming": ("/agenda/", {}),
        "filtered": ("/agenda/", {"type": "atelier", "collectivite": "somme"}),
        "archives": ("/agenda/archives/", {}),
        "section": ("/agenda/somme/", {}),
        "ical": ("/agenda/ical/", {}),
    }
    small = {name: count_queries(client, url, **params) for name, (url, params) in urls.items()}
    add_many_events(event_index, somme_event_section, 27, start=3)
    large = {name: count_queries(client, url, **params) for name, (url, params) in urls.items()}
    with capsys.disabled():
        print(f"\nrequêtes SQL, agenda (3 → 30 événements à venir) : {small} → {large}")
    assert small == large
