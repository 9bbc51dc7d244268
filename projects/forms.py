"""The public "Donner mon avis" form of deployed and experimented projects."""

from django import forms

from cms.forms import HONEYPOT_FIELD

from .models.feedback import ProjectFeedback


class ProjectFeedbackForm(forms.Form):
    role = forms.CharField(
        label="Vous êtes",
        max_length=120,
        help_text="Votre lien avec le service : usager, parent d'élève, agent d'accueil…",
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
        error_messages={"required": "Indiquez en quelques mots qui vous êtes."},
    )
    text = forms.CharField(
        label="Votre avis",
        min_length=10,
        max_length=1000,
        help_text="1 000 caractères au plus. Ce qui a changé pour vous, ce qui manque encore.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Écrivez votre avis avant d'envoyer le formulaire.",
            "min_length": "Votre avis est trop court : écrivez au moins 10 caractères.",
            "max_length": "Votre avis dépasse 1 000 caractères : raccourcissez-le "
            "(%(show_value)d caractères actuellement).",
        },
    )
    name = forms.CharField(
        label="Votre nom",
        max_length=120,
        required=False,
        help_text="Facultatif. Il n'est enregistré et publié que si vous cochez la case suivante.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    show_name = forms.BooleanField(
        label="J'accepte que mon nom soit publié avec mon avis",
        required=False,
    )
    consent = forms.BooleanField(
        label="J'accepte que mon avis soit publié sur cette page après relecture par "
        "l'équipe de l'EMI (avec mon rôle, sans mon nom sauf si je l'ai demandé)",
        error_messages={
            "required": "Cochez cette case pour que nous puissions publier votre avis ; "
            "sans votre accord, nous ne pouvons pas le conserver."
        },
    )
    honeypot_field = HONEYPOT_FIELD

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Never shown to people (hidden by the form template); bots fill it in.
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label="Ne remplissez pas ce champ",
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("show_name") and not (cleaned.get("name") or "").strip():
            self.add_error(
                "name",
                "Indiquez votre nom, ou décochez la case « J'accepte que mon nom soit publié ».",
            )
        return cleaned

    def save(self, project):
        data = self.cleaned_data
        return ProjectFeedback.objects.create(
            project=project,
            role=data["role"].strip(),
            text=data["text"].strip(),
            # A name that will not be published is not kept either.
            name=(data.get("name") or "").strip() if data.get("show_name") else "",
            show_name=bool(data.get("show_name")),
            consent=True,
        )
