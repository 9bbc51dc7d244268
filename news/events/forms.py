"""The registration form of an event page (the site's own registrations)."""

from django import forms
from django.contrib.auth.base_user import BaseUserManager

from news.common import INVALID_EMAIL, HoneypotFormMixin

from .models import EventRegistration


class EventRegistrationForm(HoneypotFormMixin, forms.ModelForm):
    class Meta:
        model = EventRegistration
        fields = ["name", "email", "organisation", "accessibility_needs"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "email": "La confirmation et le lien pour annuler y sont envoyés.",
        }
        error_messages = {"email": {"invalid": INVALID_EMAIL}}

    def __init__(self, *args, event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)

    def clean_email(self):
        # Only the domain is case-insensitive: the address is kept as typed, and compared
        # without case to find a second registration.
        email = BaseUserManager.normalize_email(self.cleaned_data["email"].strip())
        already = (
            EventRegistration.objects.filter(event=self.event, email__iexact=email)
            .exclude(status=EventRegistration.Status.CANCELLED)
            .exists()
        )
        if already:
            raise forms.ValidationError(
                "Cette adresse est déjà inscrite à cet événement. Le courriel de confirmation "
                "contient le lien pour annuler."
            )
        return email
