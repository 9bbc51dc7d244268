"""The project page's admin form: its collectivité locked to its section's
(cms.collectivity_rule), and one headline result at most, measured "avant → après"."""

from cms.collectivity_rule import CollectivityLockedPageForm

ONE_HEADLINE = "Un seul indicateur à la une par projet : décochez les autres."
HEADLINE_NEEDS_BASELINE = (
    "Le résultat à la une se lit « avant → après » : indiquez la valeur de départ, ou "
    "choisissez un autre indicateur."
)


class ProjectPageForm(CollectivityLockedPageForm):
    def clean(self):
        cleaned_data = super().clean()
        indicators = self.formsets.get("impact_indicators")
        if indicators is None or not indicators.is_valid():
            return cleaned_data
        headlines = [
            form
            for form in indicators.forms
            if form.cleaned_data.get("is_headline") and not form.cleaned_data.get("DELETE")
        ]
        for form in headlines[1:]:
            form.add_error("is_headline", ONE_HEADLINE)
        if headlines and headlines[0].cleaned_data.get("baseline") is None:
            headlines[0].add_error("baseline", HEADLINE_NEEDS_BASELINE)
        return cleaned_data
