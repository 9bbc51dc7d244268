import datetime

import pytest
from django.utils import timezone

from .conftest import add_event, page_text, paris

pytestmark = pytest.mark.django_db


def test_home_shows_open_calls_and_next_events(client, trainings, event_index, frozen_now):
    frozen_now(paris(2026, 11, 22, 10))
    add_event(event_index, "Club de demain", start=paris(2026, 11, 23, 18))
    add_event(event_index, "Atelier passé", start=paris(2026, 11, 1, 9))
    html = page_text(client.get("/"))
    assert "Appels à candidatures ouverts" in html
    assert trainings["call"].title in html
    assert "Prochains événements" in html and "Club de demain" in html
    assert "Atelier passé" not in html


def test_home_hides_closed_calls(client, trainings, frozen_now):
    frozen_now(paris(2026, 12, 16, 0, 0))
    html = page_text(client.get("/"))
    assert trainings["call"].title not in html
    assert "Appels à candidatures ouverts" not in html


def test_home_events_are_limited_and_ordered(client, event_index):
    now = timezone.now()
    for days in (9, 2, 5, 7):
        add_event(event_index, f"Dans {days} jours", start=now + datetime.timedelta(days=days))
    html = page_text(client.get("/"))
    assert html.index("Dans 2 jours") < html.index("Dans 5 jours") < html.index("Dans 7 jours")
    assert "Dans 9 jours" not in html
