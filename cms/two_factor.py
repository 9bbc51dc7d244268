"""Second factor (TOTP, django-otp) for administrators and "Modérateurs EMI".

After the password, someone who has an authentication app configured types its 6-digit
code (/admin/double-authentification/verifier/). With EMI_REQUIRE_ADMIN_2FA (production),
an administrator or moderator without one is sent to the enrolment page before any
other admin page. Until the code is given, such a session opens nothing else: the admin
redirects, and the public site treats it as anonymous (no draft, no private file).
Contributors and référents are never asked.
"""

import base64
import io

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.defaults import permission_denied
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .roles import is_moderator, load_user_access

# Admin views a session waiting for its second factor may still open.
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "emi_two_factor_enrol",
    "emi_two_factor_verify",
    "login",  # the Django admin's
    "logout",
}


def concerns(user):
    """Administrators and "Modérateurs EMI" are the accounts with a second factor."""
    return user.is_authenticated and is_moderator(user)


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_step(request):
    """None if the session may go on; else "verify" or "enrol" (cached per request)."""
    if not hasattr(request, "_emi_second_factor"):
        user = request.user
        step = None
        if user.is_authenticated and not user.is_verified():
            load_user_access(user)  # groups and permissions in one query (cms.roles)
        if user.is_authenticated and not user.is_verified() and concerns(user):
            if confirmed_device(user) is not None:
                step = "verify"
            elif settings.EMI_REQUIRE_ADMIN_2FA:
                step = "enrol"
        request._emi_second_factor = step
    return request._emi_second_factor


def _is_admin_path(path):
    return path.startswith(tuple(settings.ADMIN_PATH_PREFIXES))


class AdminSecondFactorMiddleware:
    """After OTPMiddleware: sends a session waiting for its code to the right page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        step = pending_step(request)
        if step is None:
            return None
        if not _is_admin_path(request.path_info):
            # The public site: the password alone opens nothing a visitor cannot see.
            request.user = AnonymousUser()
            return None
        match = request.resolver_match
        if match and match.url_name in OPEN_URL_NAMES:
            return None
        target = reverse("emi_two_factor_verify" if step == "verify" else "emi_two_factor_enrol")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


def _safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code à 6 chiffres",
        max_length=12,
        help_text="Le code affiché par votre application d'authentification (il change "
        "toutes les 30 secondes).",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        allowed, details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                "Trop de codes erronés : attendez quelques secondes avant de réessayer."
            )
        if not code.isdigit() or not self.device.verify_token(code):
            raise forms.ValidationError(
                "Ce code n'est pas le bon ou a expiré : saisissez le code affiché en ce "
                "moment par votre application (vérifiez aussi l'heure de votre téléphone)."
            )
        return code


def _qr_svg_data_uri(text):
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _grouped_secret(device):
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


class EnrolView(WagtailAdminTemplateMixin, FormView):
    """Set up (or replace) one's authentication app: QR code, secret in text, a code."""

    template_name = "cms/admin/two_factor_enrol.html"
    form_class = CodeForm
    page_title = "Double authentification"
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if not concerns(request.user):
            return permission_denied(request, PermissionDenied(), "cms/admin/reserved.html")
        self.device = confirmed_device(request.user)
        if self.device is not None and not request.user.is_verified():
            return redirect(
                f"{reverse('emi_two_factor_verify')}?{urlencode({'next': request.path})}"
            )
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def pending_device(self):
        """The unconfirmed device being set up, kept until a code confirms it."""
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=self.request.user, name="Application d'authentification", confirmed=False
            )
        return device

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.new_device = self.pending_device() if self.wants_setup() else None
        kwargs["device"] = self.new_device
        return kwargs

    def wants_setup(self):
        return (
            self.device is None
            or self.request.GET.get("remplacer")
            or (self.request.method == "POST")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["device"] = self.device
        context["new_device"] = self.new_device
        context["required"] = settings.EMI_REQUIRE_ADMIN_2FA
        context["next"] = _safe_next(self.request)
        if self.new_device is not None:
            context["qr_code"] = _qr_svg_data_uri(self.new_device.config_url)
            context["secret"] = _grouped_secret(self.new_device)
        return context

    def form_valid(self, form):
        device = self.new_device
        TOTPDevice.objects.filter(user=self.request.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save()
        otp_login(self.request, device)
        messages.success(
            self.request,
            "La double authentification est activée : à chaque connexion à "
            "l'administration, votre application vous donnera le code à saisir.",
        )
        return redirect(_safe_next(self.request))


class VerifyView(FormView):
    """The step after the password for someone who has an authentication app."""

    template_name = "cms/admin/two_factor_verify.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if not concerns(request.user):
            return permission_denied(request, PermissionDenied(), "cms/admin/reserved.html")
        self.device = confirmed_device(request.user)
        if self.device is None:
            return redirect(reverse("emi_two_factor_enrol"))
        if request.user.is_verified():
            return redirect(_safe_next(request))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.device}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": _safe_next(self.request)}

    def form_valid(self, form):
        otp_login(self.request, self.device)
        return redirect(_safe_next(self.request))
