import datetime
import json
import re

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from news.models import EventPage

from .conftest import add_event, page_text, paris

pytestmark = pytest.mark.django_db


def event_fields(**overrides):
    fields = {
        "title": "Club design de service",
        "slug": "club",
        "event_type": "club",
        "summary": "Séance du club.",
        "start": paris(2026, 12, 1, 18, 0),
        "end": paris(2026, 12, 1, 20, 0),
        "place_name": "Maison de la Vie associative",
    }
    fields.update(overrides)
    return fields


def errors_of(page):
    with pytest.raises(ValidationError) as error:
        page.clean()
    return error.value.message_dict


# --- Validation -----------------------------------------------------------------------


def test_end_must_follow_start():
    page = EventPage(**event_fields(end=paris(2026, 12, 1, 17, 0)))
    assert errors_of(page)["end"] == ["La fin doit être postérieure au début de l'événement."]
    page = EventPage(**event_fields(end=paris(2026, 12, 1, 18, 0)))
    assert "end" in errors_of(page)


def test_multi_day_events_are_allowed():
    page = EventPage(**event_fields(end=paris(2026, 12, 3, 17, 0)))
    page.clean()
    assert page.is_multi_day


def test_place_registration_and_status_rules():
    assert "place_name" in errors_of(EventPage(**event_fields(place_name="", address="")))
    EventPage(**event_fields(place_name="", attendance_mode="en-ligne")).clean()
    assert "registration_url" in errors_of(EventPage(**event_fields(registration_mode="externe")))
    assert "capacity" in errors_of(EventPage(**event_fields(registration_mode="formulaire")))
    assert "status_note" in errors_of(EventPage(**event_fields(status="annule")))
    assert "slug" not in errors_of(EventPage(**event_fields(status="annule")))
    with pytest.raises(ValidationError):
        EventPage(**event_fields(slug="ical")).clean()


# --- Listings -------------------------------------------------------------------------


def test_agenda_lists_upcoming_first_and_archives_the_past(client, event_index):
    now = timezone.now()
    add_event(event_index, "Dans trois jours", start=now + datetime.timedelta(days=3))
    add_event(event_index, "Demain", start=now + datetime.timedelta(days=1))
    add_event(event_index, "Le mois dernier", start=now - datetime.timedelta(days=30))
    add_event(
        event_index,
        "En cours depuis hier",
        start=now - datetime.timedelta(days=1),
        end=now + datetime.timedelta(days=1),
    )

    html = page_text(client.get("/agenda/"))
    assert html.index("En cours depuis hier") < html.index("Demain") < html.index("Dans trois")
    assert "Le mois dernier" not in html
    assert 'href="/agenda/archives/"' in html

    archives = page_text(client.get("/agenda/archives/"))
    assert "Le mois dernier" in archives and "Demain" not in archives
    assert "<h1>Événements passés</h1>" in archives


def test_agenda_filters_by_type_collectivity_and_month(
    client, event_index, somme_event_section, frozen_now
):
    frozen_now(paris(2026, 11, 22, 10, 0))
    add_event(event_index, "Club décembre", event_type="club", start=paris(2026, 12, 3, 18))
    add_event(event_index, "Atelier janvier", start=paris(2027, 1, 12, 9))
    add_event(
        somme_event_section,
        "Restitution à Amiens",
        event_type="restitution",
        start=paris(2026, 12, 10, 14),
    )

    def titles(**params):
        html = page_text(client.get("/agenda/", params))
        return {
            t for t in ("Club décembre", "Atelier janvier", "Restitution à Amiens") if t in html
        }

    assert titles(type="club") == {"Club décembre"}
    assert titles(collectivite="somme") == {"Restitution à Amiens"}
    assert titles(mois="2026-12") == {"Club décembre", "Restitution à Amiens"}
    assert titles(mois="2026-12", type="restitution") == {"Restitution à Amiens"}
    html = page_text(client.get("/agenda/"))
    assert '<option value="2027-01">Janvier 2027</option>' in html
    assert client.get("/agenda/", {"mois": "2026-13"}).status_code == 200
    assert titles(mois="pas-un-mois") == {
        "Club décembre",
        "Atelier janvier",
        "Restitution à Amiens",
    }


def test_section_agenda_lists_its_events(client, event_index, somme_event_section):
    add_event(event_index, "Rencontre EMI")
    add_event(somme_event_section, "Café à Amiens", event_type="cafe-rencontre")
    html = page_text(client.get("/agenda/somme/"))
    assert "Café à Amiens" in html and "Rencontre EMI" not in html


