"""A project as a row of the exports (projects.opendata.schema names the columns).

Only what a project page shows publicly goes out: no e-mail address, no sponsor's name,
no user quote's author, a team member's name only when they agreed to its publication.
"""

import html
import re

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import strip_tags

from cms.site_address import absolute_url

from ..blocks import SOLUTION_OUTCOME_CHOICES
from ..models import ProjectImpactIndicator, ProjectTag, ProjectTeamMember
from ..models.project import pick_headline
from .schema import COLUMN_NAMES, MULTI_VALUE_SEPARATOR

OUTCOME_LABELS = dict(SOLUTION_OUTCOME_CHOICES)
_SPACES = re.compile(r"\s+")


def plain_text(rich_text):
    """Rich text as one line of plain text (paragraphs and list items kept apart)."""
    spaced = re.sub(r"</(p|li|h\d)>|<br\s*/?>", " \\g<0>", str(rich_text or ""))
    return _SPACES.sub(" ", html.unescape(strip_tags(spaced))).strip()


def number(value):
    """A decimal as the schema's `number`: a point, no exponent, no trailing zeros."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


def date(value):
    return value.isoformat() if value else ""


def datetime_text(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def joined(values):
    return MULTI_VALUE_SEPARATOR.join(value for value in values if value)


def solution_text(block):
    value = block.value
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
    return (
        f"{indicator.label} : {measured} (mesuré le {date(indicator.measured_on)} ; "
        f"source : {indicator.source})"
    )


def team_text(member):
    name = member.public_name
    return f"{member.role} ({name})" if name else member.role


def project_row(project, url):
    """The export's row of a project: a dict with every column, in the schema's order.

    `project` comes from `export_queryset` (its relations are fetched up front).
    """
    # Read from the lists export_queryset prefetched (to_attr): a related manager's .all()
    # costs more than the rest of the row, ten thousand times over.
    indicators = project.export_indicators
    headline = pick_headline(indicators)
    others = [i for i in indicators if headline is None or i.pk != headline.pk]
    cohort = project.cohort if project.cohort_id else None
    collectivity = project.collectivity if project.collectivity_id else None
    row = {
        "identifiant": project.pk,
        "titre": project.title,
        "url": absolute_url(url),
        "resume": project.summary,
        "collectivite": collectivity.name if collectivity else "",
        "collectivite_identifiant": collectivity.slug if collectivity else "",
        "promotion": str(cohort) if cohort else "",
        "promotion_identifiant": cohort.slug if cohort else "",
        "formation": cohort.get_training_type_display() if cohort else "",
        "autre_programme": project.other_programme,
        "date_jury": date(project.effective_jury_date),
        "statut": project.status,
        "statut_libelle": project.get_status_display(),
        "statut_explication": project.status_explanation.strip(),
        "thematiques": joined(
            sorted((item.tag.name for item in project.export_themes), key=str.lower)
        ),
        "probleme": plain_text(project.problem),
        "personnes_concernees": _SPACES.sub(" ", project.people_concerned).strip(),
        "solutions": joined(
            solution_text(block) for block in project.solutions if block.block_type == "solution"
        ),
        "indicateur_une": headline.label if headline else "",
        "indicateur_une_valeur_depart": number(headline.baseline) if headline else "",
        "indicateur_une_valeur": number(headline.value) if headline else "",
        "indicateur_une_unite": headline.unit if headline else "",
        "indicateur_une_date": date(headline.measured_on) if headline else "",
        "indicateur_une_source": headline.source if headline else "",
        "autres_indicateurs": joined(indicator_text(indicator) for indicator in others),
        "equipe": joined(team_text(member) for member in project.export_team),
        "date_premiere_publication": datetime_text(project.first_published_at),
        "date_mise_a_jour": datetime_text(project.last_updated),
    }
    return {name: row[name] for name in COLUMN_NAMES}


def export_queryset(projects):
    """What a row touches, fetched with a few queries per chunk of the export."""
    return (
        projects.select_related("collectivity", "cohort", "cohort__host_collectivity")
        .prefetch_related(
            Prefetch(
                "tagged_items",
                queryset=ProjectTag.objects.select_related("tag"),
                to_attr="export_themes",
            ),
            Prefetch(
                "impact_indicators",
                queryset=ProjectImpactIndicator.objects.order_by("sort_order", "pk"),
                to_attr="export_indicators",
            ),
            Prefetch(
                "team_members",
                queryset=ProjectTeamMember.objects.order_by("sort_order", "pk"),
                to_attr="export_team",
            ),
        )
        .order_by("pk")
    )
