"""The project bank's models, one module per domain; every model is importable from here.

- vocabularies: statuses, training types, cohorts, themes;
- project: the project page; project_rows: its inline rows (steps, impact, team…);
- feedback: users' opinions and their moderation;
- index: the index page (/projets/) and the collectivités' sections, above the listing.
"""

from .feedback import FeedbackStatus, ProjectFeedback, ProjectFeedbackQuerySet
from .index import ProjectIndexPage, ProjectSectionPage
from .project import ProjectPage, published_projects, with_card_data
from .project_rows import (
    ProjectImpactIndicator,
    ProjectMilestone,
    ProjectRelatedLink,
    ProjectTeamMember,
    ProjectUserQuote,
)
from .vocabularies import (
    EXPLANATION_REQUIRED_STATUSES,
    FEEDBACK_OPEN_STATUSES,
    RETAINED_STATUSES,
    Cohort,
    MilestoneKind,
    ProjectOrigin,
    ProjectStatus,
    ProjectTag,
    ProjectTheme,
    StoppedStage,
    TrainingType,
)

__all__ = [
    "EXPLANATION_REQUIRED_STATUSES",
    "FEEDBACK_OPEN_STATUSES",
    "RETAINED_STATUSES",
    "Cohort",
    "FeedbackStatus",
    "MilestoneKind",
    "ProjectFeedback",
    "ProjectFeedbackQuerySet",
    "ProjectImpactIndicator",
    "ProjectIndexPage",
    "ProjectMilestone",
    "ProjectOrigin",
    "ProjectPage",
    "ProjectRelatedLink",
    "ProjectSectionPage",
    "ProjectStatus",
    "ProjectTag",
    "ProjectTeamMember",
    "ProjectTheme",
    "ProjectUserQuote",
    "StoppedStage",
    "TrainingType",
    "published_projects",
    "with_card_data",
]
