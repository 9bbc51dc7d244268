"""Event registrations, applications and topic proposals resist flooding."""

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from news.models import EventRegistration, TopicProposal
from tests.cms.rate_limit_helpers import OTHER_ADDRESS, assert_refused, limit

from .conftest import add_collectivity, add_event, paris

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_limit_clock")]


@pytest.fixture
def workshop(event_index):
    return add_event(
        event_index, "Atelier design de service", registration_mode="formulaire", capacity=200
    )


def registration(number):
    return {
        "name": f"Agent {number}",
        "email": f"agent{number}@example.org",
        "organisation": "Commune d'Herblay-sur-Seine",
        "accessibility_needs": "Boucle magnétique",
    }


def test_event_registration_over_the_limit(client, workshop):
    allowed = limit("event_registration")
    for number in range(allowed):
        assert client.post(workshop.url, registration(number)).status_code == 302
    sent = len(mail.outbox)
    response = client.post(workshop.url, registration(999))
    assert_refused(
        response, 'value="Agent 999"', 'value="agent999@example.org"', "Boucle magnétique"
    )
    assert EventRegistration.objects.count() == allowed
    assert len(mail.outbox) == sent
    assert (
        client.post(workshop.url, registration(999), REMOTE_ADDR=OTHER_ADDRESS).status_code == 302
    )
    assert EventRegistration.objects.filter(email="agent999@example.org").exists()


APPLICATION = {
    "name": "Camille Martin",
    "email": "camille.martin@example.org",
    "collectivity": "Département de la Somme",
    "function": "Cheffe du service accueil",
    "motivation": "Repenser l'accueil téléphonique des solidarités avec les usagers.",
    "telephone": "01 23 45 67 89",
}


def test_call_application_over_the_limit(client, trainings, frozen_now):
    add_collectivity("Département de la Somme", "somme")
    call = trainings["call"]
    frozen_now(paris(2026, 12, 1, 10, 0, 0))
    allowed = limit("call_application")
    for _ in range(allowed):
        assert client.post(call.url, APPLICATION).status_code == 200
    assert FormSubmission.objects.filter(page=call).count() == allowed
    sent = len(mail.outbox)
    response = client.post(call.url, dict(APPLICATION, motivation="Ma motivation, en détail."))
    assert_refused(response, "Ma motivation, en détail.", 'value="Camille Martin"')
    assert FormSubmission.objects.filter(page=call).count() == allowed
    assert len(mail.outbox) == sent
    other = client.post(call.url, APPLICATION, REMOTE_ADDR=OTHER_ADDRESS)
    assert other.status_code == 200
    assert FormSubmission.objects.filter(page=call).count() == allowed + 1


PROPOSAL = {
    "problem": "Les familles attendent trois semaines une réponse à leur demande d'aide.",
    "service": "Direction de l'enfance et de la famille",
    "sponsor": "Directrice adjointe de l'enfance",
    "contact_name": "Nadia Moreau",
    "contact_email": "nadia.moreau@example.org",
    "contact_phone": "",
}


def test_topic_proposal_over_the_limit(client, trainings):
    page = trainings["topic_page"]
    proposal = dict(PROPOSAL, collectivity=add_collectivity("Département de la Somme", "somme").pk)
    allowed = limit("topic_proposal")
    for _ in range(allowed):
        assert client.post(page.url, proposal).status_code == 302
    sent = len(mail.outbox)
    response = client.post(page.url, dict(proposal, problem="Un sujet de plus, bien décrit."))
    assert_refused(response, "Un sujet de plus, bien décrit.", 'value="Nadia Moreau"')
    assert TopicProposal.objects.count() == allowed
    assert len(mail.outbox) == sent
    assert client.post(page.url, proposal, REMOTE_ADDR=OTHER_ADDRESS).status_code == 302
    assert TopicProposal.objects.count() == allowed + 1
