"""Public forms of the news app (registrations, topic proposals) and listing filters."""

from django import forms

from cms.forms import HONEYPOT_FIELD
from cms.models import Collectivity

from .models import EventRegistration, EventType, TopicProposal
from .page_forms import INVALID_EMAIL


class HoneypotFormMixin:
    """The site's honeypot (see cms.forms): hidden from people, filled in by naive bots."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label="Ne remplissez pas ce champ",
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    @property
    def is_bot(self):
        return bool(self.data.get(HONEYPOT_FIELD))


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
        email = self.cleaned_data["email"].strip().lower()
        already = (
            EventRegistration.objects.filter(event=self.event, email=email)
            .exclude(status=EventRegistration.Status.CANCELLED)
            .exists()
        )
        if already:
            raise forms.ValidationError(
                "Cette adresse est déjà inscrite à cet événement. Le courriel de confirmation "
                "contient le lien pour annuler."
            )
        return email


class TopicProposalForm(HoneypotFormMixin, forms.ModelForm):
    class Meta:
        model = TopicProposal
        fields = [
            "problem",
            "service",
            "collectivity",
            "sponsor",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 6}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }
        error_messages = {"contact_email": {"invalid": INVALID_EMAIL}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collectivity"].empty_label = "Choisissez la collectivité"
        self.fields["collectivity"].required = True
        self.fields["contact_name"].required = True
        self.fields["contact_email"].required = True
        self.fields["contact_email"].help_text = "L'EMI vous répond à cette adresse."
        self.fields["problem"].max_length = 5000


def _clean_choice(form, name):
    """A filter's value when it is one of the choices, else nothing (an unknown filter)."""
    value = form.data.get(name, "")
    valid = {str(key) for key, _label in form.fields[name].choices}
    return value if value in valid and value else ""


class ListingFilterForm(forms.Form):
    """GET filters of a listing; an unknown value is ignored, never an error page."""

    def values(self):
        return {name: _clean_choice(self, name) for name in self.fields}

    @property
    def ignored(self):
        return [
            name for name in self.fields if self.data.get(name) and not _clean_choice(self, name)
        ]


class NewsFilterForm(ListingFilterForm):
    KIND_CHOICES = [
        ("", "Tous les types"),
        ("actualite", "Actualités"),
        ("post-jury", "Sujets retenus par le jury"),
    ]

    type = forms.ChoiceField(label="Type", required=False, choices=KIND_CHOICES)
    collectivite = forms.ChoiceField(label="Collectivité", required=False)
    thematique = forms.ChoiceField(label="Thématique", required=False)

    def __init__(self, data, *, collectivities, themes, with_collectivity=True):
        super().__init__(data)
        if with_collectivity:
            self.fields["collectivite"].choices = [("", "Toutes les collectivités")] + [
                (c.slug, c.display_name) for c in collectivities
            ]
        else:
            del self.fields["collectivite"]
        self.fields["thematique"].choices = [("", "Toutes les thématiques")] + [
            (tag.slug, tag.name) for tag in themes
        ]


class EventFilterForm(ListingFilterForm):
    type = forms.ChoiceField(
        label="Type d'événement",
        required=False,
        choices=[("", "Tous les types")] + list(EventType.choices),
    )
    collectivite = forms.ChoiceField(label="Collectivité", required=False)
    mois = forms.ChoiceField(label="Mois", required=False)

    def __init__(self, data, *, collectivities, months, with_collectivity=True):
        super().__init__(data)
        if with_collectivity:
            self.fields["collectivite"].choices = [("", "Toutes les collectivités")] + [
                (c.slug, c.display_name) for c in collectivities
            ]
        else:
            del self.fields["collectivite"]
        self.fields["mois"].choices = [("", "Tous les mois")] + months


def collectivity_filter_choices():
    return list(Collectivity.objects.only("name", "short_name", "slug").order_by("name"))
