"""Form behaviour shared by every public form page (contact, calls for candidates...)."""

from django import forms
from django.core.mail import EmailMessage
from django.db import transaction
from wagtail.contrib.forms.models import FormMixin

from .mail import queue_mail

HONEYPOT_FIELD = "site_web_confirmation"


class HoneypotFormPageMixin:
    """Adds a hidden field that people never see; a bot filling it gets a fake success.

    Mixed into Wagtail form pages (AbstractEmailForm): the honeypot is never stored and
    the notification goes to the page's addresses, with Reply-To set to the sender. The
    submission and its queued mails are committed in one transaction (cms/mail.py).
    """

    reply_to_field = "email"

    def get_form_class(self):
        base = super().get_form_class()
        return type(
            base.__name__,
            (base,),
            {
                HONEYPOT_FIELD: forms.CharField(
                    required=False,
                    label="Ne remplissez pas ce champ",
                    widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
                )
            },
        )

    def serve(self, request, *args, **kwargs):
        if request.method == "POST" and request.POST.get(HONEYPOT_FIELD):
            return self.render_landing_page(request, None, *args, **kwargs)
        return super().serve(request, *args, **kwargs)

    @transaction.atomic
    def process_form_submission(self, form):
        form.cleaned_data.pop(HONEYPOT_FIELD, None)
        # FormMixin stores; EmailFormMixin would mail only when to_address is filled in,
        # while these pages always notify (get_notification_addresses has a fallback).
        submission = FormMixin.process_form_submission(self, form)
        self.send_mail(form)
        return submission

    def get_notification_addresses(self):
        return [a.strip() for a in (self.to_address or "").split(",") if a.strip()]

    def send_mail(self, form):
        addresses = self.get_notification_addresses()
        if not addresses:
            return
        reply_to = form.cleaned_data.get(self.reply_to_field)
        queue_mail(
            EmailMessage(
                subject=self.subject or f"Nouveau message : {self.title}",
                body=self.render_email(form),
                from_email=self.from_address or None,
                to=addresses,
                reply_to=[reply_to] if reply_to else None,
            )
        )

    def render_email(self, form):
        form.fields.pop(HONEYPOT_FIELD, None)
        return super().render_email(form)
