"""The emails of applications and topic proposals (plain text, French).

Links are absolute, at the public address (WAGTAILADMIN_BASE_URL), which the Site follows.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from cms.mail import queue_mail
from cms.site_address import absolute_url
from news.common import RETENTION_MONTHS


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
        "news/trainings/emails/application_confirmation.txt",
        {
            "call": call,
            "name": data.get("name", ""),
            "answers": answers,
            "page_url": absolute_url(call.url or "/"),
            "personal_data_url": absolute_url("/donnees-personnelles/"),
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
    # Admin links follow Wagtail's own notifications: WAGTAILADMIN_BASE_URL.
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "topic_proposals:edit", args=[proposal.pk]
    )
    body = render_to_string(
        "news/trainings/emails/topic_proposal_notification.txt",
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
