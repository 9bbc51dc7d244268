"""Form behaviour shared by every public form page (contact, calls for candidates...)."""

from django import forms
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.response import TemplateResponse
from wagtail.contrib.forms.models import FormMixin

from .mail import queue_mail
from .ratelimits import check_rate_limit

HONEYPOT_FIELD = "site_web_confirmation"


class HoneypotFormPageMixin:
    """Adds a hidden field that people never see; a bot filling it gets a fake success.

    Mixed into Wagtail form pages (AbstractEmailForm): the honeypot is never stored and
    the notification goes to the page's addresses, with Reply-To set to the sender. The
    submission and its queued mails are committed in one transaction (cms/mail.py).
    """

    # The answer that replies go to: the field of that name, else the form's first
    # e-mail field, whatever its label (« Adresse électronique » on the contact page).
    reply_to_field = "email"
    # The entry of cms.ratelimits.FORM_RATE_LIMITS this page's submissions count against.
    rate_limit_name = "contact"

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

    def get_submissions_list_view_class(self):
        # The admin's list of submissions exports for a French spreadsheet, in the log.
        # Imported here: Wagtail's admin views need loaded models, and page models
        # import this module while the models load.
        from .exports import FrenchSubmissionsListView

        return FrenchSubmissionsListView

    def serve(self, request, *args, **kwargs):
        if request.method == "POST" and request.POST.get(HONEYPOT_FIELD):
            return self.render_landing_page(request, None, *args, **kwargs)
        if request.method == "POST":
            return self.serve_submission(request, *args, **kwargs)
        return super().serve(request, *args, **kwargs)

    def serve_submission(self, request, *args, **kwargs):
        """Wagtail's POST handling, with the rate limit between validation and saving."""
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        status = 200
        if form.is_valid():
            refused = check_rate_limit(request, self.rate_limit_name)
            if refused is None:
                submission = self.process_form_submission(form)
                return self.render_landing_page(request, submission, *args, **kwargs)
            form.add_error(None, refused.message)
            status = 429
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=status)

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
        reply_to = form.cleaned_data.get(self.reply_to_field) or self.first_email_answer(form)
        queue_mail(
            EmailMessage(
                subject=self.subject or f"Nouveau message : {self.title}",
                body=self.render_email(form),
                from_email=self.from_address or None,
                to=addresses,
                reply_to=[reply_to] if reply_to else None,
            )
        )

    def first_email_answer(self, form):
        for name, field in form.fields.items():
            if isinstance(field, forms.EmailField) and form.cleaned_data.get(name):
                return form.cleaned_data[name]
        return None

    def render_email(self, form):
        form.fields.pop(HONEYPOT_FIELD, None)
        return super().render_email(form)
