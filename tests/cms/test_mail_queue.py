"""Mail never decides whether a submission succeeded (issue 11 §2).

A real SMTP server on loopback (aiosmtpd), first unreachable: every public form answers
its success page, its submission exists once and its mails wait in django-mailer's
queue. Then the server comes back and the worker (`send_mail`) delivers every one.
"""

import datetime
import logging
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from mailer.models import PRIORITY_DEFERRED, RESULT_FAILURE, RESULT_SUCCESS, Message, MessageLog
from wagtail.contrib.forms.models import FormSubmission

from alumni.models import MentorRequest, StoryPage
from news.models import EventRegistration, TopicProposal
from tests.alumni.conftest import alumni_site  # noqa: F401 (fixture)
from tests.factories.alumni import Client, login, make_member, make_mentor, make_moderator
from tests.news.conftest import (  # noqa: F401 (fixtures)
    add_collectivity,
    add_event,
    event_index,
    frozen_now,
    page_text,
    paris,
    trainings,
)
from tests.smtp_sink import SmtpSink

pytestmark = pytest.mark.django_db
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def sink(settings):
    """The queue in front of a real SMTP server that is not listening yet."""
    sink = SmtpSink()
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = SMTP
    settings.MAILER_USE_FILE_LOCK = False
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_TIMEOUT = 5
    yield sink
    sink.stop()


def queued():
    """(subject, recipients) of every mail waiting in the queue."""
    return sorted((m.subject, tuple(m.to_addresses)) for m in Message.objects.all())


def deliver_after_outage(sink, expected):
    """The worker during the outage, then once the server is back: every mail arrives."""
    call_command("send_mail")  # SMTP still unreachable: everything is deferred
    assert Message.objects.count() == expected
    assert set(Message.objects.values_list("priority", flat=True)) == {PRIORITY_DEFERRED}
    assert MessageLog.objects.filter(result=RESULT_FAILURE).count() == expected
    waiting = queued()

    sink.start()
    call_command("retry_deferred")
    call_command("send_mail")
    assert Message.objects.count() == 0
    assert MessageLog.objects.filter(result=RESULT_SUCCESS).count() == expected
    delivered = sorted(zip(sink.subjects(), (tuple(m) for m in _rcpts(sink)), strict=True))
    assert delivered == waiting
    return sink.messages()


def _rcpts(sink):
    return [envelope.rcpt_tos for envelope in sink.received]


# --- the six public forms ---------------------------------------------------------------


@pytest.fixture
def club(event_index):  # noqa: F811
    return add_event(
        event_index,
        "Club mesure d'impact",
        event_type="club",
        start=timezone.now() + datetime.timedelta(days=12),
        registration_mode="formulaire",
        capacity=1,
    )


def test_event_registration_with_smtp_down(client, sink, club):
    data = {"name": "Alice Martin", "email": "alice@example.org", "organisation": "Herblay"}
    response = client.post(club.url, data, follow=True)
    assert response.status_code == 200
    assert "Votre inscription est confirmée" in page_text(response)
    assert queued() == [("Inscription confirmée : Club mesure d'impact", ("alice@example.org",))]

    # Trying again (the person doubts it worked) neither takes a second seat nor mails.
    again = client.post(club.url, dict(data, email="Alice@Example.org"))
    assert again.status_code == 200
    assert "Cette adresse est déjà inscrite à cet événement" in page_text(again)
    assert EventRegistration.objects.filter(event=club).count() == 1
    assert Message.objects.count() == 1

    [message] = deliver_after_outage(sink, 1)
    assert message.get_content_type() == "multipart/mixed"  # the .ics travelled too


def test_call_application_with_smtp_down(client, sink, trainings, frozen_now):  # noqa: F811
    add_collectivity("Département de la Somme", "somme")
    frozen_now(paris(2026, 12, 15, 12, 0))
    call = trainings["call"]
    response = client.post(
        call.url,
        {
            "name": "Camille Martin",
            "email": "camille.martin@example.org",
            "collectivity": "Département de la Somme",
            "function": "Cheffe du service accueil",
            "motivation": "Repenser l'accueil téléphonique avec les usagers.",
            "telephone": "",
        },
    )
    assert response.status_code == 200
    assert "votre candidature est bien enregistrée" in page_text(response)
    assert FormSubmission.objects.filter(page=call).count() == 1
    recipients = sorted(to for _subject, to in queued())
    assert recipients == [("camille.martin@example.org",), ("emi-candidatures@example.org",)]
    deliver_after_outage(sink, 2)


