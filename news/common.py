"""What the news, agenda and training domains share: Paris time, rich-text features, the
retention term quoted in their mails, and the honeypot of their public forms."""

from zoneinfo import ZoneInfo

from django import forms

from cms.forms import HONEYPOT_FIELD

PARIS = ZoneInfo("Europe/Paris")
SHORT_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]

# Applications: 24 months after the call closes. Registrations: 24 months after the
# event. Topic proposals: the contact's details, 24 months after the proposal.
RETENTION_MONTHS = 24

INVALID_EMAIL = "Saisissez une adresse électronique valide, par exemple nom@collectivite.fr."


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
