"""iCalendar files (with the `icalendar` library, never by hand) and calendar links."""

import datetime
import hashlib
from urllib.parse import urlencode

import icalendar
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from news.common import PARIS

from .models import AttendanceMode, EventStatus

PRODID = "-//Departement du Val-d'Oise//Agenda de l'EMI//FR"
# UIDs must never change for a given event: they name the event, not the host serving it.
UID_DOMAIN = "emi.valdoise.fr"
SEQUENCE_EPOCH = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)

ICAL_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.FULL: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}
TITLE_PREFIX = {
    EventStatus.POSTPONED: "Reporté : ",
    EventStatus.CANCELLED: "Annulé : ",
}


def event_uid(event):
    return f"agenda-{event.pk}@{UID_DOMAIN}"


def event_location(event):
    parts = []
    if event.attendance_mode != AttendanceMode.ONLINE:
        parts += [event.place_name.strip(), " ".join(event.address.split())]
    if event.attendance_mode != AttendanceMode.IN_PERSON:
        parts.append("En ligne")
    return ", ".join(part for part in parts if part)


def event_description(event, page_url):
    lines = [event.summary.strip()]
    if event.status_note and event.status in TITLE_PREFIX:
        lines.append(f"{event.get_status_display()} : {event.status_note}")
    lines.append(f"Informations et inscription : {page_url}")
    return "\n\n".join(line for line in lines if line)


def event_component(event, page_url):
    component = icalendar.Event()
    component.add("uid", event_uid(event))
    component.add("dtstamp", event.last_published_at or timezone.now())
    component.add("dtstart", timezone.localtime(event.start, PARIS))
    component.add("dtend", timezone.localtime(event.end, PARIS))
    component.add("summary", TITLE_PREFIX.get(event.status, "") + event.title)
    component.add("description", event_description(event, page_url))
    location = event_location(event)
    if location:
        component.add("location", location)
    component.add("url", page_url)
    component.add("status", ICAL_STATUS[event.status])
    component.add("categories", [event.get_event_type_display()])
    component.add("class", "PUBLIC")
    if event.last_published_at:
        component.add("last-modified", event.last_published_at)
        # A later publication must win in calendars that already hold the event.
        minutes = (event.last_published_at - SEQUENCE_EPOCH).total_seconds() // 60
        component.add("sequence", max(int(minutes), 0))
    return component


# What an event's VEVENT is made of: when one of them changes, so does its cache key.
COMPONENT_FIELDS = (
    "pk", "title", "summary", "status", "status_note", "start", "end", "attendance_mode",
    "place_name", "address", "event_type", "last_published_at",
)  # fmt: skip
COMPONENT_CACHE_SECONDS = 7 * 24 * 3600
# The columns a feed reads: those, and the page's address.
CALENDAR_FIELDS = [*COMPONENT_FIELDS[1:], "url_path", "locale_id"]


def _component_key(event, page_url):
    parts = [str(getattr(event, field)) for field in COMPONENT_FIELDS] + [page_url]
    return "ical:vevent:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def event_components(events_with_urls):
    """The VEVENT of each event, serialised: from the cache when the event did not change.

    Serialising with `icalendar` costs about half a millisecond per event, which a feed
    of a thousand upcoming events would pay at every request; an event changes rarely.
    """
    keyed = [(event, url, _component_key(event, url)) for event, url in events_with_urls]
    found = cache.get_many([key for _, _, key in keyed])
    made = {}
    for event, url, key in keyed:
        if key not in found:
            made[key] = found[key] = event_component(event, url).to_ical()
    if made:
        cache.set_many(made, COMPONENT_CACHE_SECONDS)
    return [found[key] for _, _, key in keyed]


def build_calendar(events_with_urls, name):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    events_with_urls = list(events_with_urls)
    starts = [event.start for event, _ in events_with_urls]
    ends = [event.end for event, _ in events_with_urls]
    # Every date is written in Paris time (event_component): its VTIMEZONE covers them
    # all, and an empty feed still declares it, for the clients that subscribe.
    first = min(starts, default=None) or timezone.now()
    last = max(ends, default=None) or first
    first_date = (timezone.localtime(first, PARIS) - datetime.timedelta(days=366)).date()
    last_date = (timezone.localtime(last, PARIS) + datetime.timedelta(days=366)).date()
    calendar.add_component(
        icalendar.Timezone.from_tzid("Europe/Paris", first_date=first_date, last_date=last_date)
    )
    head, end = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    return b"".join([head, *event_components(events_with_urls), b"END:VCALENDAR", end])


def ical_response(content, filename, attachment=True):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def online_calendar_links(event, page_url):
    """« Ajouter à mon agenda » links for the common online calendars (plain links)."""
    start_utc = event.start.astimezone(datetime.UTC)
    end_utc = event.end.astimezone(datetime.UTC)
    details = f"{event.summary}\n\n{page_url}"
    location = event_location(event)
    google = "https://calendar.google.com/calendar/render?" + urlencode(
        {
            "action": "TEMPLATE",
            "text": event.title,
            "dates": f"{start_utc:%Y%m%dT%H%M%SZ}/{end_utc:%Y%m%dT%H%M%SZ}",
            "details": details,
            "location": location,
            "ctz": "Europe/Paris",
        }
    )
    outlook_params = urlencode(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": event.title,
            "startdt": start_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "enddt": end_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "body": details,
            "location": location,
        }
    )
    return [
        ("Google Agenda", google),
        ("Outlook.com", "https://outlook.live.com/calendar/0/deeplink/compose?" + outlook_params),
        (
            "Microsoft 365",
            "https://outlook.office.com/calendar/0/deeplink/compose?" + outlook_params,
        ),
    ]


def webcal_url(url):
    """The webcal:// address of an absolute http(s) calendar URL: calendar applications
    open it to subscribe (and then fetch it over https or http)."""
    return "webcal://" + url.split("://", 1)[1]
