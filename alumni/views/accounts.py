"""Log in, log out, passwords: Django's views with the site's design, under /alumni/."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse, reverse_lazy

from cms.accounts import (
    InvitationActivationView,
    LoginAfterPasswordMixin,
    RateLimitedPasswordResetMixin,
)

from ..forms import (
    AlumniAuthenticationForm,
    AlumniPasswordChangeForm,
    AlumniPasswordResetForm,
    AlumniSetPasswordForm,
)
from ..membership import is_member
from .common import crumbs


def landing_url(user):
    """Members land on their profile; anyone else on the home page."""
    return reverse("alumni:my_profile") if is_member(user) else "/"


class FrameMixin:
    """Title and breadcrumbs for the site's frame (templates/alumni/base.html)."""

    title = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("title", self.title)
        context.setdefault("crumbs", crumbs(self.request))
        return context


class LoginView(FrameMixin, auth_views.LoginView):
    template_name = "alumni/login.html"
    authentication_form = AlumniAuthenticationForm
    title = "Se connecter"

    def get_default_redirect_url(self):
        return landing_url(self.request.user)


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("alumni:login")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "Vous êtes déconnecté·e. À bientôt !")
        return response


class PasswordResetView(FrameMixin, RateLimitedPasswordResetMixin, auth_views.PasswordResetView):
    template_name = "alumni/password_reset_form.html"
    form_class = AlumniPasswordResetForm
    email_template_name = "alumni/emails/password_reset.txt"
    subject_template_name = "alumni/emails/password_reset_subject.txt"
    success_url = reverse_lazy("alumni:password_reset_done")
    title = "Mot de passe oublié"

    def get_extra_email_context(self):
        return {
            "base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }

    def form_valid(self, form):
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)


class PasswordResetDoneView(FrameMixin, auth_views.PasswordResetDoneView):
    template_name = "alumni/password_reset_done.html"
    title = "Vérifiez votre messagerie"


class PasswordResetConfirmView(
    FrameMixin, LoginAfterPasswordMixin, auth_views.PasswordResetConfirmView
):
    template_name = "alumni/password_reset_confirm.html"
    form_class = AlumniSetPasswordForm
    title = "Choisir un nouveau mot de passe"
    saved_message = "Votre nouveau mot de passe est enregistré."

    def get_success_url(self):
        return landing_url(self.user)


class PasswordChangeView(FrameMixin, auth_views.PasswordChangeView):
    template_name = "alumni/password_change.html"
    form_class = AlumniPasswordChangeForm
    title = "Changer mon mot de passe"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Votre nouveau mot de passe est enregistré.")
        return response

    def get_success_url(self):
        return landing_url(self.request.user)


class ActivationView(FrameMixin, InvitationActivationView):
    """The invitation link of alumni: the site's activation, landing on "Mon profil"."""

    template_name = "alumni/activate.html"
    title = "Choisir votre mot de passe"

    def get_success_url(self):
        return landing_url(self.user)
