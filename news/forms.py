"""The GET filter form of the news and agenda listings (news.articles.listing,
news.events.listing): one select per facet of the listing, in its order.

The listing reads and checks the values (an unknown one is ignored, never an error
page); the form only shows them, with the values of the request selected.
"""

from django import forms


class FilterForm(forms.Form):
    """A select per facet of `listing`: "no filter" first, then the values offered."""

    def __init__(self, listing):
        super().__init__(listing.params)
        for facet in listing.facets:
            self.fields[facet.key] = forms.ChoiceField(
                label=facet.label,
                required=False,
                choices=[("", facet.all_label)]
                + [(option.value, option.label) for option in facet.options],
            )
