"""The emails of registrations, applications and topic proposals (plain text, French)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from cms.mail import queue_mail
from cms.site_address import absolute_url as public_absolute_url

from .formatting import format_event_dates
from .retention import RETENTION_MONTHS


def absolute_url(path, page=None, request=None):
    """An absolute URL at the public address (WAGTAILADMIN_BASE_URL), which the Site follows.

    `page` and `request` are kept for the call sites: neither changes the address.
    """
    return public_absolute_url(path)


REGISTRATION_SUBJECTS = {
    "confirmed": "Inscription confirmée : {title}",
    "waiting": "Liste d'attente : {title}",
    "promoted": "Une place s'est libérée : {title}",
    "cancelled": "Inscription annulée : {title}",
}


def send_registration_email(registration, kind, request=None):
    from .calendars import build_calendar, event_location
    from .registrations import waiting_position

    event = registration.event
    page_url = absolute_url(event.url or "/", event, request)
    context = {
        "registration": registration,
        "event": event,
        "kind": kind,
        "dates": format_event_dates(event.start, event.end),
        "location": event_location(event),
        "page_url": page_url,
        "cancel_url": absolute_url(
            event.route_url("cancel_registration", token=registration.token), event, request
        ),
        "personal_data_url": absolute_url("/donnees-personnelles/", event, request),
        "position": waiting_position(registration),
        "retention_months": RETENTION_MONTHS,
    }
    message = EmailMessage(
        subject=REGISTRATION_SUBJECTS[kind].format(title=event.title),
        body=render_to_string("news/emails/registration.txt", context),
        to=[registration.email],
    )
    if kind in ("confirmed", "promoted"):
        message.attach(
            f"{event.slug}.ics",
            build_calendar([(event, page_url)], event.title),
            "text/calendar",
        )
    queue_mail(message)


def send_application_confirmation(call, form):
    """The candidate's copy of their application, with what happens next."""
    data = form.cleaned_data
    answers = []
    for field in form:
        if field.name not in data:
            continue
        value = data[field.name]
        if isinstance(value, list):
            value = ", ".join(value)
        answers.append((field.label, value))
    body = render_to_string(
        "news/emails/application_confirmation.txt",
        {
            "call": call,
            "name": data.get("name", ""),
            "answers": answers,
            "page_url": absolute_url(call.url or "/", call),
            "personal_data_url": absolute_url("/donnees-personnelles/", call),
            "retention_months": RETENTION_MONTHS,
        },
    )
    queue_mail(
        EmailMessage(
            subject=f"Votre candidature : {call.title}",
            body=body,
            from_email=call.from_address or None,
            to=[data["email"]],
            reply_to=call.get_notification_addresses()[:1] or None,
        )
    )


def send_topic_proposal_notification(page, proposal):
    from django.urls import reverse

    # Admin links follow Wagtail's own notifications: WAGTAILADMIN_BASE_URL.
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "topic_proposals:edit", args=[proposal.pk]
    )
    body = render_to_string(
        "news/emails/topic_proposal_notification.txt",
        {"proposal": proposal, "admin_url": admin_url},
    )
    queue_mail(
        EmailMessage(
            subject=f"Nouveau sujet proposé : {proposal.service}",
            body=body,
            to=page.get_notification_addresses(),
            reply_to=[proposal.contact_email] if proposal.contact_email else None,
        )
    )
