"""Mentor requests, story submissions and password resets resist flooding."""

import pytest
from django.core import mail
from django.urls import reverse

from alumni.models import MentorRequest, StoryPage
from tests.cms.rate_limit_helpers import OTHER_ADDRESS, assert_refused, limit
from tests.factories.alumni import Client, login, make_member, make_mentor, make_user

pytestmark = pytest.mark.usefixtures("rate_limit_clock")

MESSAGE = "Bonjour, je lance un projet de mesure d'impact et j'aimerais vos conseils."


def member_client(first_name):
    profile = make_member(first_name)
    client = Client()
    login(client, profile)
    return client


def test_mentor_requests_over_the_address_limit(alumni_site):
    mentor = make_mentor("Margot", "Marraine", capacity=50)
    url = reverse("alumni:mentor_request", kwargs={"slug": mentor.slug})
    allowed = limit("mentor_request")
    for number in range(allowed):
        response = member_client(f"Membre{number}").post(url, {"message": MESSAGE})
        assert response.status_code == 302
    late = member_client("Tardif")
    response = late.post(url, {"message": "Ma demande, rédigée avec soin pour vous."})
    assert_refused(response, "Ma demande, rédigée avec soin pour vous.")
    assert MentorRequest.objects.count() == allowed
    elsewhere = late.post(url, {"message": MESSAGE}, REMOTE_ADDR=OTHER_ADDRESS)
    assert elsewhere.status_code == 302
    assert MentorRequest.objects.count() == allowed + 1


def story(client, title, address="127.0.0.1", **fields):
    data = {
        "title": title,
        "text": "Avant l'EMI, nous ne parlions jamais aux usagers.\n\nAujourd'hui, si.",
        "related_project": "",
        "image_alt": "",
        "consent": "on",
    }
    return client.post("/alumni/temoignages/proposer/", dict(data, **fields), REMOTE_ADDR=address)


def test_story_submissions_over_the_address_limit(alumni_site):
    allowed = limit("story_submission")
    for number in range(allowed):
        assert story(member_client(f"Auteur{number}"), f"Témoignage {number}").status_code == 302
    late = member_client("Tardive")
    response = story(late, "Mon témoignage à moi", text="Un texte que je garde précieusement.")
    assert_refused(response, "Mon témoignage à moi", "Un texte que je garde précieusement.")
    assert StoryPage.objects.count() == allowed
    assert story(late, "Mon témoignage à moi", address=OTHER_ADDRESS).status_code == 302
    assert StoryPage.objects.count() == allowed + 1


RESET = "/alumni/mot-de-passe-oublie/"


def test_password_reset_is_limited_per_typed_address_from_anywhere(alumni_site):
    user = make_user("lea.martin@example.test")
    allowed = limit("password_reset", "email")
    for number in range(allowed):
        response = Client().post(RESET, {"email": user.email}, REMOTE_ADDR=f"198.51.100.{number}")
        assert response.status_code == 302
    assert len(mail.outbox) == allowed
    response = Client().post(RESET, {"email": user.email}, REMOTE_ADDR="198.51.100.99")
    assert_refused(response, 'value="lea.martin@example.test"')
    assert len(mail.outbox) == allowed
    other = make_user("autre@example.test")
    assert Client().post(RESET, {"email": other.email}).status_code == 302
    assert len(mail.outbox) == allowed + 1


def test_password_reset_is_limited_per_address(alumni_site):
    allowed = limit("password_reset")
    client = Client()
    for number in range(allowed):
        assert client.post(RESET, {"email": f"inconnu{number}@example.test"}).status_code == 302
    response = client.post(RESET, {"email": "encore@example.test"})
    assert_refused(response, 'value="encore@example.test"')
    assert (
        client.post(RESET, {"email": "encore@example.test"}, REMOTE_ADDR=OTHER_ADDRESS).status_code
        == 302
    )


def test_the_admin_password_reset_is_limited_too(alumni_site):
    user = make_user("karim@example.test")
    url = reverse("wagtailadmin_password_reset")
    assert url == "/admin/password_reset/"
    for _ in range(limit("password_reset", "email")):
        assert Client().post(url, {"email": user.email}).status_code == 302
    response = Client().post(url, {"email": user.email}, REMOTE_ADDR=OTHER_ADDRESS)
    assert_refused(response, "karim@example.test")
