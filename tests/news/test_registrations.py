import csv
import datetime
import io

import icalendar
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from cms.forms import HONEYPOT_FIELD
from news.events.registrations import cancel, register
from news.models import EventRegistration

from .conftest import add_event, page_text

pytestmark = pytest.mark.django_db
Status = EventRegistration.Status


@pytest.fixture
def club(event_index):
    return add_event(
        event_index,
        "Club mesure d'impact",
        event_type="club",
        start=timezone.now() + datetime.timedelta(days=12),
        registration_mode="formulaire",
        capacity=2,
    )


def post_registration(client, event, name, email, **extra):
    data = {"name": name, "email": email, "organisation": "Commune d'Herblay-sur-Seine"}
    data.update(extra)
    return client.post(event.url, data)


def test_registrations_fill_the_places_then_the_waiting_list(client, club):
    for name, email in (("Alice", "alice"), ("Bruno", "bruno"), ("Chloé", "chloe")):
        response = post_registration(client, club, name, f"{email}@example.org")
        assert response.status_code == 302
        assert response["Location"] == club.url + "#inscription"

    statuses = dict(EventRegistration.objects.values_list("name", "status"))
    assert statuses == {
        "Alice": Status.CONFIRMED,
        "Bruno": Status.CONFIRMED,
        "Chloé": Status.WAITING,
    }

    subjects = [message.subject for message in mail.outbox]
    assert subjects == [
        "Inscription confirmée : Club mesure d'impact",
        "Inscription confirmée : Club mesure d'impact",
        "Liste d'attente : Club mesure d'impact",
    ]
    assert "en position 1" in mail.outbox[2].body

    page = page_text(client.get(club.url))
    assert "<strong>Complet</strong>" in page
    assert "M'inscrire sur la liste d'attente" in page


def test_confirmation_email_has_cancel_link_and_calendar_file(client, club):
    post_registration(client, club, "Alice", "Alice@Example.org")
    registration = EventRegistration.objects.get()
    assert registration.email == "Alice@example.org"
    [message] = mail.outbox
    assert message.to == ["Alice@example.org"]
    cancel_url = f"http://127.0.0.1:8000{club.url}inscription/annuler/{registration.token}/"
    assert cancel_url in message.body
    assert "supprimées 24 mois après" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    [vevent] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["UID"]) == f"agenda-{club.pk}@emi.valdoise.fr"


def test_cancelling_by_the_email_link_promotes_the_first_waiting(client, club):
    for name, email in (("Alice", "alice"), ("Bruno", "bruno"), ("Chloé", "chloe"), ("David", "d")):
        post_registration(client, club, name, f"{email}@example.org")
    alice = EventRegistration.objects.get(name="Alice")
    mail.outbox.clear()

    url = f"{club.url}inscription/annuler/{alice.token}/"
    page = page_text(client.get(url))
    assert "Confirmer l'annulation" in page
    assert EventRegistration.objects.get(pk=alice.pk).status == Status.CONFIRMED  # GET is safe

    page = page_text(client.post(url))
    assert "Votre inscription est annulée" in page
    statuses = dict(EventRegistration.objects.values_list("name", "status"))
    assert statuses == {
        "Alice": Status.CANCELLED,
        "Bruno": Status.CONFIRMED,
        "Chloé": Status.CONFIRMED,
        "David": Status.WAITING,
    }
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("alice@example.org", "Inscription annulée : Club mesure d'impact"),
        ("chloe@example.org", "Une place s'est libérée : Club mesure d'impact"),
    ]
    promoted = [m for m in mail.outbox if m.to == ["chloe@example.org"]][0]
    assert promoted.attachments  # the .ics comes with the confirmed place

    # The link works once; a second visit says there is nothing left to do.
    page = page_text(client.post(url))
    assert "déjà annulée" in page
    assert len(mail.outbox) == 2


def test_unknown_cancel_token_is_not_found(client, club):
    assert (
        client.get(
            f"{club.url}inscription/annuler/{'0' * 8}-0000-0000-0000-{'0' * 12}/"
        ).status_code
        == 404
    )


def test_form_errors_keep_what_was_typed(client, club):
    response = post_registration(client, club, "", "pas-une-adresse", accessibility_needs="LSF")
    html = page_text(response)
    assert response.status_code == 200
    assert "Votre inscription n'a pas été enregistrée" in html
    assert 'value="pas-une-adresse"' in html
    assert "Commune d'Herblay-sur-Seine" in html
    assert "LSF</textarea>" in html
    assert 'aria-invalid="true"' in html
    assert EventRegistration.objects.count() == 0


def test_same_address_cannot_register_twice(client, club):
    post_registration(client, club, "Alice", "alice@example.org")
    html = page_text(post_registration(client, club, "Alice bis", "ALICE@example.org"))
    assert "Cette adresse est déjà inscrite à cet événement" in html
    assert EventRegistration.objects.count() == 1


def test_the_address_is_kept_as_typed_but_its_domain(client, club):
    post_registration(client, club, "Camille", "Camille.Martin@Exemple.ORG")
    assert EventRegistration.objects.get().email == "Camille.Martin@exemple.org"
    html = page_text(post_registration(client, club, "Camille", "camille.martin@exemple.org"))
    assert "Cette adresse est déjà inscrite à cet événement" in html


def test_the_email_quotes_a_title_that_quotes_something_in_french(client, club):
    club.title = "Atelier « l'expérience agent »"
    club.save_revision().publish()
    post_registration(client, club, "Alice", "alice@example.org")
    assert "Votre inscription à « Atelier “l'expérience agent” » est confirmée." in (
        mail.outbox[-1].body
    )


def test_honeypot_stores_nothing(client, club):
    post_registration(client, club, "Bot", "bot@example.org", **{HONEYPOT_FIELD: "x"})
    assert EventRegistration.objects.count() == 0
    assert mail.outbox == []


