"""What the open data says of a project: one value per column of the schema
(projects.opendata.schema), read by the exports (rows.py: as cells) and by the API (the
project's `api_fields`: as JSON).

Only what a project page shows publicly goes out: no e-mail address, no sponsor's name,
no user quote's author, a team member's name only when they agreed to its publication.

This module sits below the project page model (which declares its API fields from it):
it imports no model. The relations it reads are the lists the open-data querysets
prefetch (`OPEN_DATA_PREFETCHED`, to_attr), a related manager's `.all()` costing more
than the rest of the row, ten thousand times over; a project read alone (the API's
detail) has them read on the spot.
"""

import html
import re

from django.utils.html import strip_tags
from rest_framework import serializers
from wagtail.api import APIField

from cms.site_address import absolute_url

from ..blocks import SOLUTION_OUTCOME_CHOICES
from .schema import COLUMN_NAMES, COLUMNS, number

OUTCOME_LABELS = dict(SOLUTION_OUTCOME_CHOICES)
_SPACES = re.compile(r"\s+")
# The prefetched lists (to_attr) -> how to read them when they were not prefetched.
OPEN_DATA_PREFETCHED = {
    "open_data_themes": lambda project: project.tagged_items.select_related("tag"),
    "open_data_indicators": lambda project: project.impact_indicators.order_by("sort_order", "pk"),
    "open_data_team": lambda project: project.team_members.order_by("sort_order", "pk"),
}


def pick_headline(indicators):
    """Of a project's indicators, the headline: the editor's choice, else the first one
    measured against a starting value; None when there is none."""
    indicators = list(indicators)
    chosen = [indicator for indicator in indicators if indicator.is_headline]
    with_baseline = [indicator for indicator in indicators if indicator.baseline is not None]
    return (chosen or with_baseline or [None])[0]


def plain_text(rich_text):
    """Rich text as one line of plain text (paragraphs and list items kept apart)."""
    spaced = re.sub(r"</(p|li|h\d)>|<br\s*/?>", " \\g<0>", str(rich_text or ""))
    return _SPACES.sub(" ", html.unescape(strip_tags(spaced))).strip()


def _text(value):
    """A text field, on one line; None when empty."""
    return _SPACES.sub(" ", value or "").strip() or None


def solution_text(value):
    """A solution block's raw value: « titre (suite : explication) »."""
    title = (value.get("title") or "").strip()
    outcome = OUTCOME_LABELS.get(value.get("outcome") or "", "")
    note = (value.get("outcome_note") or "").strip()
    detail = " : ".join(part for part in (outcome, note) if part)
    return f"{title} ({detail})" if detail else title


def indicator_text(indicator):
    measured = number(indicator.value)
    if indicator.baseline is not None:
        measured = f"{number(indicator.baseline)} → {measured}"
    if indicator.unit:
        measured = f"{measured} {indicator.unit}"
    measured_on = indicator.measured_on.isoformat() if indicator.measured_on else ""
    return f"{indicator.label} : {measured} (mesuré le {measured_on} ; source : {indicator.source})"


def team_text(member):
    name = member.public_name
    return f"{member.role} ({name})" if name else member.role


def _related(project, attribute):
    if not hasattr(project, attribute):
        setattr(project, attribute, list(OPEN_DATA_PREFETCHED[attribute](project)))
    return getattr(project, attribute)


def project_facts(project, url):
    """The open data of a project: a dict with every column, in the schema's order;
    None for what the project does not say. `url` is the page's address on the site."""
    indicators = _related(project, "open_data_indicators")
    headline = pick_headline(indicators)
    others = [i for i in indicators if headline is None or i.pk != headline.pk]
    cohort = project.cohort if project.cohort_id else None
    collectivity = project.collectivity if project.collectivity_id else None
    themes = _related(project, "open_data_themes")
    facts = {
        "identifiant": project.pk,
        "titre": project.title,
        "url": absolute_url(url),
        "resume": project.summary,
        "collectivite": collectivity.name if collectivity else None,
        "collectivite_identifiant": collectivity.slug if collectivity else None,
        "promotion": str(cohort) if cohort else None,
        "promotion_identifiant": cohort.slug if cohort else None,
        "formation": cohort.get_training_type_display() if cohort else None,
        "autre_programme": _text(project.other_programme),
        "date_jury": project.effective_jury_date,
        "statut": project.status,
        "statut_libelle": project.get_status_display(),
        "statut_explication": (project.status_explanation or "").strip() or None,
        "thematiques": sorted((item.tag.name for item in themes), key=str.lower),
        "probleme": plain_text(project.problem) or None,
        "personnes_concernees": _text(project.people_concerned),
        # Read from the stored blocks: a solution has no image or page to fetch.
        "solutions": [
            solution_text(block["value"])
            for block in project.solutions.raw_data
            if block["type"] == "solution"
        ],
        "indicateur_une": headline.label if headline else None,
        "indicateur_une_valeur_depart": headline.baseline if headline else None,
        "indicateur_une_valeur": headline.value if headline else None,
        "indicateur_une_unite": (headline.unit or None) if headline else None,
        "indicateur_une_date": headline.measured_on if headline else None,
        "indicateur_une_source": (headline.source or None) if headline else None,
        "autres_indicateurs": [indicator_text(indicator) for indicator in others],
        "equipe": [team_text(member) for member in _related(project, "open_data_team")],
        "date_premiere_publication": project.first_published_at,
        "date_mise_a_jour": project.last_updated,
    }
    return {name: facts[name] for name in COLUMN_NAMES}


class OpenDataField(serializers.Field):
    """One column of the open data as a field of the API (the project's `api_fields`):
    the facts are read once per project and request, whatever the number of fields."""

    def __init__(self, column, **kwargs):
        self.column = column
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, value):
        if not hasattr(value, "_open_data_facts"):
            request = self.context.get("request")
            value._open_data_facts = project_facts(value, value.get_url(request))
        return self.column.as_json(value._open_data_facts[self.column.name])


def open_data_api_fields():
    """The API fields of a project: every column, named as in the exports."""
    return [APIField(column.name, serializer=OpenDataField(column)) for column in COLUMNS]
