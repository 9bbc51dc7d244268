"""Once over, an event reads « Terminé » and points to what came of it; a cancelled or
past event offers no « add to my calendar »."""

import datetime
import re

import pytest
from django.utils import timezone

from news.models import EventStatus
from tests.factories.news import NewsPageFactory

from .conftest import add_event, page_text

pytestmark = pytest.mark.django_db

LAST_MONTH = timezone.now() - datetime.timedelta(days=30)


def test_a_past_event_reads_terminated_on_its_page_and_card(client, event_index):
    event = add_event(event_index, "Atelier passé", start=LAST_MONTH)
    assert event.display_status_label == "Terminé"
    assert "<dt>Statut</dt><dd>Terminé</dd>" in page_text(client.get(event.url))
    archives = page_text(client.get("/agenda/archives/"))
    assert "Terminé" in archives and "Programmé" not in archives


def test_a_cancelled_event_stays_cancelled_once_past(event_index):
    event = add_event(
        event_index,
        start=LAST_MONTH,
        status=EventStatus.CANCELLED,
        status_note="Salle indisponible.",
    )
    assert event.display_status_label == "Annulé"


def test_neither_a_cancelled_nor_a_past_event_offers_calendar_links(client, event_index):
    upcoming = add_event(event_index, "À venir")
    cancelled = add_event(
        event_index, "Annulé", status=EventStatus.CANCELLED, status_note="Salle indisponible."
    )
    past = add_event(event_index, "Passé", start=LAST_MONTH)
    assert "Ajouter à mon agenda" in page_text(client.get(upcoming.url))
    for event in (cancelled, past):
        assert "Ajouter à mon agenda" not in page_text(client.get(event.url)), event.title


def test_a_past_event_links_to_its_report_once_published(client, event_index, news_index):
    recording = NewsPageFactory(parent=news_index, title="Ce que la conférence a montré")
    event = add_event(event_index, "Conférence passée", start=LAST_MONTH, follow_up=recording)
    html = client.get(event.url).content.decode()
    assert "Ce qu'il en reste" in html and f'href="{recording.url}"' in html

    recording.unpublish()
    assert "Ce qu'il en reste" not in client.get(event.url).content.decode()


def test_an_upcoming_event_keeps_its_follow_up_for_later(client, event_index, news_index):
    recording = NewsPageFactory(parent=news_index, title="Compte rendu")
    event = add_event(event_index, "Bientôt", follow_up=recording)
    assert "Ce qu'il en reste" not in client.get(event.url).content.decode()


# HTML's date, or global date and time: at most milliseconds, an offset with or without ":".
HTML_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?"
)


def test_every_time_element_carries_a_valid_html_datetime(client, event_index):
    event = add_event(event_index, "Atelier", start=timezone.now() + datetime.timedelta(days=3))
    for url in (event.url, "/agenda/"):
        values = re.findall(r'<time datetime="([^"]*)"', client.get(url).content.decode())
        assert values, url
        assert [value for value in values if not HTML_DATETIME.fullmatch(value)] == [], url
