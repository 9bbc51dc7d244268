"""Builders for project bank tests: collectivités with their section, cohorts, projects."""

import datetime
import itertools

from django.utils import timezone

from cms.models import Collectivity
from projects.models import (
    Cohort,
    ProjectImpactIndicator,
    ProjectIndexPage,
    ProjectMilestone,
    ProjectOrigin,
    ProjectPage,
    ProjectSectionPage,
    ProjectStatus,
    ProjectUserQuote,
    StoppedStage,
)

from .pages import PageFactory

_counter = itertools.count(1)

EXPLANATIONS = {
    ProjectStatus.NON_RETENU: "Le jury a jugé le sujet trop proche d'un projet déjà en cours.",
    ProjectStatus.ABANDONNE: "Le logiciel métier ne permettait pas l'export nécessaire.",
}


class ProjectIndexPageFactory(PageFactory):
    title = "Projets"
    slug = "projets"

    class Meta:
        model = ProjectIndexPage


def make_section(index, name, slug=None, **fields):
    """A collectivité and its section under /projets/ (what the space service creates)."""
    slug = slug or name.lower().replace(" ", "-").replace("'", "-")
    collectivity = Collectivity.objects.create(name=name, slug=slug, **fields)
    section = ProjectSectionPage(title=name, slug=slug, collectivity=collectivity)
    index.add_child(instance=section)
    return section


def make_cohort(collectivity, number=1, training_type="longue", jury_date=None, start=None):
    start = start or datetime.date(2022, 9, 1)
    return Cohort.objects.create(
        number=number,
        training_type=training_type,
        host_collectivity=collectivity,
        start_date=start,
        end_date=start + datetime.timedelta(days=270),
        jury_date=jury_date or start + datetime.timedelta(days=250),
    )


def make_project(
    section,
    title=None,
    *,
    status=ProjectStatus.PROPOSE,
    cohort=None,
    themes=(),
    other_programme="",
    jury_date=None,
    live=True,
    published_at=None,
    owner=None,
    with_details=False,
    **fields,
):
    """A live project page in `section` (a cohort is required unless other_programme)."""
    n = next(_counter)
    title = title or f"Projet numéro {n}"
    if status in EXPLANATIONS:
        fields.setdefault("status_explanation", EXPLANATIONS[status])
    if status == ProjectStatus.NON_RETENU:
        fields.setdefault("stopped_stage", StoppedStage.JURY)
    published_at = published_at or timezone.now()
    page = ProjectPage(
        title=title,
        slug=f"projet-{n}",
        summary=fields.pop("summary", f"Résumé du projet {title}."),
        problem=fields.pop("problem", "<p>Un problème rencontré par les usagers.</p>"),
        status=status,
        origin=ProjectOrigin.OTHER if other_programme else ProjectOrigin.EMI,
        cohort=cohort,
        other_programme=other_programme,
        jury_date=jury_date,
        live=live,
        owner=owner,
        first_published_at=published_at if live else None,
        last_published_at=published_at if live else None,
        **fields,
    )
    for theme in themes:
        page.themes.add(theme)
    if with_details:
        page.milestones.add(
            ProjectMilestone(date=datetime.date(2023, 6, 1), kind="jury"),
            ProjectMilestone(date=datetime.date(2023, 10, 1), kind="experimentation"),
        )
        page.impact_indicators.add(
            ProjectImpactIndicator(
                label="Délai moyen de réponse",
                baseline=35,
                value=12,
                unit="jours",
                measured_on=datetime.date(2024, 3, 1),
                source="Logiciel de suivi des demandes",
            )
        )
        page.user_quotes.add(
            ProjectUserQuote(
                quote="Je sais enfin à qui m'adresser.",
                role="Une usagère",
                date=datetime.date(2024, 3, 15),
            )
        )
    section.add_child(instance=page)
    return page
