"""A project as a row of the exports: its open-data facts (projects.opendata.facts), each
written as its column's cell (projects.opendata.schema)."""

from ..models import ProjectPage
from .facts import project_facts
from .schema import COLUMNS


def project_row(project, url):
    """The export's row of a project: a dict with every column, in the schema's order.

    `project` comes from `export_queryset` (its relations are fetched up front).
    """
    facts = project_facts(project, url)
    return {column.name: column.as_text(facts[column.name]) for column in COLUMNS}


def export_queryset(projects):
    """What a row touches, fetched with a few queries per chunk of the export."""
    return (
        projects.select_related(*ProjectPage.api_select_related)
        .prefetch_related(*ProjectPage.open_data_prefetch())
        .order_by("pk")
    )
