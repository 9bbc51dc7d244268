"""Key figures of the project bank, computed live from published projects.

Used by /projets/chiffres/ and by the home page, so both always say the same thing.
Each figure is one aggregate query, whatever the number of projects, kept until the tree
changes (cms.page_queries: a publication, a move, a change of cohort or collectivité).
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.functional import cached_property

from cms.page_queries import cached_for_queryset

from .models.vocabularies import RETAINED_STATUSES, Cohort, ProjectStatus, ProjectTag


@dataclass
class StatusRow:
    value: str
    label: str
    count: int
    share: float | None  # percentage of all projects, None when there is none


def status_counts(projects):
    """One row per status, in lifecycle order, zeros included."""
    counts = dict(projects.order_by().values_list("status").annotate(n=Count("pk")))
    total = sum(counts.values())
    return [
        StatusRow(
            status.value,
            status.label,
            counts.get(status.value, 0),
            (100 * counts.get(status.value, 0) / total) if total else None,
        )
        for status in ProjectStatus
    ]


def headline_figures(projects):
    """Number of projects and of collectivités that have at least one, in one query."""
    projects = projects.order_by()
    return cached_for_queryset(
        "figures:headline",
        projects,
        lambda: projects.aggregate(
            projects=Count("pk"), collectivities=Count("collectivity", distinct=True)
        ),
    )


def rate(numerator, denominator):
    return 100 * numerator / denominator if denominator else None


class KeyFigures:
    """Everything /projets/chiffres/ shows; each property is one query, computed once."""

    def __init__(self, projects):
        self.projects = projects.order_by()

    def kept(self, name, compute):
        """A figure of these projects, read once until the tree changes."""
        return cached_for_queryset(f"figures:{name}", self.projects, compute)

    @cached_property
    def by_status(self):
        return self.kept("by_status", lambda: status_counts(self.projects))

    @cached_property
    def headline(self):
        return headline_figures(self.projects)

    @property
    def total(self):
        # Every project has one of the statuses: no query of its own.
        return sum(row.count for row in self.by_status)

    @property
    def collectivity_count(self):
        return self.headline["collectivities"]

    def _count(self, *statuses):
        return sum(row.count for row in self.by_status if row.value in statuses)

    @property
    def retained(self):
        return self._count(*RETAINED_STATUSES)

    @property
    def deployed(self):
        return self._count(ProjectStatus.DEPLOYE)

    @property
    def not_retained(self):
        return self._count(ProjectStatus.NON_RETENU)

    @property
    def deployment_rate(self):
        """Deployed ÷ retained (retenu, en expérimentation, déployé, abandonné)."""
        return rate(self.deployed, self.retained)

    @cached_property
    def by_collectivity(self):
        return self.kept("by_collectivity", self._read_by_collectivity)

    def _read_by_collectivity(self):
        rows = (
            self.projects.filter(collectivity__isnull=False)
            .values("collectivity__slug", "collectivity__name")
            .annotate(
                total=Count("pk"),
                retained=Count("pk", filter=Q(status__in=RETAINED_STATUSES)),
                deployed=Count("pk", filter=Q(status=ProjectStatus.DEPLOYE)),
            )
            .order_by("-total", "collectivity__name")
        )
        return [
            {
                "slug": row["collectivity__slug"],
                "name": row["collectivity__name"],
                "total": row["total"],
                "retained": row["retained"],
                "deployed": row["deployed"],
                "rate": rate(row["deployed"], row["retained"]),
            }
            for row in rows
        ]

    @cached_property
    def by_cohort(self):
        return self.kept("by_cohort", self._read_by_cohort)

    def _read_by_cohort(self):
        rows = {
            row["cohort_id"]: row
            for row in self.projects.filter(cohort__isnull=False)
            .values("cohort_id")
            .annotate(
                total=Count("pk"),
                retained=Count("pk", filter=Q(status__in=RETAINED_STATUSES)),
                deployed=Count("pk", filter=Q(status=ProjectStatus.DEPLOYE)),
            )
            .order_by()
        }
        cohorts = Cohort.objects.filter(pk__in=list(rows)).select_related("host_collectivity")
        return [
            {
                "cohort": cohort,
                "total": rows[cohort.pk]["total"],
                "retained": rows[cohort.pk]["retained"],
                "deployed": rows[cohort.pk]["deployed"],
                "rate": rate(rows[cohort.pk]["deployed"], rows[cohort.pk]["retained"]),
            }
            for cohort in cohorts
        ]

    @cached_property
    def other_origin_count(self):
        return self.kept("other_origin", self.projects.filter(cohort__isnull=True).count)

    @cached_property
    def by_theme(self):
        return self.kept("by_theme", self._read_by_theme)

    def _read_by_theme(self):
        rows = (
            ProjectTag.objects.filter(content_object_id__in=self.projects.values("pk"))
            .values("tag__slug", "tag__name")
            .annotate(total=Count("content_object_id", distinct=True))
            .order_by("-total", "tag__name")
        )
        return [
            {"slug": row["tag__slug"], "name": row["tag__name"], "total": row["total"]}
            for row in rows
        ]
