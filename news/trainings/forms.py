"""The trainings' forms: the topic proposal form, the fixed questions of the application
forms of the calls for candidates and the calls' admin form."""

from collections import OrderedDict

from django import forms
from wagtail.contrib.forms.forms import FormBuilder, WagtailAdminFormPageForm

from cms.models import Collectivity
from news.common import INVALID_EMAIL, HoneypotFormMixin

from .models import TopicProposal

# --- Topic proposals ----------------------------------------------------------------------


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


# --- Calls for candidates -----------------------------------------------------------------


def collectivity_choices():
    names = Collectivity.objects.order_by("name").values_list("name", flat=True)
    return [("", "Choisissez votre collectivité")] + [(name, name) for name in names]


def fixed_call_fields():
    """The questions every application form asks; editors cannot remove them."""
    return OrderedDict(
        [
            (
                "name",
                forms.CharField(
                    label="Nom et prénom",
                    max_length=150,
                    widget=forms.TextInput(attrs={"autocomplete": "name"}),
                ),
            ),
            (
                "email",
                forms.EmailField(
                    label="Adresse électronique",
                    help_text="La confirmation de votre candidature y est envoyée.",
                    error_messages={"invalid": INVALID_EMAIL},
                    widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                ),
            ),
            (
                "collectivity",
                forms.ChoiceField(
                    label="Collectivité",
                    choices=collectivity_choices,
                    error_messages={
                        "invalid_choice": "Choisissez votre collectivité dans la liste.",
                    },
                ),
            ),
            (
                "function",
                forms.CharField(
                    label="Fonction",
                    max_length=200,
                    help_text="Par exemple : cheffe de service, directeur adjoint.",
                    widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
                ),
            ),
            (
                "motivation",
                forms.CharField(
                    label="Motivation",
                    max_length=5000,
                    help_text="Ce que vous attendez de la formation, le projet ou le service "
                    "que vous aimeriez faire évoluer (5 000 caractères au plus).",
                    widget=forms.Textarea(attrs={"rows": 8}),
                ),
            ),
        ]
    )


FIXED_CALL_FIELD_NAMES = frozenset(fixed_call_fields())


def fixed_call_data_fields():
    """(name, label) of the fixed questions: columns of the submissions listing and CSV."""
    return [(name, field.label) for name, field in fixed_call_fields().items()]


class CallForCandidatesFormBuilder(FormBuilder):
    """Wagtail's form builder with the fixed questions first, then the editors' ones."""

    @property
    def formfields(self):
        fields = fixed_call_fields()
        for name, field in super().formfields.items():
            fields.setdefault(name, field)
        return fields


class CallForCandidatesAdminForm(WagtailAdminFormPageForm):
    """Refuses an added question whose name would replace one of the fixed questions."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("form_fields")
        if formset is None:
            return cleaned_data
        for form in formset.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            if not form.cleaned_data.get("label"):
                continue
            clean_name = form.instance.clean_name or form.instance.get_field_clean_name()
            if clean_name in FIXED_CALL_FIELD_NAMES:
                form.add_error(
                    "label",
                    forms.ValidationError(
                        "Le formulaire pose déjà cette question (nom, adresse électronique, "
                        "collectivité, fonction et motivation sont toujours demandés) : "
                        "choisissez un autre libellé."
                    ),
                )
        return cleaned_data