def test_event_page_says_status_and_accessibility_in_words(client, event_index):
    event = add_event(
        event_index,
        "Atelier annulé",
        status="annule",
        status_note="L'intervenante est malade ; une nouvelle date sera proposée.",
        accessible_hearing=True,
        accessible_motor=True,
        accessibility_details="Boucle magnétique en salle.",
    )
    html = page_text(client.get(event.url))
    assert "<strong>Annulé</strong>" in html
    assert "une nouvelle date sera proposée" in html
    assert "handicap auditif, handicap moteur" in html
    assert "Boucle magnétique en salle." in html


def test_event_dates_are_written_in_paris_time(client, event_index):
    event = add_event(
        event_index,
        "Jury de la promotion",
        event_type="jury",
        start=datetime.datetime(2026, 12, 1, 17, 0, tzinfo=datetime.UTC),
        end=datetime.datetime(2026, 12, 1, 19, 30, tzinfo=datetime.UTC),
    )
    html = page_text(client.get(event.url))
    assert "Mardi 1er décembre 2026, de 18h00 à 20h30" in html
    two_days = add_event(
        event_index, "Séminaire", start=paris(2026, 12, 2, 9), end=paris(2026, 12, 3, 17)
    )
    html = page_text(client.get(two_days.url))
    assert "Du mercredi 2 décembre 2026 à 9h00 au jeudi 3 décembre 2026 à 17h00" in html


def test_event_page_has_json_ld_event(client, event_index):
    event = add_event(
        event_index,
        "Conférence en ligne sur l'impact",
        event_type="conference-en-ligne",
        attendance_mode="mixte",
        online_url="https://visio.example.org/emi",
        status="reporte",
        status_note="Nouvelle date en janvier.",
    )
    html = page_text(client.get(event.url))
    scripts = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    data = json.loads(scripts[-1])  # after the breadcrumb's (cms.social)
    assert data["image"][0].startswith("http://127.0.0.1:8000/")
    assert data["@type"] == "Event"
    assert data["eventStatus"] == "https://schema.org/EventPostponed"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["startDate"].endswith("+01:00")
    assert {loc["@type"] for loc in data["location"]} == {"Place", "VirtualLocation"}


def test_add_to_calendar_links(client, event_index):
    event = add_event(event_index, "Club management visuel", start=paris(2026, 12, 8, 18))
    html = page_text(client.get(event.url))
    assert f'href="{event.url}ical/"' in html
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert "20261208T170000Z%2F20261208T190000Z" in html
    assert "outlook.live.com" in html and "(site externe)" in html


# --- iCal -------------------------------------------------------------------------------