def test_no_registration_once_cancelled_or_started(client, event_index, club):
    club.status = "annule"
    club.status_note = "Salle indisponible."
    club.save_revision().publish()
    response = post_registration(client, club, "Alice", "alice@example.org")
    assert response.status_code == 302
    assert EventRegistration.objects.count() == 0
    html = page_text(client.get(club.url))
    assert "L'événement est annulé : les inscriptions sont fermées." in html

    started = add_event(
        event_index,
        "Déjà commencé",
        start=timezone.now() - datetime.timedelta(minutes=5),
        registration_mode="formulaire",
        capacity=10,
    )
    post_registration(client, started, "Bruno", "bruno@example.org")
    assert EventRegistration.objects.count() == 0


def test_manual_full_status_sends_newcomers_to_the_waiting_list(event_index):
    event = add_event(
        event_index, "Complet", registration_mode="formulaire", capacity=30, status="complet"
    )
    registration = register(event, name="Alice", email="alice@example.org")
    assert registration.status == Status.WAITING
    # Lifting « complet » on publication gives the places to those waiting.
    event.status = "programme"
    event.save_revision().publish()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert mail.outbox[-1].subject.startswith("Une place s'est libérée")


def test_raising_the_capacity_promotes_waiting_people(event_index):
    event = add_event(event_index, "Petit atelier", registration_mode="formulaire", capacity=1)
    register(event, name="Alice", email="alice@example.org")
    bruno = register(event, name="Bruno", email="bruno@example.org")
    assert bruno.status == Status.WAITING
    event.capacity = 2
    event.save_revision().publish()
    bruno.refresh_from_db()
    assert bruno.status == Status.CONFIRMED


def test_cancelling_a_waiting_registration_promotes_nobody(event_index):
    event = add_event(event_index, "Atelier", registration_mode="formulaire", capacity=1)
    register(event, name="Alice", email="alice@example.org")
    bruno = register(event, name="Bruno", email="bruno@example.org")
    chloe = register(event, name="Chloé", email="chloe@example.org")
    _, promoted = cancel(bruno)
    assert promoted == []
    chloe.refresh_from_db()
    assert chloe.status == Status.WAITING


# --- Admin ------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


def test_registrations_export_as_csv_from_the_admin(admin_client, club, event_index):
    other = add_event(event_index, "Autre", registration_mode="formulaire", capacity=5)
    register(club, name="Alice Martin", email="alice@example.org", organisation="Somme")
    register(club, name="Bruno", email="bruno@example.org")
    register(club, name="Chloé", email="chloe@example.org")
    register(other, name="Zoé", email="zoe@example.org")

    listing = admin_client.get("/admin/inscriptions/", {"event": club.pk})
    assert listing.status_code == 200
    assert "Alice Martin" in page_text(listing)

    response = admin_client.get("/admin/inscriptions/", {"event": club.pk, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content), delimiter=";"))
    assert [row["Nom et prénom"] for row in rows] == ["Alice Martin", "Bruno", "Chloé"]
    assert rows[0]["Adresse électronique"] == "alice@example.org"
    assert rows[0]["Collectivité ou organisme"] == "Somme"
    assert [row["Statut"] for row in rows] == [
        "Inscription confirmée",
        "Inscription confirmée",
        "Liste d'attente",
    ]
    assert rows[0]["Événement"] == "Club mesure d'impact"


def test_cancelling_in_the_admin_promotes_the_waiting_list(admin_client, club):
    alice = register(club, name="Alice", email="alice@example.org")
    register(club, name="Bruno", email="bruno@example.org")
    chloe = register(club, name="Chloé", email="chloe@example.org")
    response = admin_client.post(
        f"/admin/inscriptions/edit/{alice.pk}/",
        {
            "name": "Alice",
            "email": "alice@example.org",
            "organisation": "",
            "accessibility_needs": "",
            "status": Status.CANCELLED,
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    chloe.refresh_from_db()
    assert alice.status == Status.CANCELLED and alice.cancelled_at is not None
    assert chloe.status == Status.CONFIRMED


def test_event_edit_view_links_to_its_registrations(admin_client, club):
    register(club, name="Alice", email="alice@example.org")
    html = page_text(admin_client.get(f"/admin/pages/{club.pk}/edit/"))
    assert f"/admin/inscriptions/?event={club.pk}" in html
    assert "Inscriptions (1/2)" in html


def test_emi_moderators_manage_registrations_and_contributors_never_see_them(client, club):
    from django.contrib.auth.models import Group, Permission

    from cms.roles import MODERATORS_GROUP_NAME

    register(club, name="Alice", email="alice@example.org")
    access_admin = Permission.objects.get(codename="access_admin")
    moderators = Group.objects.create(name=MODERATORS_GROUP_NAME)
    moderators.permissions.add(access_admin)
    contributors = Group.objects.create(name="Contributeurs — Somme")
    contributors.permissions.add(access_admin)
    User = get_user_model()
    moderator = User.objects.create_user("nadia", "nadia@example.org", "pw")
    moderator.groups.add(moderators)
    contributor = User.objects.create_user("leo", "leo@example.org", "pw")
    contributor.groups.add(contributors)

    client.force_login(moderator)
    listing = client.get("/admin/inscriptions/", {"event": club.pk})
    assert listing.status_code == 200 and "alice@example.org" in page_text(listing)
    assert client.get("/admin/inscriptions/", {"export": "csv"}).status_code == 200
    assert client.get("/admin/propositions-de-sujets/").status_code == 200

    client.force_login(contributor)
    for url in ("/admin/inscriptions/", "/admin/propositions-de-sujets/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "alice@example.org" not in page_text(response)
