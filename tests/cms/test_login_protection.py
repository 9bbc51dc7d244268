"""Logins resist guessing: axes per (account, address), French lock-out, unlock by a
moderator, 12-character passwords, second factor for administrators and moderators."""

import datetime
import html

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, Permission
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.client_ip import get_client_ip
from cms.invitations import activation_path
from cms.roles import MODERATORS_GROUP_NAME

from .editorial import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
ELSEWHERE = "198.51.100.77"


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def moderators():
    group = Group.objects.create(name=MODERATORS_GROUP_NAME)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group


@pytest.fixture
def editors():
    group = Group.objects.create(name="Contributeurs — Test")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group


@pytest.fixture
def moderator(moderators):
    return make_user("nadia", moderators)


@pytest.fixture
def contributor(editors):
    return make_user("camille", editors)


def admin_login(client, username, password, address="127.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, address="127.0.0.1"):
    return [admin_login(client, username, "mauvais-mot-de-passe", address) for _ in range(times)]


# --- throttling -------------------------------------------------------------------------


def test_after_the_limit_the_right_password_is_refused_until_the_delay_passes(
    contributor, settings
):
    client = Client()
    responses = fail(client, "camille", settings.AXES_FAILURE_LIMIT)
    assert all(r.status_code == 200 for r in responses[:-1])
    locked = responses[-1]
    assert locked.status_code == 429
    assert "Trop de tentatives de connexion" in text(locked)

    refused = admin_login(client, "camille", PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session

    # The same account from another address is not affected.
    other = Client()
    assert admin_login(other, "camille", PASSWORD, ELSEWHERE).status_code == 302
    assert other.get("/admin/").status_code == 200

    # Once the cool-off has passed, the right password works again.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )
    assert admin_login(client, "camille", PASSWORD).status_code == 302


def test_the_lockout_message_is_french_with_the_time_and_status_429(contributor, settings):
    client = Client()
    fail(client, "camille", settings.AXES_FAILURE_LIMIT)
    response = admin_login(client, "camille", PASSWORD)
    page = text(response)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    until = timezone.localtime(
        AccessAttempt.objects.get().attempt_time + settings.AXES_COOLOFF_TIME
    )
    assert f"Réessayez à {until.hour} h {until.minute:02d} (dans 15 minutes)" in page
    assert "Account locked" not in page
    assert 'name="username"' in page  # the login form, not a bare page
    assert "incorrect" not in page.lower()


def test_the_alumni_login_is_throttled_the_same_way(contributor, settings, home_page):
    client = Client()
    url = reverse("alumni:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, {"username": "camille", "password": "non"})
    assert response.status_code == 429
    page = text(response)
    assert "Trop de tentatives de connexion" in page
    assert 'value="camille"' in page
    assert client.post(url, {"username": "camille", "password": PASSWORD}).status_code == 429
    other = client.post(url, {"username": "camille", "password": PASSWORD}, REMOTE_ADDR=ELSEWHERE)
    assert other.status_code == 302


def test_invitation_activation_logs_in_through_axes(editors, settings, home_page):
    user = make_user("lea", editors)
    user.set_unusable_password()
    user.save()
    client = Client()
    response = client.get(activation_path(user), follow=True)
    set_password_url = response.redirect_chain[-1][0]
    response = client.post(
        set_password_url,
        {
            "new_password1": "Un-long-mot-de-passe-2026",
            "new_password2": "Un-long-mot-de-passe-2026",
        },
    )
    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"
    # Axes saw a login with a request (its access log), not a bare login() call.
    from axes.models import AccessLog

    assert AccessLog.objects.filter(username="lea").exists()


# --- unlocking ---------------------------------------------------------------------------


def test_a_moderator_unlocks_an_account(contributor, moderator, settings):
    victim = Client()
    fail(victim, "camille", settings.AXES_FAILURE_LIMIT, address="192.0.2.10")

    staff = Client()
    staff.force_login(moderator)
    url = reverse("emi_lockouts")
    page = text(staff.get(url))
    assert "camille" in page and "192.0.2.10" in page and "Débloquer" in page
    assert "/admin/connexions-bloquees/" in text(staff.get("/admin/"))  # the menu (JSON)

    response = staff.post(url, {"username": "camille", "ip_address": "192.0.2.10"}, follow=True)
    assert "est débloqué" in text(response)
    assert not AccessAttempt.objects.exists()
    assert admin_login(victim, "camille", PASSWORD, "192.0.2.10").status_code == 302


def test_only_moderators_and_administrators_see_the_lockouts(contributor):
    client = Client()
    client.force_login(contributor)
    assert client.get(reverse("emi_lockouts")).status_code == 403
    assert (
        client.post(reverse("emi_lockouts"), {"username": "x", "ip_address": "1.2.3.4"}).status_code
        == 403
    )
    assert "/admin/connexions-bloquees/" not in text(client.get("/admin/"))
    admin = make_user("root", superuser=True)
    client.force_login(admin)
    assert client.get(reverse("emi_lockouts")).status_code == 200


# --- passwords --------------------------------------------------------------------------


def test_a_ten_character_password_is_refused_in_french(editors, home_page):
    user = make_user("lea", editors)
    user.set_unusable_password()
    user.save()
    client = Client()
    response = client.get(activation_path(user), follow=True)
    assert "au minimum 12 caractères" in text(response)  # the rules, before typing
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "Az9-kq7!Lm", "new_password2": "Az9-kq7!Lm"},
    )
    assert response.status_code == 200
    assert "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères." in text(
        response
    )
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_the_alumni_password_change_form_states_and_enforces_12_characters(contributor, home_page):
    client = Client()
    client.force_login(contributor)
    url = reverse("alumni:password_change")
    data = {"old_password": PASSWORD, "new_password1": "Az9-kq7!Lm", "new_password2": "Az9-kq7!Lm"}
    response = client.post(url, data)
    if response.status_code == 302:  # members only: the form is reached by members
        pytest.fail(f"password changed with 10 characters ({response.url})")
    assert "au minimum 12 caractères" in text(response)


def test_demo_and_generated_passwords_are_long_enough():
    from home.demo import alumni, collectivities

    assert len(alumni.DEMO_PASSWORD) >= 12
    assert len(collectivities.DEMO_PASSWORD) >= 12
    import secrets

    assert len(secrets.token_urlsafe(12)) >= 12  # what ensure_admin prints


# --- second factor ----------------------------------------------------------------------


def logged_in(user, address="127.0.0.1"):
    client = Client()
    assert admin_login(client, user.username, PASSWORD, address).status_code == 302
    return client


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_with_2fa_required_a_moderator_without_device_is_sent_to_enrolment(moderator, settings):
    settings.EMI_REQUIRE_ADMIN_2FA = True
    client = logged_in(moderator)
    for path in ("/admin/", "/admin/pages/", reverse("emi_lockouts")):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith(reverse("emi_two_factor_enrol"))
    page = text(client.get(reverse("emi_two_factor_enrol")))
    assert 'src="data:image/svg+xml;base64,' in page
    device = TOTPDevice.objects.get(user=moderator, confirmed=False)
    secret_shown = page.split('id="totp-secret">')[1].split("<")[0].replace(" ", "")
    import base64

    assert base64.b32decode(secret_shown + "=" * (-len(secret_shown) % 8)) == device.bin_key

    wrong = client.post(reverse("emi_two_factor_enrol"), {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 200 and "Ce code n'est pas le bon" in text(wrong)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post(
        reverse("emi_two_factor_enrol"), {"code": current_code(device), "next": "/admin/"}
    )
    assert response.status_code == 302 and response.url == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_a_moderator_with_a_device_must_give_a_valid_code(moderator, settings):
    settings.EMI_REQUIRE_ADMIN_2FA = True
    device = TOTPDevice.objects.create(user=moderator, name="Téléphone", confirmed=True)
    client = logged_in(moderator)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("emi_two_factor_verify"))
    verify = response.url
    page = text(client.get(verify))
    assert "Code de vérification" in page

    wrong = client.post(verify, {"code": "123456"})
    assert wrong.status_code == 200 and "Ce code n'est pas le bon" in text(wrong)
    assert client.get("/admin/").status_code == 302

    # A wrong code throttles the next try for a second (django-otp): skip the wait.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post(verify, {"code": current_code(device), "next": "/admin/pages/"})
    assert response.status_code == 302 and response.url == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_an_unverified_session_opens_nothing_on_the_public_site(moderator, settings, home_page):
    settings.EMI_REQUIRE_ADMIN_2FA = True
    TOTPDevice.objects.create(user=moderator, name="Téléphone", confirmed=True)
    client = logged_in(moderator)
    page = text(client.get(reverse("alumni:login")))
    assert "Vous êtes connecté·e" not in page


def test_a_contributor_is_not_asked_for_a_second_factor(contributor, settings):
    settings.EMI_REQUIRE_ADMIN_2FA = True
    client = logged_in(contributor)
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("emi_two_factor_enrol")).status_code == 403


def test_optional_when_not_required(moderator, settings):
    settings.EMI_REQUIRE_ADMIN_2FA = False
    client = logged_in(moderator)
    assert client.get("/admin/").status_code == 200
    assert "/admin/double-authentification/" in text(client.get("/admin/"))


# --- the client's address ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        ("0", "198.51.100.1", "10.0.0.1"),
        ("", "198.51.100.1", "10.0.0.1"),
        ("1", "198.51.100.1", "198.51.100.1"),
        ("1", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        ("2", "6.6.6.6, 198.51.100.1, 10.0.0.5", "198.51.100.1"),
        ("2", "198.51.100.1", "10.0.0.1"),
        ("1", "pas-une-adresse", "10.0.0.1"),
        ("1", "", "10.0.0.1"),
        ("true", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address(settings, trusted, forwarded, expected):
    settings.TRUSTED_PROXY = trusted
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert get_client_ip(request) == expected


def test_a_locked_account_keeps_its_new_password_but_is_not_logged_in(editors, settings, home_page):
    user = make_user("lea", editors)
    user.set_unusable_password()
    user.save()
    client = Client()
    fail(client, "lea", settings.AXES_FAILURE_LIMIT)
    response = client.get(activation_path(user), follow=True)
    new = "Un-long-mot-de-passe-2026"
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response.status_code == 429
    page = text(response)
    assert "Connexion suspendue" in page and "Réessayez à" in page
    assert "Votre mot de passe est enregistré" in page
    user.refresh_from_db()
    assert user.check_password(new)
    assert "_auth_user_id" not in client.session
