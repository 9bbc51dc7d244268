"""Every model of the news app (label `news`), from its domain package.

- news/articles/: /actualites/, news pages and post-jury announcements, their feeds;
- news/events/: /agenda/, event pages, registrations, calendars;
- news/trainings/: /formations/, trainings, calls for candidates, topic proposals.
"""

from news.articles.pages import (
    NewsIndexPage,
    NewsPage,
    NewsPageTag,
    NewsSectionPage,
    PostJuryAnnouncementPage,
    PostJuryDeclinedTopic,
    PostJuryRetainedTopic,
)
from news.events.models import (
    ACCESSIBILITY_FIELDS,
    AttendanceMode,
    EventRegistration,
    EventStatus,
    EventType,
    RegistrationMode,
)
from news.events.pages import EventIndexPage, EventPage, EventSectionPage
from news.trainings.models import CallForCandidatesFormField, TopicProposal
from news.trainings.pages import (
    CallForCandidatesPage,
    TopicProposalPage,
    TrainingIndexPage,
    TrainingPage,
)

__all__ = [
    "ACCESSIBILITY_FIELDS",
    "AttendanceMode",
    "CallForCandidatesFormField",
    "CallForCandidatesPage",
    "EventIndexPage",
    "EventPage",
    "EventRegistration",
    "EventSectionPage",
    "EventStatus",
    "EventType",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "NewsSectionPage",
    "PostJuryAnnouncementPage",
    "PostJuryDeclinedTopic",
    "PostJuryRetainedTopic",
    "RegistrationMode",
    "TopicProposal",
    "TopicProposalPage",
    "TrainingIndexPage",
    "TrainingPage",
]
