"""Invitations to a collectivité's space: single-use links, expiry, French messages."""

import datetime
import re
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from cms.invitations import InvitationTokenGenerator

from .editorial import PASSWORD, make_user

pytestmark = pytest.mark.django_db

User = get_user_model()


def run_command(*args):
    out = StringIO()
    call_command("add_collectivity", *args, stdout=out)
    return out.getvalue()


def invitation_link(message):
    match = re.search(r"https?://[^/\s]+(/compte/activer/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def invite(django_capture_on_commit_callbacks, *args):
    with django_capture_on_commit_callbacks(execute=True):
        return run_command(*args)


def test_a_named_contributor_is_invited_with_a_single_use_link(
    indexes, client, django_capture_on_commit_callbacks
):
    output = invite(
        django_capture_on_commit_callbacks,
        "Ville de Noyon",
        "--contributor",
        "Lea.Martin@Noyon.example",
    )

    user = User.objects.get(email__iexact="lea.martin@noyon.example")
    assert user.username == "lea.martin@noyon.example"
    assert not user.has_usable_password()
    assert user.groups.filter(name="Contributeurs — Ville de Noyon").exists()
    assert "invitation envoyée à Lea.Martin@noyon.example" in output
    assert "mot de passe :" not in output.lower()

    [message] = mail.outbox
    assert message.to == ["Lea.Martin@noyon.example"]
    assert "Ville de Noyon" in message.subject
    assert "lea.martin@noyon.example" in message.body  # the login to use
    assert "ne sert qu'une fois" in message.body
    link = invitation_link(message)

    # The link moves its token into the session, then shows the password form.
    response = client.get(link, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choisir votre mot de passe" in html
    assert html.count("<h1") == 1
    assert response.redirect_chain[-1][0].endswith("/set-password/")
    set_password_url = response.redirect_chain[-1][0]

    response = client.post(
        set_password_url,
        {
            "new_password1": "Un-long-mot-de-passe-2026",
            "new_password2": "Un-long-mot-de-passe-2026",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    user.refresh_from_db()
    assert user.check_password("Un-long-mot-de-passe-2026")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200

    # Single use: the same link no longer works.
    client.logout()
    response = client.get(link, follow=True)
    assert "Ce lien n'est plus valable" in response.content.decode()


def test_the_password_form_explains_its_errors_in_french(
    indexes, client, django_capture_on_commit_callbacks
):
    invite(django_capture_on_commit_callbacks, "Ville de Noyon", "--referent", "r@noyon.example")
    response = client.get(invitation_link(mail.outbox[0]), follow=True)
    set_password_url = response.redirect_chain[-1][0]
    response = client.post(set_password_url, {"new_password1": "abc", "new_password2": "abd"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Les deux mots de passe ne correspondent pas" in html
    assert 'aria-describedby="id_new_password2_helptext id_new_password2_error"' in html
    assert not User.objects.get(email="r@noyon.example").has_usable_password()


def test_an_invitation_link_expires(indexes, client, django_capture_on_commit_callbacks):
    invite(django_capture_on_commit_callbacks, "Ville de Noyon", "--referent", "r@noyon.example")
    link = invitation_link(mail.outbox[0])
    later = datetime.datetime.now() + datetime.timedelta(days=8)
    with mock.patch.object(InvitationTokenGenerator, "_now", return_value=later):
        response = client.get(link, follow=True)
    assert "Ce lien n'est plus valable" in response.content.decode()


def test_a_password_reset_token_is_not_an_invitation(indexes, client):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = make_user("quelquun")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    response = client.get(
        reverse("account_activate", kwargs={"uidb64": uid, "token": token}), follow=True
    )
    assert "Ce lien n'est plus valable" in response.content.decode()


def test_resend_invitations_only_when_asked(indexes, django_capture_on_commit_callbacks):
    args = ["Ville de Noyon", "--referent", "r@noyon.example"]
    invite(django_capture_on_commit_callbacks, *args)
    invite(django_capture_on_commit_callbacks, *args)
    assert len(mail.outbox) == 1
    output = invite(django_capture_on_commit_callbacks, *args, "--resend-invitations")
    assert len(mail.outbox) == 2
    assert "invitation envoyée à r@noyon.example" in output


def test_someone_with_a_password_is_told_of_the_new_access_without_a_link(
    indexes, django_capture_on_commit_callbacks
):
    existing = make_user("deja")
    invite(django_capture_on_commit_callbacks, "Ville de Noyon", "--contributor", existing.email)
    [message] = mail.outbox
    assert message.to == [existing.email]
    assert "/compte/activer/" not in message.body
    assert "/admin/login/" in message.body
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD)