def test_contact_with_smtp_down(client, sink, demo_site_pages):
    response = client.post(
        "/contact/",
        {
            "nom": "Camille Martin",
            "email": "camille.martin@example.org",
            "objet": "Rejoindre l'EMI",
            "message": "Notre commune souhaite envoyer deux cadres à la prochaine session.",
        },
    )
    assert response.status_code == 200
    assert "Merci, votre message a bien été envoyé" in page_text(response)
    assert FormSubmission.objects.count() == 1
    assert [to for _subject, to in queued()] == [("emi@valdoise.fr",)]
    [message] = deliver_after_outage(sink, 1)
    assert message["Reply-To"] == "camille.martin@example.org"


def test_topic_proposal_with_smtp_down(client, sink, trainings):  # noqa: F811
    somme = add_collectivity("Département de la Somme", "somme")
    page = trainings["topic_page"]
    response = client.post(
        page.url,
        {
            "problem": "Les familles attendent trois semaines une réponse.",
            "service": "Direction de l'enfance et de la famille",
            "collectivity": somme.pk,
            "sponsor": "Directrice adjointe",
            "contact_name": "Nadia Moreau",
            "contact_email": "nadia.moreau@example.org",
            "contact_phone": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "votre proposition est enregistrée" in page_text(response)
    assert TopicProposal.objects.count() == 1
    assert queued() == [
        ("Nouveau sujet proposé : Direction de l'enfance et de la famille", ("emi@example.org",))
    ]
    deliver_after_outage(sink, 1)


def test_story_with_smtp_down_queues_wagtail_workflow_notification(sink, alumni_site):  # noqa: F811
    moderator = make_moderator()
    author = make_member("Inès", "Conteuse")
    client = Client()
    login(client, author)
    response = client.post(
        "/alumni/temoignages/proposer/",
        {
            "title": "Ce que l'EMI a changé dans mon service",
            "text": "Avant l'EMI, nous ne parlions jamais aux usagers.",
            "related_project": "",
            "image_alt": "",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert response.url == "/alumni/mon-profil/#temoignages"
    assert StoryPage.objects.count() == 1
    recipients = sorted(to for _subject, to in queued())
    # The author's acknowledgement, and Wagtail's own "submitted" notification to the
    # moderators: it went through get_connection() into the same queue.
    assert recipients == sorted([(author.contact_email,), (moderator.email,)])
    deliver_after_outage(sink, 2)


def test_mentor_request_with_smtp_down(sink, alumni_site):  # noqa: F811
    mentor = make_mentor("Margot", "Marraine", capacity=2)
    requester = make_member("Paul")
    client = Client()
    login(client, requester)
    response = client.post(
        reverse("alumni:mentor_request", kwargs={"slug": mentor.slug}),
        {"message": "Bonjour, j'aimerais vos conseils sur la mesure d'impact."},
    )
    assert response.status_code == 302
    assert MentorRequest.objects.count() == 1
    assert [to for _subject, to in queued()] == [(mentor.contact_email,)]
    deliver_after_outage(sink, 1)


def test_password_reset_mail_is_queued(client, sink, alumni_site):  # noqa: F811
    member = make_member("Lina")
    response = client.post(reverse("alumni:password_reset"), {"email": member.user.email})
    assert response.status_code == 302
    [(subject, to)] = queued()
    assert to == (member.user.email,)
    [message] = deliver_after_outage(sink, 1)
    assert "/alumni/" in message.get_payload(decode=True).decode()


# --- when even queueing fails, the submission still stands ------------------------------


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise RuntimeError("backend out of order")


def test_a_mail_that_cannot_be_queued_never_fails_the_form(
    client, settings, demo_site_pages, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    with caplog.at_level(logging.ERROR, logger="cms.mail"):
        response = client.post(
            "/contact/",
            {
                "nom": "Camille Martin",
                "email": "camille.martin@example.org",
                "objet": "Rejoindre l'EMI",
                "message": "Notre commune souhaite envoyer deux cadres.",
            },
        )
    assert response.status_code == 200
    assert "Merci, votre message a bien été envoyé" in page_text(response)
    assert FormSubmission.objects.count() == 1
    assert "Mail not queued" in caplog.text


# --- the worker --------------------------------------------------------------------------


class HangingUpBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_an_smtp_error_defers_the_mail_without_stopping_the_run(settings):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = f"{__name__}.HangingUpBackend"
    settings.MAILER_EMAIL_MAX_DEFERRED = None
    for n in range(3):
        mail.EmailMessage(f"Message {n}", "Corps", None, [f"p{n}@example.org"]).send()
    call_command("send_mail")
    assert Message.objects.deferred().count() == 3
    failures = MessageLog.objects.filter(result=RESULT_FAILURE)
    assert failures.count() == 3
    # Each failure names its message, so that the admin can show its last error.
    assert len(set(failures.values_list("message_id", flat=True))) == 3
    assert all("SMTPServerDisconnected" in log.log_message for log in failures)


def test_retry_deferred_stops_after_the_maximum(settings):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_MAX_RETRIES = 2
    mail.EmailMessage("Bloqué", "Corps", None, ["p@example.org"]).send()
    Message.objects.update(priority=PRIORITY_DEFERRED)
    for _ in range(4):
        call_command("retry_deferred")
        Message.objects.update(priority=PRIORITY_DEFERRED)  # and failed again
    assert Message.objects.get().retry_count == 2


# --- the moderators' view in the Wagtail admin --------------------------------------------

QUEUE_URL = "/admin/courriels-en-attente/"


@pytest.fixture
def failed_mail(settings, sink):
    mail.EmailMessage(
        "Inscription confirmée : Atelier", "Corps", None, ["alice@example.org"]
    ).send()
    mail.EmailMessage("Autre courriel", "Corps", None, ["bruno@example.org"]).send()
    call_command("send_mail")  # refused: both deferred, with their error
    assert Message.objects.deferred().count() == 2
    return sink


def test_moderators_and_superusers_see_undelivered_mail(client, failed_mail, people):
    for user in (people.moderator, people.admin):
        client.force_login(user)
        response = client.get(QUEUE_URL)
        assert response.status_code == 200
        html = page_text(response)
        assert "Inscription confirmée : Atelier" in html
        assert "alice@example.org" in html
        assert "En échec" in html
        assert "Connection refused" in html  # the last error of the worker
        assert "Courriels en attente" in page_text(client.get("/admin/"))  # menu item

    # The listing's query count does not grow with the number of mails in it.
    with CaptureQueriesContext(connection) as two:
        client.get(QUEUE_URL)
    for n in range(4):
        mail.EmailMessage(f"Courriel {n}", "Corps", None, [f"p{n}@example.org"]).send()
    call_command("send_mail")
    with CaptureQueriesContext(connection) as six:
        assert "p3@example.org" in page_text(client.get(QUEUE_URL))
    assert len(six) == len(two)


def test_others_get_403_and_no_menu_item(client, failed_mail, people):
    for user in (people.contributor_a, people.referent_b):
        client.force_login(user)
        dashboard = client.get("/admin/")
        assert dashboard.status_code == 200
        assert "Courriels en attente" not in page_text(dashboard)
        for url in (QUEUE_URL, QUEUE_URL + "renvoyer/"):
            assert client.get(url).status_code == 403
        assert client.post(QUEUE_URL + "renvoyer/").status_code == 403
        message = Message.objects.first()
        assert client.get(f"{QUEUE_URL}delete/{message.pk}/").status_code == 403
    assert Message.objects.deferred().count() == 2


def test_retry_from_the_admin_sends_at_the_next_run(client, failed_mail, people):
    client.force_login(people.moderator)
    Message.objects.update(retry_count=99)  # automatic retries have given up
    assert "Abandonné" in page_text(client.get(QUEUE_URL))
    assert "2 courriels en échec" in page_text(client.get(QUEUE_URL + "renvoyer/"))
    response = client.post(QUEUE_URL + "renvoyer/", follow=True)
    assert "2 courriel(s) remis dans la file" in page_text(response)
    assert Message.objects.deferred().count() == 0

    failed_mail.start()
    call_command("send_mail")
    assert sorted(failed_mail.recipients()) == ["alice@example.org", "bruno@example.org"]
    assert Message.objects.count() == 0


# --- settings -------------------------------------------------------------------------

MAIL_PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps([settings.EMAIL_BACKEND, settings.MAILER_EMAIL_BACKEND]))
"""


@pytest.mark.parametrize(
    "module, env, expected",
    [
        # Production queues everything; the worker delivers through the real backend.
        ("cms.settings.production", {}, ["mailer.backend.DbBackend", SMTP]),
        (
            "cms.settings.production",
            {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"},
            ["mailer.backend.DbBackend", "django.core.mail.backends.filebased.EmailBackend"],
        ),
        # The queue can never be asked to deliver into itself.
        (
            "cms.settings.production",
            {"EMAIL_BACKEND": "mailer.backend.DbBackend"},
            ["mailer.backend.DbBackend", SMTP],
        ),
        # Development shows mail in the console at once.
        ("cms.settings.dev", {}, ["django.core.mail.backends.console.EmailBackend", SMTP]),
    ],
)
def test_mail_settings(module, env, expected):
    import json
    import os
    import subprocess
    import sys

    from tests.cms.test_settings_env import ROOT

    clean = {k: v for k, v in os.environ.items() if k not in {"EMAIL_BACKEND", "SECRET_KEY"}}
    clean.update(env, DJANGO_SETTINGS_MODULE=module, SECRET_KEY="x", ALLOWED_HOSTS="emi.example")
    result = subprocess.run(
        [sys.executable, "-c", MAIL_PROBE], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected
