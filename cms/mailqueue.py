"""Moderators see, in the Wagtail admin, the mails the worker has not delivered yet.

Paramètres › Courriels en attente lists django-mailer's queue (waiting and deferred
messages) with the last error of each, and lets EMI moderators and administrators put
the deferred ones back in the queue or delete one. Nobody else may open it (403).
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.defaults import permission_denied
from mailer.engine import get_message_id
from mailer.models import PRIORITY_DEFERRED, PRIORITY_MEDIUM, RESULT_FAILURE, Message, MessageLog
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from .roles import MODERATORS_GROUP_NAME, is_moderator

ALLOWED_ACTIONS = {"view", "delete"}


class MailQueuePermissionPolicy(BasePermissionPolicy):
    """View and delete queued mail: EMI moderators and superusers only; no add or edit."""

    def user_has_permission(self, user, action):
        return action in ALLOWED_ACTIONS and is_moderator(user)

    def users_with_any_permission(self, actions):
        User = get_user_model()
        if not ALLOWED_ACTIONS.intersection(actions):
            return User.objects.none()
        return User.objects.filter(
            Q(is_superuser=True) | Q(groups__name=MODERATORS_GROUP_NAME), is_active=True
        ).distinct()


register_permission_policy(Message, MailQueuePermissionPolicy(Message))


def status_label(message):
    if message.priority != PRIORITY_DEFERRED:
        return "En attente d'envoi"
    if message.retry_count >= settings.MAILER_EMAIL_MAX_RETRIES:
        return "Abandonné : plus aucun nouvel essai automatique"
    return "En échec : nouvel essai automatique toutes les 20 minutes"


def describe(messages_):
    """Subject, recipients, failures and last error of each message (two queries)."""
    by_id = {}
    for message in messages_:
        email = message.email
        message.subject_text = email.subject if email else "(message illisible)"
        message.recipients_text = ", ".join(email.to) if email else ""
        message.status_text = status_label(message)
        message.failures, message.last_error = 0, ""
        message_id = get_message_id(email) if email else None
        if message_id:
            by_id[message_id] = message
    if not by_id:
        return
    failures = list(
        MessageLog.objects.filter(message_id__in=by_id, result=RESULT_FAILURE)
        .values("message_id")
        .annotate(n=Count("pk"), last=Max("pk"))
    )
    for row in failures:
        by_id[row["message_id"]].failures = row["n"]
    last_ids = [row["last"] for row in failures]
    for log in MessageLog.objects.filter(pk__in=last_ids).only("message_id", "log_message"):
        by_id[log.message_id].last_error = log.log_message


class MailQueueIndexView(IndexView):
    page_title = "Courriels en attente"
    default_ordering = ["-priority", "when_added"]

    def paginate_queryset(self, queryset, page_size):
        paginator, page, object_list, is_paginated = super().paginate_queryset(queryset, page_size)
        object_list = list(object_list)
        describe(object_list)
        page.object_list = object_list
        return paginator, page, object_list, is_paginated

    @property
    def header_buttons(self):
        return [
            HeaderButton(
                "Renvoyer les courriels en échec",
                url=reverse("mail_queue:retry"),
                icon_name="resubmit",
            )
        ]


def moderators_only(view):
    """A plain 403 for anyone else (Wagtail would redirect to the dashboard instead)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_moderator(request.user):
            return permission_denied(request, PermissionDenied())
        return view(request, *args, **kwargs)

    return wrapper


def retry_view(request):
    """GET asks, POST puts every deferred mail back in the queue (even abandoned ones)."""
    deferred = Message.objects.deferred()
    if request.method == "POST":
        count = deferred.update(priority=PRIORITY_MEDIUM, retry_count=0)
        messages.success(
            request,
            f"{count} courriel(s) remis dans la file : ils partent au prochain passage de "
            "l'envoi (chaque minute).",
        )
        return redirect("mail_queue:index")
    context = {
        "page_title": "Renvoyer les courriels en échec",
        "header_icon": "mail",
        "count": deferred.count(),
    }
    return TemplateResponse(request, "cms/admin/mail_queue_retry.html", context)


class MailQueueViewSet(ModelViewSet):
    model = Message
    name = "mail_queue"
    url_prefix = "courriels-en-attente"
    icon = "mail"
    menu_label = "Courriels en attente"
    add_to_settings_menu = True
    menu_order = 900
    index_view_class = MailQueueIndexView
    copy_view_enabled = False
    list_display = [
        Column("subject_text", label="Objet"),
        Column("recipients_text", label="Destinataires"),
        DateColumn("when_added", label="Mis en file le"),
        Column("status_text", label="État"),
        Column("failures", label="Échecs"),
        Column("last_error", label="Dernière erreur"),
    ]
    search_fields = None
    form_fields = ["priority"]  # required by ModelViewSet; the policy refuses add and edit

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns() + [path("renvoyer/", retry_view, name="retry")]
        for pattern in patterns:
            pattern.callback = moderators_only(pattern.callback)
        return patterns


@hooks.register("register_admin_viewset")
def register_mail_queue_viewset():
    return MailQueueViewSet()
