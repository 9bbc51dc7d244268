"""The project bank: cohorts and projects built from the source documents' facts.

Records in data/cohorts.yaml and data/projects.yaml. Idempotent: a cohort is looked up
by its host, training and number, a project by its slug in its collectivité's section,
and nothing existing is overwritten.
"""

from django.utils import timezone

from cms.collectivities import SpaceReport, ensure_collectivity_space
from projects.models import (
    Cohort,
    FeedbackStatus,
    ProjectFeedback,
    ProjectImpactIndicator,
    ProjectMilestone,
    ProjectOrigin,
    ProjectPage,
    ProjectSectionPage,
    ProjectStatus,
    ProjectTeamMember,
    ProjectUserQuote,
)

from .helpers import SpaceReportAdapter, load_data
from .illustrations import illustrate

# The text fields a project's record may leave out.
OPTIONAL_FIELDS = (
    "people_concerned",
    "stopped_stage",
    "status_explanation",
    "sponsor_role",
    "sponsor_service",
)


def load_collectivities(report):
    """Short name → the collectivité's projects section (its whole space is ensured)."""
    space_report = SpaceReport(write=SpaceReportAdapter(report))
    sections = {}
    for record in load_data("projects")["collectivities"]:
        record = dict(record)
        space = ensure_collectivity_space(record.pop("name"), report=space_report, **record)
        section = next(s for s in space.sections if isinstance(s, ProjectSectionPage))
        sections[record["short_name"]] = section
    return sections


def load_cohorts(sections, report):
    cohorts = {}
    for record in load_data("cohorts")["cohorts"]:
        collectivity = sections[record["host"]].collectivity
        cohort = Cohort.objects.filter(
            host_collectivity=collectivity,
            training_type=record["training_type"],
            number=record["number"],
        ).first()
        if cohort is None:
            cohort = Cohort.objects.create(
                host_collectivity=collectivity,
                number=record["number"],
                training_type=record["training_type"],
                start_date=record["start_date"],
                end_date=record["end_date"],
                jury_date=record["jury_date"],
            )
            report.created_item(f"promotion « {cohort} »")
        else:
            report.existing_item(str(cohort))
        cohorts[record["key"]] = cohort
    return cohorts


def _milestones(data, forum):
    """The project's own steps; Amiens projects start with the forum's jury and, for the
    prize winners, the three-month pre-incubation that followed."""
    steps = list(data.get("milestones", []))
    if "cohort" in data:
        return steps
    winner = data["status"] != ProjectStatus.NON_RETENU
    if winner and not any(step["kind"] == "pre-incubation" for step in steps):
        steps.insert(0, forum["pre_incubation"])
    steps.insert(0, forum["jury_winner" if winner else "jury_not_retained"])
    return steps


def _build_project(data, cohorts, forum):
    emi = "cohort" in data
    page = ProjectPage(
        title=data["title"],
        slug=data["slug"],
        summary=data["summary"],
        problem=data["problem"],
        solutions=[
            {"type": "solution", "value": {"outcome": "", "outcome_note": "", **solution}}
            for solution in data.get("solutions", [])
        ],
        status=data["status"],
        origin=ProjectOrigin.EMI if emi else ProjectOrigin.OTHER,
        cohort=cohorts[data["cohort"]] if emi else None,
        other_programme="" if emi else forum["programme"],
        jury_date=None if emi else forum["jury_date"],
        search_description=data["summary"],
        **{name: data.get(name, "") for name in OPTIONAL_FIELDS},
    )
    page.themes.add(*data.get("themes", []))
    page.milestones = [
        ProjectMilestone(
            date=step["date"],
            kind=step["kind"],
            label=step.get("label", ""),
            description=step.get("description", ""),
            sort_order=i,
        )
        for i, step in enumerate(_milestones(data, forum))
    ]
    page.impact_indicators = [
        ProjectImpactIndicator(sort_order=i, **indicator)
        for i, indicator in enumerate(data.get("indicators", []))
    ]
    page.user_quotes = [
        ProjectUserQuote(sort_order=i, **quote) for i, quote in enumerate(data.get("quotes", []))
    ]
    page.team_members = [
        ProjectTeamMember(role=role, sort_order=i) for i, role in enumerate(data.get("team", []))
    ]
    return page


def load_projects(sections, cohorts, report):
    data_file = load_data("projects")
    forum = data_file["amiens_forum"]
    projects = []
    for data in data_file["projects"]:
        section = sections[data["collectivity"]]
        existing = ProjectPage.objects.child_of(section).filter(slug=data["slug"]).first()
        if existing is not None:
            report.existing_item(data["slug"])
            projects.append(existing)
            continue
        page = _build_project(data, cohorts, forum)
        illustrate(page)
        section.add_child(instance=page)
        page.save_revision().publish()
        report.created_item(
            f"projet « {page.title} » ({page.get_status_display().lower()}, {page.url})"
        )
        for feedback in data.get("feedback", []):
            approved = feedback["status"] == FeedbackStatus.APPROVED
            ProjectFeedback.objects.create(
                project=page,
                consent=True,
                moderated_at=timezone.now() if approved else None,
                **feedback,
            )
        projects.append(page)
    return projects


def load(report):
    sections = load_collectivities(report)
    cohorts = load_cohorts(sections, report)
    return load_projects(sections, cohorts, report)
