"""Forms of the alumni pages. Every message is French and said on the same page."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.db import models
from django.db.models import Q

from cms.accounts import InvitationPasswordForm
from cms.image_encoding import FORMATS_TEXT
from cms.models import Collectivity
from cms.uploads import SafeImageField
from projects.models import Cohort, ProjectPage

from .consent import current_consent_text, needs_consent
from .models import (
    PRIVATE_FIELDS,
    AlumniProfile,
    AlumniTheme,
    Visibility,
    visibility_field_name,
)
from .stories import (
    STORY_CONSENT_TEXT,
    STORY_TEXT_MAX_LENGTH,
    convert_text,
    story_image_max_size,
)

TEXT_HELP = (
    "Mise en forme simple : laissez une ligne vide entre deux paragraphes ; commencez une "
    "ligne par « - » pour une liste à puces, par « 1. » pour une liste numérotée ; "
    "*italique*, **gras**, [texte du lien](https://adresse). Le reste (titres, images, "
    "code) est retiré, votre texte est gardé."
)


# --- Accounts --------------------------------------------------------------------------


class AlumniAuthenticationForm(AuthenticationForm):
    """Log in with one's email address (the username of invited accounts) or username."""

    error_messages = {
        "invalid_login": "Adresse électronique (ou identifiant) ou mot de passe incorrect. "
        "Attention aux majuscules du mot de passe.",
        "inactive": "Ce compte est désactivé : écrivez à l'équipe de l'EMI.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Adresse électronique ou identifiant"
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].label = "Mot de passe"

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        if "@" in username:
            User = get_user_model()
            match = (
                User.objects.filter(username__iexact=username).first()
                or User.objects.filter(email__iexact=username).order_by("pk").first()
            )
            if match is not None:
                username = match.get_username()
        self.cleaned_data["username"] = username
        return super().clean()


class AlumniPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Adresse électronique de votre compte"
        self.fields["email"].help_text = (
            "Si un compte utilise cette adresse, un lien pour choisir un nouveau mot de passe "
            "y est envoyé."
        )


class AlumniSetPasswordForm(InvitationPasswordForm):
    pass


class AlumniPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Mot de passe actuel"
        self.fields["new_password1"].label = "Nouveau mot de passe"
        self.fields["new_password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )
        self.fields["new_password2"].label = "Confirmation du nouveau mot de passe"


# --- Profile ---------------------------------------------------------------------------


class ThemesField(forms.ModelMultipleChoiceField):
    """Themes chosen from the network's list (alumni.themes), kept by EMI moderators:
    one spelling per theme, so that the directory's filter finds everyone."""

    max_themes = 15

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(AlumniTheme.objects.order_by("name"), *args, **kwargs)

    def clean(self, value):
        themes = super().clean(value)
        if len(themes) > self.max_themes:
            raise forms.ValidationError(f"{self.max_themes} thèmes au plus.")
        return list(themes)


MISSING_THEME_HELP = (
    "Un thème manque ? Écrivez à l'équipe de l'EMI depuis la page contact : les modérateurs "
    "tiennent la liste, pour que chaque thème n'y figure qu'une fois."
)


class ProfileForm(forms.ModelForm):
    """The alumnus's own profile, each field with who may see it."""

    themes = ThemesField(label="Thèmes et compétences", help_text=MISSING_THEME_HELP)
    mentor_themes = ThemesField(
        label="Thèmes de parrainage", help_text="Ce sur quoi vous pouvez aider."
    )
    linkedin_url = forms.URLField(
        label="Profil LinkedIn",
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        help_text="https://www.linkedin.com/in/…",
    )
    consent = forms.BooleanField(label=current_consent_text(), required=False)

    class Meta:
        model = AlumniProfile
        fields = [
            "first_name",
            "last_name",
            "job_title",
            "collectivity",
            "cohort",
            "projects",
            "bio",
            "email",
            "phone",
            "linkedin_url",
            *[visibility_field_name(name) for name, _label, _default in PRIVATE_FIELDS],
            "public_listing",
            "is_mentor",
            "mentor_capacity",
            "mentor_paused",
        ]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "bio": forms.Textarea(attrs={"rows": 5}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "linkedin_url": forms.URLInput(attrs={"autocomplete": "url"}),
            "projects": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "bio": "1 000 caractères au plus : votre parcours, ce que vous pouvez partager.",
            "email": "L'adresse où les autres alumni peuvent vous écrire.",
            "phone": "Par exemple 01 34 25 30 30.",
            "linkedin_url": "https://www.linkedin.com/in/…",
            "public_listing": "Si vous cochez, votre nom et les seuls champs marqués « Tout "
            "le monde » figurent dans l'annuaire public, visible sans compte. Sinon, seuls les "
            "membres du réseau voient votre fiche.",
            "mentor_capacity": "Une demande en attente de votre réponse réserve une place, "
            "une demande déclinée la libère. Au-delà, les demandes sont refusées jusqu'au mois "
            "suivant.",
            "projects": "Les projets publiés de votre promotion. Un projet manque ? "
            "Choisissez votre promotion, enregistrez, puis revenez ici.",
        }
        labels = {"email": "Adresse électronique de contact"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collectivity"].queryset = Collectivity.objects.order_by("name")
        self.fields["collectivity"].empty_label = "Choisissez votre collectivité"
        self.fields["cohort"].queryset = Cohort.objects.select_related("host_collectivity")
        self.fields["cohort"].empty_label = "Choisissez votre promotion"
        # components/field.html says this when the promotion has no published project.
        self.fields["projects"].empty_choices_text = "Aucun projet publié pour votre promotion."
        projects = ProjectPage.objects.live().public()
        if self.instance.cohort_id:
            selected = list(self.instance.projects.values_list("pk", flat=True))
            projects = projects.filter(Q(cohort_id=self.instance.cohort_id) | Q(pk__in=selected))
        self.fields["projects"].queryset = projects.order_by("title")
        self.fields["projects"].required = False
        for name, label, _default in PRIVATE_FIELDS:
            field = self.fields[visibility_field_name(name)]
            field.label = f"Qui voit « {label} » ?"
            field.choices = Visibility.choices
            field.help_text = ""
            field.required = False
        if self.instance.pk:
            self.initial.setdefault("themes", list(self.instance.themes.all()))
            self.initial.setdefault("mentor_themes", list(self.instance.mentor_themes.all()))
        self.consent_needed = needs_consent(self.instance)
        if not self.consent_needed:
            self.fields.pop("consent")
        else:
            self.fields["consent"].help_text = (
                "Sans votre accord, votre fiche n'apparaît pas dans l'annuaire et vous ne "
                "pouvez pas être parrain ou marraine."
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_mentor") and not cleaned.get("mentor_themes"):
            self.add_error(
                "mentor_themes",
                "Indiquez au moins un thème sur lequel vous pouvez aider.",
            )
        if cleaned.get("is_mentor") and self.consent_needed and not cleaned.get("consent"):
            self.add_error(
                "consent",
                "Pour être parrain ou marraine, votre fiche doit figurer dans l'annuaire : "
                "cochez l'accord.",
            )
        if cleaned.get("public_listing") and self.consent_needed and not cleaned.get("consent"):
            self.add_error(
                "consent",
                "Pour que votre fiche soit publique, cochez l'accord.",
            )
        return cleaned

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.themes.set(self.cleaned_data.get("themes") or [])
        self.instance.mentor_themes.set(self.cleaned_data.get("mentor_themes") or [])

    def visibility_pairs(self, names):
        """(field, visibility field) pairs for the template, in form order."""
        return [(self[name], self[visibility_field_name(name)]) for name in names]

    def visibility_pairs_career(self):
        return self.visibility_pairs(
            ["job_title", "collectivity", "cohort", "projects", "themes", "bio"]
        )

    def visibility_pairs_contact(self):
        return self.visibility_pairs(["email", "phone", "linkedin_url"])


class MentorRequestForm(forms.Form):
    message = forms.CharField(
        label="Votre message",
        min_length=30,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Présentez-vous et dites sur quoi vous aimeriez être aidé·e (30 à 2 000 "
        "caractères). Vos coordonnées ne sont transmises que si la personne accepte.",
        error_messages={
            "required": "Écrivez un message : il est transmis au parrain ou à la marraine.",
            "min_length": "Votre message est un peu court : quelques phrases suffisent "
            "(au moins %(limit_value)d caractères, %(show_value)d pour l'instant).",
        },
    )


# --- Stories ---------------------------------------------------------------------------


def megabytes(size):
    """ "5 Mo", "1,5 Mo", "20 Ko": sizes as people read them."""
    if size < 1024 * 1024:
        return f"{max(round(size / 1024), 1)} Ko"
    value = f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{value} Mo"


class StoryImageField(SafeImageField):
    """The site's image checks and re-encoding (cms.uploads), with the story's own limit."""

    def refresh(self):
        """Limits and messages from the current settings (read when a form is built)."""
        self.max_upload_size = story_image_max_size()
        super().refresh()
        self.help_text = (
            f"Facultative. Formats acceptés : {FORMATS_TEXT} ; {megabytes(self.max_upload_size)} "
            "au plus. Photo de votre équipe, du service… dont vous avez les droits. Elle "
            "reste visible de vous et des modérateurs seulement jusqu'à la publication ; "
            "sa position GPS et ses autres métadonnées sont retirées à l'envoi."
        )


class StoryForm(forms.Form):
    title = forms.CharField(
        label="Titre",
        max_length=120,
        help_text="120 caractères au plus : ce que votre témoignage raconte, en une phrase.",
    )
    text = forms.CharField(
        label="Votre témoignage",
        max_length=STORY_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=TEXT_HELP,
    )
    related_project = forms.ModelChoiceField(
        label="Projet lié",
        queryset=ProjectPage.objects.none(),
        required=False,
        empty_label="Aucun projet en particulier",
        help_text="Facultatif : le projet de la banque de projets dont vous parlez.",
    )
    image = StoryImageField(label="Image", required=False)
    image_alt = forms.CharField(
        label="Texte alternatif de l'image",
        max_length=255,
        required=False,
        help_text="Obligatoire avec une image : décrivez ce qu'elle montre pour les personnes "
        "qui ne la voient pas.",
    )
    consent = forms.BooleanField(
        label=STORY_CONSENT_TEXT,
        error_messages={"required": "Cochez cette case pour que votre témoignage soit publié."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["related_project"].queryset = (
            ProjectPage.objects.live().public().order_by("title")
        )
        self.fields["image"].refresh()

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError("Donnez un titre à votre témoignage.")
        return title

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not convert_text(text).html.strip() or len(text.strip()) < 20:
            raise forms.ValidationError(
                "Votre témoignage est vide ou très court : quelques phrases au moins."
            )
        return text

    def clean(self):
        cleaned = super().clean()
        if self.has_image() and not (cleaned.get("image_alt") or "").strip():
            self.add_error(
                "image_alt",
                "Décrivez l'image en quelques mots : c'est obligatoire quand vous en joignez une.",
            )
        if "image" in self.errors:
            self.image_error_hint = (
                "Votre texte est conservé : choisissez une autre image, ou envoyez sans image."
            )
        return cleaned

    def has_image(self):
        return bool(self.cleaned_data.get("image"))


class StoryEditForm(StoryForm):
    remove_image = forms.BooleanField(label="Retirer l'image actuelle", required=False)

    def __init__(self, *args, current_image=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_image = current_image
        self.fields.pop("consent")
        if current_image is None:
            self.fields.pop("remove_image")
        else:
            self.fields["image"].label = "Remplacer l'image"

    def has_image(self):
        keeps_current = self.current_image is not None and not self.cleaned_data.get("remove_image")
        return bool(self.cleaned_data.get("image")) or keeps_current


# --- Account deletion ------------------------------------------------------------------


class PublishedStoriesChoice(models.TextChoices):
    """What becomes of the published stories of a member who deletes their account."""

    REMOVE = "retirer", "Les retirer du site"
    KEEP = "garder", "Les laisser en ligne, signés « Ancien membre du réseau » (sans votre nom)"


class DeleteAccountForm(forms.Form):
    published_stories = forms.ChoiceField(
        label="Vos témoignages publiés",
        choices=PublishedStoriesChoice.choices,
        widget=forms.RadioSelect,
        initial=PublishedStoriesChoice.REMOVE,
    )
    password = forms.CharField(
        label="Votre mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Pour confirmer que c'est bien vous.",
    )
    confirm = forms.BooleanField(
        label="Je comprends que la suppression est définitive.",
        error_messages={"required": "Cochez cette case pour confirmer la suppression."},
    )

    def __init__(self, *args, user, has_published_stories, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not has_published_stories:
            self.fields.pop("published_stories")

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Ce mot de passe n'est pas le bon.")
        return password

    @property
    def keep_published_stories(self):
        return self.cleaned_data.get("published_stories") == PublishedStoriesChoice.KEEP


# --- Admin: invitations ----------------------------------------------------------------


class InviteForm(forms.Form):
    email = forms.EmailField(label="Adresse électronique", required=False)
    first_name = forms.CharField(label="Prénom", max_length=80, required=False)
    last_name = forms.CharField(label="Nom", max_length=80, required=False)
    job_title = forms.CharField(label="Fonction", max_length=150, required=False)
    collectivity = forms.ModelChoiceField(
        label="Collectivité",
        queryset=Collectivity.objects.order_by("name"),
        required=False,
        help_text="Par défaut : la collectivité qui accueille la promotion.",
    )
    cohort = forms.ModelChoiceField(
        label="Promotion",
        queryset=Cohort.objects.select_related("host_collectivity"),
        required=False,
    )
    csv_file = forms.FileField(
        label="Ou un fichier CSV",
        required=False,
        help_text="Une ligne d'en-tête puis une personne par ligne ; colonnes : email, "
        "prenom, nom, fonction, collectivite (identifiant ou nom), promotion (identifiant). "
        "Séparateur virgule ou point-virgule, encodage UTF-8.",
    )
    resend = forms.BooleanField(
        label="Renvoyer l'invitation aux personnes qui n'ont pas encore choisi leur mot de passe",
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("email")) == bool(cleaned.get("csv_file")):
            raise forms.ValidationError(
                "Indiquez soit une adresse électronique, soit un fichier CSV."
            )
        upload = cleaned.get("csv_file")
        if upload is not None and upload.size > getattr(
            settings, "EMI_INVITATION_CSV_MAX_SIZE", 1024 * 1024
        ):
            self.add_error("csv_file", "Ce fichier dépasse 1 Mo : découpez-le en plusieurs.")
        return cleaned
