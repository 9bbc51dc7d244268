"""The emails of the alumni network (plain text, French).

Every link in them points to the public site — /alumni/mon-profil/ for what concerns
the person — never to the admin, which alumni cannot open.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from cms.invitations import absolute_url
from cms.mail import queue_mail

from .mentor_tokens import ACCEPT, DECLINE, answer_token
from .models.mentoring import MentorRequest
from .models.profiles import Visibility
from .models.stories import StoryPage

logger = logging.getLogger(__name__)


def _send(template, subject, recipients, context):
    recipients = [address for address in recipients if address]
    if not recipients:
        return 0
    body = render_to_string(
        f"alumni/emails/{template}.txt",
        {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "my_profile_url": absolute_url(reverse("alumni:my_profile")),
            **context,
        },
    )
    return queue_mail(EmailMessage(subject, body, None, recipients))


def page_url(page):
    """A page's address for an email: from the site's public address, like the others."""
    url = page.get_url() or ""
    return url if url.startswith(("http://", "https://")) else absolute_url(url)


def contact_details(profile):
    """What is given to the other side of an accepted request."""
    details = [("Adresse électronique", profile.contact_email)]
    if profile.phone and profile.phone_visibility != Visibility.HIDDEN:
        details.append(("Téléphone", profile.phone))
    if profile.linkedin_url and profile.linkedin_url_visibility != Visibility.HIDDEN:
        details.append(("LinkedIn", profile.linkedin_url))
    return details


def _presentation(profile):
    """Who is writing, as a member may see it (no hidden field, no contact detail)."""
    parts = []
    if profile.job_title and profile.job_title_visibility != Visibility.HIDDEN:
        parts.append(profile.job_title)
    if profile.collectivity_id and profile.collectivity_visibility != Visibility.HIDDEN:
        parts.append(profile.collectivity.name)
    if profile.cohort_id and profile.cohort_visibility != Visibility.HIDDEN:
        parts.append(str(profile.cohort))
    return ", ".join(parts)


# --- Mentoring -------------------------------------------------------------------------


def send_mentor_request(request_pk):
    request = (
        MentorRequest.objects.select_related(
            "requester", "requester__collectivity", "requester__cohort", "mentor", "mentor__user"
        )
        .filter(pk=request_pk)
        .first()
    )
    if request is None:
        return 0

    def answer_url(answer):
        return absolute_url(
            reverse("alumni:mentor_answer", kwargs={"token": answer_token(request, answer)})
        )

    return _send(
        "mentor_request",
        f"Demande de parrainage de {request.requester.full_name}",
        [request.mentor.contact_email],
        {
            "request": request,
            "requester": request.requester,
            "presentation": _presentation(request.requester),
            "accept_url": answer_url(ACCEPT),
            "decline_url": answer_url(DECLINE),
        },
    )


def send_mentor_answer(request_pk):
    request = (
        MentorRequest.objects.select_related(
            "requester", "requester__user", "mentor", "mentor__user"
        )
        .filter(pk=request_pk)
        .first()
    )
    if request is None:
        return 0
    requester, mentor = request.requester, request.mentor
    if request.is_accepted:
        sent = _send(
            "mentor_accepted_requester",
            f"{mentor.full_name} accepte votre demande de parrainage",
            [requester.contact_email],
            {"request": request, "other": mentor, "details": contact_details(mentor)},
        )
        sent += _send(
            "mentor_accepted_mentor",
            f"Coordonnées de {requester.full_name}",
            [mentor.contact_email],
            {"request": request, "other": requester, "details": contact_details(requester)},
        )
        return sent
    return _send(
        "mentor_declined",
        "Votre demande de parrainage",
        [requester.contact_email],
        {"request": request, "other": mentor},
    )


# --- Stories ---------------------------------------------------------------------------


def _story_author(story):
    author = story.author
    if author is None or not author.user_id:
        return None
    return author


def send_story_received(story_pk):
    story = StoryPage.objects.select_related("author", "author__user").filter(pk=story_pk).first()
    author = story and _story_author(story)
    if author is None:
        return 0
    return _send(
        "story_received",
        f"Témoignage reçu : « {story.title} »",
        [author.contact_email],
        {"story": story, "author": author},
    )


def send_story_resubmitted(story_pk):
    story = StoryPage.objects.select_related("author", "author__user").filter(pk=story_pk).first()
    author = story and _story_author(story)
    if author is None:
        return 0
    return _send(
        "story_resubmitted",
        f"Témoignage renvoyé pour relecture : « {story.title} »",
        [author.contact_email],
        {"story": story, "author": author},
    )


def send_story_published(story):
    author = _story_author(story)
    if author is None:
        return 0
    return _send(
        "story_published",
        f"Votre témoignage est publié : « {story.title} »",
        [author.contact_email],
        {"story": story, "author": author, "story_url": page_url(story)},
    )


def send_story_sent_back(story, comment):
    author = _story_author(story)
    if author is None:
        return 0
    return _send(
        "story_sent_back",
        f"Votre témoignage « {story.title} » : des modifications sont demandées",
        [author.contact_email],
        {"story": story, "author": author, "comment": comment},
    )


# --- Profile upkeep --------------------------------------------------------------------


def send_profile_reminder(profile):
    return _send(
        "profile_reminder",
        "Votre fiche d'alumni est-elle à jour ?",
        [profile.contact_email],
        {
            "profile": profile,
            "edit_url": absolute_url(reverse("alumni:profile_edit")),
            "login_url": absolute_url(reverse("alumni:login")),
        },
    )
