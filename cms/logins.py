"""Login throttling with django-axes: the French lock-out answer, logging in after a
password is chosen, and the moderators' "Connexions bloquées" screen in the admin.

Axes counts failures per (account, address) pair (AXES_LOCKOUT_PARAMETERS): after
AXES_FAILURE_LIMIT failures, that pair is refused for AXES_COOLOFF_TIME, even with the
right password; the same account from another address is not affected, so a stranger
cannot lock a real user out.
"""

import math

from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.forms.utils import ErrorDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .roles import is_moderator


def _cool_off():
    return settings.AXES_COOLOFF_TIME


def format_time(moment):
    """14 h 05, in the site's time zone."""
    local = timezone.localtime(moment)
    return f"{local.hour} h {local.minute:02d}"


def format_wait(until, now=None):
    minutes = max(1, math.ceil((until - (now or timezone.now())).total_seconds() / 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def locked_until(username, ip_address):
    """When the lock of this (account, address) pair ends, or None if it is not locked."""
    since = timezone.now() - _cool_off()
    attempts = AccessAttempt.objects.filter(
        username=username, ip_address=ip_address, attempt_time__gte=since
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    if not attempts["last"] or (attempts["failures"] or 0) < settings.AXES_FAILURE_LIMIT:
        return None
    return attempts["last"] + _cool_off()


def lockout_message(until):
    if until is None:
        until = timezone.now() + _cool_off()
    return (
        "Trop de tentatives de connexion échouées pour ce compte depuis votre adresse : "
        f"par sécurité, la connexion est suspendue. Réessayez à {format_time(until)} "
        f"(dans {format_wait(until)}). Mot de passe oublié ? Utilisez le lien « mot de "
        "passe oublié » ; l'équipe de l'EMI peut aussi débloquer votre compte."
    )


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login form again, with the French message, status 429.

    Where the view answered with a form (Wagtail's login, /alumni/connexion/, the Django
    admin's), the same page is shown with the message in place of "wrong password";
    elsewhere a short page says the same.
    """
    username = get_client_username(request, credentials)
    until = locked_until(username, getattr(request, "axes_ip_address", None))
    message = lockout_message(until)
    retry_after = str(
        max(1, int(((until or timezone.now() + _cool_off()) - timezone.now()).total_seconds()))
    )
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if isinstance(original_response, TemplateResponse) and form is not None:
        form._errors = ErrorDict({"__all__": form.error_class([message], error_class="nonfield")})
        original_response.content = original_response.rendered_content
        response = original_response
    else:
        response = TemplateResponse(
            request, "cms/login_locked.html", {"message": message, "title": "Connexion suspendue"}
        )
        response.render()
    response.status_code = settings.AXES_HTTP_RESPONSE_CODE
    response["Retry-After"] = retry_after
    return response


def login_with_password(request, user, password):
    """Log `user` in after they chose `password`, through authenticate() (axes sees it).

    Returns False, without logging in, when axes refuses this account from this address.
    """
    authenticated = authenticate(request, username=user.get_username(), password=password)
    if authenticated is None:
        return False
    login(request, authenticated)
    return True


# --- "Connexions bloquées" in the admin -----------------------------------------------


def current_lockouts():
    """One row per (account, address) pair locked now, the latest first."""
    now = timezone.now()
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=now - _cool_off())
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last")
    )
    return [
        {
            **row,
            "until": row["last"] + _cool_off(),
            "until_label": format_time(row["last"] + _cool_off()),
        }
        for row in rows
    ]


class LockoutsView(WagtailAdminTemplateMixin, TemplateView):
    """Lists the locked (account, address) pairs; "Débloquer" removes their failures."""

    template_name = "cms/admin/lockouts.html"
    page_title = "Connexions bloquées"
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not is_moderator(request.user):
            # A plain 403 (Wagtail would turn PermissionDenied into a redirect).
            return permission_denied(request, PermissionDenied(), "cms/admin/reserved.html")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lockouts"] = current_lockouts()
        context["failure_limit"] = settings.AXES_FAILURE_LIMIT
        context["cool_off_minutes"] = int(_cool_off().total_seconds() // 60)
        return context

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        ip_address = request.POST.get("ip_address", "")
        if username and ip_address and reset(ip=ip_address, username=username):
            messages.success(
                request,
                f"Le compte « {username} » est débloqué depuis l'adresse {ip_address} : "
                "la personne peut se reconnecter dès maintenant.",
            )
        else:
            messages.warning(request, "Cette connexion n'était plus bloquée.")
        return redirect(reverse("emi_lockouts"))


def forget_login_records(*usernames):
    """Erase what django-axes recorded of these accounts (failures, lock-outs, logins).

    Called when an account is deleted: the login journal names the person and holds
    their addresses, so it goes with the account rather than waiting for the purge.
    """
    names = [name for name in usernames if name]
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__in=names).delete()
