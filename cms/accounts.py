"""Account activation: the page an invitation link opens, to choose one's password."""

from django import forms
from django.contrib import messages
from django.contrib.auth import password_validation
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import PasswordResetConfirmView
from wagtail.admin.views import account as wagtail_account

from .invitations import get_invitation_landing_url, invitation_token_generator
from .logins import login_with_password
from .ratelimits import check_rate_limit


class InvitationPasswordForm(SetPasswordForm):
    """Django's form, with plain-text French help (the site's form template)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rules = " ".join(password_validation.password_validators_help_texts())
        self.fields["new_password1"].label = "Mot de passe"
        self.fields["new_password1"].help_text = rules
        self.fields["new_password2"].label = "Confirmation du mot de passe"
        self.fields["new_password2"].help_text = "Saisissez le même mot de passe une seconde fois."
        for field in self.fields.values():
            field.widget = forms.PasswordInput(attrs={"autocomplete": "new-password"})


class LoginAfterPasswordMixin:
    """After a password is chosen (invitation, reset link), log in through authenticate().

    Django's reset view would call login() directly; going through authenticate() lets
    django-axes refuse an account locked from this address like any other login.
    """

    post_reset_login = False
    saved_message = "Votre mot de passe est enregistré."

    def form_valid(self, form):
        response = super().form_valid(form)
        if login_with_password(self.request, form.user, form.cleaned_data["new_password1"]):
            self.logged_in_message(form)
        else:
            messages.success(self.request, self.saved_message)
        return response

    def logged_in_message(self, form):
        messages.success(self.request, self.saved_message)


class InvitationActivationView(LoginAfterPasswordMixin, PasswordResetConfirmView):
    """/compte/activer/<uidb64>/<token>/: a valid link leads to the password form.

    Django's reset view does the token work: the token moves into the session and the
    address loses it (never sent on in a Referer), and it stops working once used.
    """

    form_class = InvitationPasswordForm
    token_generator = invitation_token_generator
    template_name = "cms/account_activation.html"
    title = "Choisir votre mot de passe"

    def logged_in_message(self, form):
        messages.success(
            self.request,
            "Votre mot de passe est enregistré : vous êtes connecté·e. "
            f"Votre identifiant pour les prochaines fois : {form.user.get_username()}.",
        )

    def get_success_url(self):
        return get_invitation_landing_url(self.user)


class RateLimitedPasswordResetMixin:
    """Password reset forms: limited per address and per e-mail typed (cms.ratelimits).

    Login throttling does not see these forms, and each one sends a mail.
    """

    def form_valid(self, form):
        refused = check_rate_limit(
            self.request, "password_reset", email=form.cleaned_data.get("email")
        )
        if refused is not None:
            form.add_error(None, refused.message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class AdminPasswordResetView(RateLimitedPasswordResetMixin, wagtail_account.PasswordResetView):
    """/admin/password_reset/: Wagtail's form with the same limits as the site's."""
