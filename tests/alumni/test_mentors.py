"""Mentors: monthly capacity, answers by signed link, contacts exchanged on acceptance."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alumni.mentoring import month_bounds, month_load
from alumni.models import MentorRequest, Visibility
from tests.factories.alumni import Client, login, make_member, make_mentor, make_user

MESSAGE = "Bonjour, je lance un projet de mesure d'impact et j'aimerais vos conseils."


@pytest.fixture
def mentor(alumni_site):
    return make_mentor(
        "Margot",
        "Marraine",
        capacity=2,
        phone="06 11 22 33 44",
        visibility={"phone": Visibility.MEMBERS},
    )


def member_client(first_name="Demandeur", **fields):
    profile = make_member(first_name, **fields)
    client = Client()
    login(client, profile)
    return profile, client


def ask(client, mentor, message=MESSAGE):
    return client.post(
        reverse("alumni:mentor_request", kwargs={"slug": mentor.slug}), {"message": message}
    )


def answer_links(message):
    return re.findall(r"http://127\.0\.0\.1:8000(/alumni/parrains/reponse/\S+/)", message.body)


def test_a_request_reaches_the_mentor_without_the_requesters_contact_details(mentor):
    requester, client = member_client(
        "Paul", phone="07 99 88 77 66", visibility={"phone": Visibility.MEMBERS}
    )
    mail.outbox.clear()
    response = ask(client, mentor)
    assert response.status_code == 302
    request = MentorRequest.objects.get()
    assert request.status == MentorRequest.Status.PENDING
    (message,) = mail.outbox
    assert message.to == [mentor.contact_email]
    assert MESSAGE in message.body
    assert requester.full_name in message.body
    assert requester.contact_email not in message.body
    assert "07 99 88 77 66" not in message.body
    assert len(answer_links(message)) == 2
    assert "/admin/" not in message.body


def test_accepting_by_the_emailed_link_exchanges_the_contact_details(mentor):
    requester, client = member_client(
        "Paul", phone="07 99 88 77 66", visibility={"phone": Visibility.HIDDEN}
    )
    mail.outbox.clear()
    ask(client, mentor)
    accept_link, _decline_link = answer_links(mail.outbox[0])
    mail.outbox.clear()

    # Opening the link (a mail scanner may do it) changes nothing: it asks to confirm.
    anonymous = Client()
    page = anonymous.get(accept_link)
    assert page.status_code == 200
    assert "Accepter la demande" in page.content.decode()
    assert MentorRequest.objects.get().status == MentorRequest.Status.PENDING
    assert mail.outbox == []

    done = anonymous.post(accept_link)
    assert "Demande acceptée" in done.content.decode()
    request = MentorRequest.objects.get()
    assert request.status == MentorRequest.Status.ACCEPTED
    to_requester = [m for m in mail.outbox if m.to == [requester.contact_email]]
    to_mentor = [m for m in mail.outbox if m.to == [mentor.contact_email]]
    assert mentor.contact_email in to_requester[0].body
    assert "06 11 22 33 44" in to_requester[0].body  # open to members: given
    assert requester.contact_email in to_mentor[0].body
    assert "07 99 88 77 66" not in to_mentor[0].body  # hidden: never given

    # Both see the other's details on their profile now; the link is spent.
    mine = client.get("/alumni/mon-profil/").content.decode()
    assert mentor.contact_email in mine
    again = anonymous.post(accept_link)
    assert "Vous avez déjà répondu" in again.content.decode()


def test_before_acceptance_nobody_sees_the_others_contact_details(mentor):
    requester, client = member_client("Paul")
    ask(client, mentor)
    mentor_client = Client()
    login(mentor_client, mentor)
    mentor_page = mentor_client.get("/alumni/mon-profil/").content.decode()
    assert requester.full_name in mentor_page
    assert requester.contact_email not in mentor_page
    assert mentor.contact_email not in client.get("/alumni/mon-profil/").content.decode()


def test_declining_tells_the_requester_and_gives_nothing(mentor):
    requester, client = member_client("Paul")
    mail.outbox.clear()
    ask(client, mentor)
    _accept, decline_link = answer_links(mail.outbox[0])
    mail.outbox.clear()
    Client().post(decline_link)
    assert MentorRequest.objects.get().status == MentorRequest.Status.DECLINED
    (message,) = mail.outbox
    assert message.to == [requester.contact_email]
    assert mentor.contact_email not in message.body


def test_a_tampered_link_is_refused(mentor):
    _requester, client = member_client("Paul")
    mail.outbox.clear()
    ask(client, mentor)
    accept_link, _ = answer_links(mail.outbox[0])
    forged = accept_link.replace("/reponse/", "/reponse/x")
    response = Client().post(forged)
    assert response.status_code == 400
    assert "n&#x27;est pas valable" in response.content.decode()
    assert MentorRequest.objects.get().status == MentorRequest.Status.PENDING


def test_requests_beyond_the_monthly_capacity_are_refused_clearly(mentor):
    for number in range(mentor.mentor_capacity):
        _profile, client = member_client(f"Demandeur{number}")
        assert ask(client, mentor).status_code == 302
    _late, client = member_client("Retardataire")
    mail.outbox.clear()
    response = ask(client, mentor, "Mon message, que je ne veux pas perdre.")
    assert response.status_code == 200
    content = response.content.decode()
    assert "a déjà accepté ce mois-ci, ou a en attente de réponse, toutes les demandes" in content
    assert "Votre message n&#x27;a pas été envoyé" in content
    next_month = month_bounds()[1]
    assert f"à partir du {'1er'} " in content
    assert str(next_month.year) in content
    assert "Mon message, que je ne veux pas perdre." in content
    assert MentorRequest.objects.count() == mentor.mentor_capacity
    assert mail.outbox == []


def test_declined_requests_free_their_place_and_a_new_month_starts_afresh(mentor):
    clients = []
    for number in range(mentor.mentor_capacity):
        _profile, client = member_client(f"Demandeur{number}")
        ask(client, mentor)
        clients.append(client)
    _late, late_client = member_client("Retardataire")
    assert ask(late_client, mentor).status_code == 200  # full

    first = MentorRequest.objects.order_by("pk").first()
    first.status = MentorRequest.Status.DECLINED
    first.save()
    assert ask(late_client, mentor).status_code == 302  # a place was freed

    # Requests accepted last month no longer count.
    last_month = month_bounds()[0] - datetime.timedelta(days=3)
    MentorRequest.objects.update(
        created_at=last_month, answered_at=last_month, status=MentorRequest.Status.ACCEPTED
    )
    _new, new_client = member_client("Nouveau")
    assert ask(new_client, mentor).status_code == 302


def test_the_capacity_counts_requests_accepted_this_month_and_those_awaiting_an_answer(mentor):
    """« Demandes acceptées par mois »: a request received last month and accepted today
    takes a place of this month; one still unanswered holds a place; one declined, none."""
    last_month = month_bounds()[0] - datetime.timedelta(days=3)
    now = timezone.now()
    requesters = [member_client(f"Ancien{number}")[0] for number in range(3)]
    statuses = [
        (MentorRequest.Status.ACCEPTED, now),
        (MentorRequest.Status.DECLINED, now),
        (MentorRequest.Status.ACCEPTED, last_month),
    ]
    for requester, (status, answered_at) in zip(requesters, statuses, strict=True):
        MentorRequest.objects.create(
            requester=requester,
            mentor=mentor,
            message="Bonjour",
            status=status,
            created_at=last_month,
            answered_at=answered_at,
        )
    assert month_load(mentor) == 1
    MentorRequest.objects.create(
        requester=requesters[1], mentor=mentor, message="Encore moi", created_at=last_month
    )
    assert month_load(mentor) == 2


def test_the_mentor_list_shows_places_left_and_hides_paused_mentors(mentor):
    make_mentor("Pascal", "EnPause", mentor_paused=True)
    _member, client = member_client("Lecteur")
    page = client.get("/alumni/parrains/").content.decode()
    assert "Margot Marraine" in page
    assert "2 demandes possibles ce mois-ci" in page
    assert "Pascal EnPause" not in page
    paused = Client()
    login(paused, make_member("Autre"))
    response = client.post(
        reverse("alumni:mentor_request", kwargs={"slug": "pascal-enpause"}), {"message": MESSAGE}
    )
    assert response.status_code == 404


def test_mentors_are_for_members_only(mentor):
    response = Client().get("/alumni/parrains/")
    assert response.status_code == 302
    assert response.url == "/alumni/connexion/?next=/alumni/parrains/"
    outsider = Client()
    login(outsider, make_user())
    assert outsider.get("/alumni/parrains/").status_code == 403


def test_the_mentor_answers_from_their_profile(mentor):
    requester, client = member_client("Paul")
    ask(client, mentor)
    request = MentorRequest.objects.get()
    mentor_client = Client()
    login(mentor_client, mentor)
    url = reverse(
        "alumni:mentor_answer_from_profile", kwargs={"pk": request.pk, "answer": "accepter"}
    )
    # Nobody else may answer for the mentor.
    assert client.post(url).status_code == 404
    response = mentor_client.post(url)
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == MentorRequest.Status.ACCEPTED
    assert request.answered_at <= timezone.now()
    assert requester.contact_email in mentor_client.get("/alumni/mon-profil/").content.decode()
