"""The emails of event registrations (plain text, French), with the event's iCal file.

Links are absolute, at the public address (WAGTAILADMIN_BASE_URL), which the Site follows.
"""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from cms.mail import queue_mail
from cms.site_address import absolute_url
from news.common import RETENTION_MONTHS
from news.formatting import format_event_dates

from .calendars import build_calendar, event_location

REGISTRATION_SUBJECTS = {
    "confirmed": "Inscription confirmée : {title}",
    "waiting": "Liste d'attente : {title}",
    "promoted": "Une place s'est libérée : {title}",
    "cancelled": "Inscription annulée : {title}",
}


def send_registration_email(registration, kind, request=None):
    event = registration.event
    page_url = absolute_url(event.url or "/")
    context = {
        "registration": registration,
        "event": event,
        "kind": kind,
        "dates": format_event_dates(event.start, event.end),
        "location": event_location(event),
        "page_url": page_url,
        "cancel_url": absolute_url(
            event.route_url("cancel_registration", token=registration.token)
        ),
        "personal_data_url": absolute_url("/donnees-personnelles/"),
        "position": registration.waiting_position(),
        "retention_months": RETENTION_MONTHS,
    }
    message = EmailMessage(
        subject=REGISTRATION_SUBJECTS[kind].format(title=event.title),
        body=render_to_string("news/events/emails/registration.txt", context),
        to=[registration.email],
    )
    if kind in ("confirmed", "promoted"):
        message.attach(
            f"{event.slug}.ics",
            build_calendar([(event, page_url)], event.title),
            "text/calendar",
        )
    queue_mail(message)