def parse_ics(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_single_event_ical(client, event_index):
    event = add_event(
        event_index,
        "Rencontre des alumni",
        event_type="rencontre-alumni",
        start=paris(2026, 11, 27, 9, 30),
        end=paris(2026, 11, 27, 17, 0),
    )
    response = client.get(event.url + "ical/")
    assert 'filename="rencontre-des-alumni.ics"' in response["Content-Disposition"]
    calendar = parse_ics(response)
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Rencontre des alumni"
    assert vevent.decoded("DTSTART") == paris(2026, 11, 27, 9, 30)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert str(vevent["URL"]) == "http://127.0.0.1:8000" + event.url
    assert str(vevent["UID"]) == f"agenda-{event.pk}@emi.valdoise.fr"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_agenda_feed_has_upcoming_events_with_stable_uids_and_cancellations(
    client, event_index, somme_event_section
):
    now = timezone.now()
    upcoming = add_event(event_index, "Club à venir", start=now + datetime.timedelta(days=5))
    cancelled = add_event(
        somme_event_section,
        "Atelier annulé",
        start=now + datetime.timedelta(days=8),
        status="annule",
        status_note="Salle indisponible.",
    )
    add_event(event_index, "Passé", start=now - datetime.timedelta(days=5))

    first = parse_ics(client.get("/agenda/ical/"))
    events = {str(e["UID"]): e for e in first.walk("VEVENT")}
    assert set(events) == {
        f"agenda-{upcoming.pk}@emi.valdoise.fr",
        f"agenda-{cancelled.pk}@emi.valdoise.fr",
    }
    cancelled_vevent = events[f"agenda-{cancelled.pk}@emi.valdoise.fr"]
    assert str(cancelled_vevent["STATUS"]) == "CANCELLED"
    assert str(cancelled_vevent["SUMMARY"]) == "Annulé : Atelier annulé"
    assert "Salle indisponible." in str(cancelled_vevent["DESCRIPTION"])
    assert cancelled_vevent.decoded("DTSTART").tzinfo.key == "Europe/Paris"

    # Editing the event keeps its UID and raises its sequence.
    sequence = int(cancelled_vevent["SEQUENCE"])
    cancelled.title = "Atelier annulé (salle)"
    cancelled.save_revision().publish()
    again = parse_ics(client.get("/agenda/ical/"))
    edited = {str(e["UID"]): e for e in again.walk("VEVENT")}[str(cancelled_vevent["UID"])]
    assert int(edited["SEQUENCE"]) >= sequence
    assert str(edited["SUMMARY"]) == "Annulé : Atelier annulé (salle)"


def test_agenda_feed_serialises_an_event_again_only_when_it_changed(
    client, event_index, monkeypatch
):
    from news.events import calendars

    now = timezone.now()
    first = add_event(event_index, "Club un", start=now + datetime.timedelta(days=3))
    add_event(event_index, "Club deux", start=now + datetime.timedelta(days=4))
    made = []
    original = calendars.event_component
    monkeypatch.setattr(
        calendars,
        "event_component",
        lambda event, url: made.append(event.pk) or original(event, url),
    )
    client.get("/agenda/ical/")
    assert len(made) == 2
    client.get("/agenda/ical/")
    assert len(made) == 2  # both from the cache
    # Publishing one event serialises that one again, not the other.
    first.status = "complet"
    first.save_revision().publish()
    feed = parse_ics(client.get("/agenda/ical/"))
    assert made[2:] == [first.pk]
    assert len(feed.walk("VEVENT")) == 2


def add_event_in_an_hour(event_index, title, **fields):
    """An event that starts in an hour and is over in two."""
    start = timezone.now() + datetime.timedelta(hours=1)
    return add_event(
        event_index, title, start=start, end=start + datetime.timedelta(hours=1), **fields
    )


def test_the_feed_kept_drops_an_event_once_it_has_ended(client, event_index, frozen_now):
    now = timezone.now()
    soon = add_event_in_an_hour(event_index, "Fini bientôt")
    later = add_event(event_index, "Plus tard", start=now + datetime.timedelta(days=3))

    def uids():
        feed = parse_ics(client.get("/agenda/ical/"))
        return {str(vevent["UID"]) for vevent in feed.walk("VEVENT")}

    assert uids() == {f"agenda-{soon.pk}@emi.valdoise.fr", f"agenda-{later.pk}@emi.valdoise.fr"}
    assert len(uids()) == 2  # the second answer is the feed kept
    frozen_now(now + datetime.timedelta(hours=3))  # no publication: the first has ended
    assert uids() == {f"agenda-{later.pk}@emi.valdoise.fr"}


def test_agenda_feed_is_valid_when_empty(client, event_index):
    calendar = parse_ics(client.get("/agenda/ical/"))
    assert calendar.walk("VEVENT") == []
    assert calendar.walk("VTIMEZONE")
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Paris"


def test_postponed_event_is_tentative_in_calendars(client, event_index):
    event = add_event(
        event_index,
        "Reporté",
        start=paris(2027, 7, 1, 10),
        end=paris(2027, 7, 1, 12),
        status="reporte",
        status_note="Date à venir.",
    )
    [vevent] = parse_ics(client.get(event.url + "ical/")).walk("VEVENT")
    assert str(vevent["STATUS"]) == "TENTATIVE"
    # Summer time: 12:00 in Paris is 10:00 UTC.
    assert vevent.decoded("DTEND").astimezone(datetime.UTC).hour == 10


def test_the_home_page_s_next_events_follow_registrations_and_the_clock(
    client, event_index, frozen_now
):
    """Which events the home page shows is kept until one of them starts or ends; the
    places taken are counted on every visit (they come in without a publication)."""
    from news.events.models import EventRegistration

    now = timezone.now()
    workshop = add_event_in_an_hour(
        event_index, "Atelier des communs", registration_mode="formulaire", capacity=1
    )
    later = add_event(event_index, "Club des managers", start=now + datetime.timedelta(days=3))

    def home():
        return page_text(client.get("/"))

    first = home()
    assert "Atelier des communs" in first and "Club des managers" in first
    assert "Complet" not in first
    EventRegistration.objects.create(event=workshop, name="Ada", email="ada@example.org")
    assert "Complet" in home()  # no publication: the count is read on each visit
    frozen_now(now + datetime.timedelta(hours=3))  # the workshop has ended
    after = home()
    assert "Atelier des communs" not in after and later.title in after
