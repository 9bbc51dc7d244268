"""Invitations (admin, command, CSV), activation, logging in and out, passwords."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from alumni.invitations import Invitee, invite
from alumni.membership import is_member
from alumni.models import AlumniProfile
from cms.invitations import InvitationTokenGenerator, invitation_timeout
from tests.factories.alumni import (
    PASSWORD,
    Client,
    committed,
    login,
    make_cohort,
    make_collectivity,
    make_member,
    make_moderator,
    make_user,
)

NEW_PASSWORD = "Un-mot-de-passe-solide-2026"


def invitation_link(email):
    message = next(m for m in reversed(mail.outbox) if email.lower() in [to.lower() for to in m.to])
    match = re.search(r"http://127\.0\.0\.1:8000(/alumni/activer/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def choose_password(client, link, password=NEW_PASSWORD):
    """Open the link (Django moves the token into the session) and set the password."""
    response = client.get(link)
    assert response.status_code == 302
    form_url = response.url
    return client.post(form_url, {"new_password1": password, "new_password2": password})


@pytest.fixture
def cohort(alumni_site):
    host = make_collectivity("Département du Val-d'Oise", short_name="Val-d'Oise", slug="vo")
    return make_cohort(host, number=10)


def test_an_invitation_is_a_single_use_link_to_choose_a_password(cohort):
    mail.outbox.clear()
    with committed():
        result = invite(Invitee(email="Lea.Martin@Example.test", cohort=cohort))
    profile = result.profile
    assert result.outcome == "invited"
    assert profile.user.username == "lea.martin@example.test"
    assert not profile.user.has_usable_password()
    assert profile.cohort == cohort
    assert profile.collectivity == cohort.host_collectivity  # by default, the host
    assert (profile.first_name, profile.last_name) == ("Lea", "Martin")
    assert is_member(profile.user)
    assert len(mail.outbox) == 1
    assert "Aucun mot de passe ne vous sera jamais envoyé" in mail.outbox[0].body

    link = invitation_link("lea.martin@example.test")
    client = Client()
    response = choose_password(client, link)
    assert response.status_code == 302
    assert response.url == "/alumni/mon-profil/"
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Votre mot de passe est enregistré" in page.content.decode()

    # Used once: the same link no longer works, in another browser or this one.
    again = Client().get(link, follow=True)
    assert "Ce lien d'invitation n'est plus valable" in again.content.decode()
    assert Client().login(username="lea.martin@example.test", password=NEW_PASSWORD)


def test_an_invitation_expires(cohort, monkeypatch):
    with committed():
        invite(Invitee(email="tardif@example.test"))
    link = invitation_link("tardif@example.test")
    later = datetime.datetime.now() + datetime.timedelta(seconds=invitation_timeout() + 3600)
    monkeypatch.setattr(InvitationTokenGenerator, "_now", lambda self: later)
    response = Client().get(link, follow=True)
    assert "Ce lien d'invitation n'est plus valable" in response.content.decode()
    user = get_user_model().objects.get(username="tardif@example.test")
    assert not user.has_usable_password()


def test_inviting_again_sends_nothing_unless_asked(cohort):
    with committed():
        invite(Invitee(email="une@example.test"))
    mail.outbox.clear()
    with committed():
        result = invite(Invitee(email="une@example.test"))
    assert result.outcome == "pending"
    assert mail.outbox == []
    with committed():
        result = invite(Invitee(email="une@example.test"), resend=True)
    assert result.outcome == "reinvited"
    assert len(mail.outbox) == 1
    assert AlumniProfile.objects.filter(user__username="une@example.test").count() == 1


def test_someone_with_a_password_is_told_of_their_new_access(cohort):
    contributor = make_user("contributrice@example.test")
    mail.outbox.clear()
    with committed():
        result = invite(Invitee(email="contributrice@example.test"))
    assert result.outcome == "notified"
    assert contributor.check_password(PASSWORD)
    assert "/alumni/connexion/" in mail.outbox[0].body
    assert "/alumni/activer/" not in mail.outbox[0].body


def test_the_command_invites_with_cohort_and_collectivity(cohort, capsys):
    employer = make_collectivity("Ville d'Herblay-sur-Seine", short_name="Herblay", slug="herblay")
    mail.outbox.clear()
    with committed():
        call_command(
            "invite_alumni",
            "a@example.test",
            "b@example.test",
            "--cohort",
            cohort.slug,
            "--collectivity",
            "Herblay",
        )
    assert "2 invitation envoyée" in capsys.readouterr().out
    profiles = AlumniProfile.objects.order_by("user__username")
    assert [p.collectivity for p in profiles] == [employer, employer]
    assert [p.cohort for p in profiles] == [cohort, cohort]
    assert len(mail.outbox) == 2
    with pytest.raises(CommandError, match="Promotion « inconnue » inconnue"):
        call_command("invite_alumni", "c@example.test", "--cohort", "inconnue")


def test_the_command_reads_a_csv_file_and_refuses_a_file_with_errors(cohort, tmp_path):
    good = tmp_path / "alumni.csv"
    good.write_text(
        "email;prenom;nom;fonction;collectivite;promotion\n"
        f"zoe@example.test;Zoé;Lambert;Cheffe de service;vo;{cohort.slug}\n"
        "yann@example.test;Yann;Le Goff;;;\n",
        encoding="utf-8-sig",
    )
    bad = tmp_path / "erreurs.csv"
    bad.write_text(
        "email,prenom,nom,promotion\n"
        "pas-une-adresse,Pierre,Martin,\n"
        "ok@example.test,Olga,Kim,promotion-inconnue\n"
    )
    mail.outbox.clear()
    with pytest.raises(CommandError) as error:
        call_command("invite_alumni", "--csv", str(bad))
    assert "Ligne 2" in str(error.value) and "Ligne 3" in str(error.value)
    assert not AlumniProfile.objects.exists()
    assert mail.outbox == []

    with committed():
        call_command("invite_alumni", "--csv", str(good))
    zoe = AlumniProfile.objects.get(user__username="zoe@example.test")
    assert (zoe.first_name, zoe.last_name, zoe.job_title) == ("Zoé", "Lambert", "Cheffe de service")
    assert zoe.cohort == cohort
    assert AlumniProfile.objects.get(user__username="yann@example.test").last_name == "Le Goff"
    assert len(mail.outbox) == 2


def test_moderators_invite_from_the_admin(cohort):
    moderator = make_moderator()
    client = Client()
    login(client, moderator)
    add_url = reverse("wagtailsnippets_alumni_alumniprofile:add")
    page = client.get(add_url)
    assert page.status_code == 200
    assert "Inviter des alumni" in page.content.decode()
    mail.outbox.clear()
    response = client.post(
        add_url,
        {
            "email": "nouvelle@example.test",
            "first_name": "Nora",
            "last_name": "Nouvelle",
            "cohort": cohort.pk,
        },
    )
    assert response.status_code == 302
    profile = AlumniProfile.objects.get(user__username="nouvelle@example.test")
    assert profile.full_name == "Nora Nouvelle"
    assert len(mail.outbox) == 1
    # The listing shows the new profile; an alumnus cannot open any of this.
    listing = client.get(reverse("wagtailsnippets_alumni_alumniprofile:list"))
    assert "Nora Nouvelle" in listing.content.decode()
    alumnus = Client()
    login(alumnus, make_member("Simple", "Membre"))
    assert alumnus.get(add_url).status_code == 302
    assert alumnus.get("/admin/").url.startswith("/admin/login/")


def test_admin_csv_errors_are_listed_and_nothing_is_sent(cohort):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    login(client, make_moderator())
    mail.outbox.clear()
    upload = SimpleUploadedFile("liste.csv", b"email\nfaux\n", content_type="text/csv")
    response = client.post(
        reverse("wagtailsnippets_alumni_alumniprofile:add"), {"csv_file": upload}
    )
    assert response.status_code == 200
    assert "Ligne 2" in response.content.decode()
    assert mail.outbox == []


# --- logging in and out ----------------------------------------------------------------


def test_login_with_the_email_in_any_case_lands_on_my_profile(alumni_site):
    member = make_member("Helene", "Connexion")
    client = Client()
    response = client.post(
        "/alumni/connexion/",
        {"username": member.user.email.upper(), "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == "/alumni/mon-profil/"
    response = client.post("/alumni/deconnexion/")
    assert response.status_code == 302
    assert client.get("/alumni/mon-profil/").status_code == 302


def test_a_wrong_password_is_answered_in_french(alumni_site):
    member = make_member("Hélène", "Erreur")
    response = Client().post(
        "/alumni/connexion/", {"username": member.user.email, "password": "faux"}
    )
    assert response.status_code == 200
    assert "mot de passe incorrect" in response.content.decode()


def test_frontend_login_url_is_the_alumni_login():
    assert settings.LOGIN_URL == "/alumni/connexion/"
    assert settings.WAGTAIL_FRONTEND_LOGIN_URL == "/alumni/connexion/"
    assert reverse("alumni:login") == "/alumni/connexion/"


def test_password_reset_link_points_to_the_alumni_pages(alumni_site):
    member = make_member("Oubli", "Facile")
    mail.outbox.clear()
    client = Client()
    response = client.post("/alumni/mot-de-passe-oublie/", {"email": member.user.email})
    assert response.url == "/alumni/mot-de-passe-oublie/envoye/"
    body = mail.outbox[0].body
    match = re.search(r"http://127\.0\.0\.1:8000(/alumni/mot-de-passe/\S+/)", body)
    assert match, body
    assert "/admin/" not in body
    response = choose_password(client, match.group(1), "Encore-un-mot-de-passe-2026")
    assert response.url == "/alumni/mon-profil/"
    assert Client().login(username=member.user.username, password="Encore-un-mot-de-passe-2026")
