"""The GET filters of the news and agenda listings (news/listing.py)."""

from django import forms

from cms.models import Collectivity

from .events.models import EventType


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
