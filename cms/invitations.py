"""Invitations: an email with a single-use, expiring link to choose one's password.

Built on Django's password-reset tokens, with a salt of its own (a reset link is not an
invitation and vice versa). The token is tied to the password hash and the last login:
once the password is set, the link stops working. No password is ever generated,
printed or mailed.

Reusable by any app: `invite(user, subject=..., message=...)` sends the email; the
activation view (cms.views.InvitationActivationView) lets the person choose a password
and sends them where `get_invitation_landing_url(user)` says.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from .site_address import absolute_url as public_absolute_url

DEFAULT_INVITATION_TIMEOUT = 7 * 24 * 3600


def invitation_timeout():
    """Seconds an invitation link stays valid (setting EMI_INVITATION_TIMEOUT, 7 days)."""
    return getattr(settings, "EMI_INVITATION_TIMEOUT", DEFAULT_INVITATION_TIMEOUT)


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "cms.invitations.InvitationTokenGenerator"

    def check_token(self, user, token):
        """Django's check, with the invitation's own lifetime instead of the reset one."""
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(
                self._make_token_with_timestamp(user, timestamp, secret), token
            ):
                break
        else:
            return False
        return (self._num_seconds(self._now()) - timestamp) <= invitation_timeout()


invitation_token_generator = InvitationTokenGenerator()


class InvitationError(Exception):
    """A French message for the person running the invitation."""


def normalize_email(email):
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise InvitationError(f"« {email} » n'est pas une adresse électronique valide.") from error
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def get_or_create_invited_user(email):
    """The account for this address, created without a usable password if missing.

    Returns (user, created). The username is the address (what the person types to log in).
    """
    User = get_user_model()
    email = normalize_email(email)
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is not None:
        return user, False
    username = email.lower()
    if User.objects.filter(username__iexact=username).exists():
        raise InvitationError(
            f"L'identifiant « {username} » est déjà pris par un autre compte : "
            "corrigez ce compte dans l'administration (Utilisateurs)."
        )
    user = User(username=username, email=email, is_active=True)
    user.set_unusable_password()
    user.save()
    return user, True


def needs_activation(user):
    """True while the person has not chosen a password yet."""
    return not user.has_usable_password()


def activation_path(user):
    return reverse(
        "account_activate",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_token_generator.make_token(user),
        },
    )


def absolute_url(path):
    return public_absolute_url(path)


def activation_url(user):
    return absolute_url(activation_path(user))


def invite(user, *, subject, message, template="cms/emails/invitation.txt", context=None):
    """Email `user` a single-use link to choose a password.

    `message` says, in one or two sentences, what the account gives access to.
    """
    valid_days = max(1, invitation_timeout() // (24 * 3600))
    body = render_to_string(
        template,
        {
            "user": user,
            "message": message,
            "activation_url": activation_url(user),
            "valid_days": valid_days,
            "site_name": settings.WAGTAIL_SITE_NAME,
            **(context or {}),
        },
    )
    send_mail(subject, body, None, [user.email])


def notify_access(user, *, subject, message, login_url):
    """Tell someone who already has a password that they were given a new access."""
    body = render_to_string(
        "cms/emails/access_granted.txt",
        {
            "user": user,
            "message": message,
            "login_url": absolute_url(login_url),
            "site_name": settings.WAGTAIL_SITE_NAME,
        },
    )
    send_mail(subject, body, None, [user.email])


def get_invitation_landing_url(user):
    """Where a person lands once their password is chosen (logged in).

    Editors go to the admin dashboard; anyone else to the home page (an app whose
    members never enter the admin, such as alumni, can send its own landing page).
    """
    if user.has_perm("wagtailadmin.access_admin"):
        return reverse("wagtailadmin_home")
    return "/"
