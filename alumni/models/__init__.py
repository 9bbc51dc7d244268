"""The models of the alumni network, one module per domain (app label "alumni").

profiles    AlumniProfile, its themes and the visibility of each field
mentoring   MentorRequest (the rules are in alumni.mentoring)
section     what every page directly under /alumni/ shares
stories     StoryIndexPage, StoryPage
clubs       ClubIndexPage, ClubPage, ClubEventLink, ClubMembership
home        AlumniIndexPage (/alumni/)
and the resource library (/ressources/) in its own package, alumni.library.

Every model is re-exported here, for Django and for the other apps. The modules the
models import at their top (alumni.pages, alumni.home_page, alumni.membership,
alumni.privacy, alumni.mentoring, alumni.notifications, alumni.library) load while this
package does: they import a model from its own module, never from here.
"""

from ..library.access import Audience
from ..library.index import ResourceIndexPage
from ..library.models import (
    ResourceFile,
    ResourcePage,
    ResourceProjectLink,
    ResourceThemeTag,
    ResourceType,
    TrainingModule,
)
from .clubs import ClubEventLink, ClubIndexPage, ClubMembership, ClubPage
from .home import AlumniIndexPage
from .mentoring import MentorRequest
from .profiles import (
    PRIVATE_FIELD_NAMES,
    PRIVATE_FIELDS,
    AlumniProfile,
    AlumniProfileTheme,
    AlumniTheme,
    MentorTheme,
    Visibility,
    visibility_field_name,
)
from .stories import StoryIndexPage, StoryPage

__all__ = [
    "PRIVATE_FIELDS",
    "PRIVATE_FIELD_NAMES",
    "AlumniIndexPage",
    "AlumniProfile",
    "AlumniProfileTheme",
    "AlumniTheme",
    "Audience",
    "ClubEventLink",
    "ClubIndexPage",
    "ClubMembership",
    "ClubPage",
    "MentorRequest",
    "MentorTheme",
    "ResourceFile",
    "ResourceIndexPage",
    "ResourcePage",
    "ResourceProjectLink",
    "ResourceThemeTag",
    "ResourceType",
    "TrainingModule",
    "StoryIndexPage",
    "StoryPage",
    "Visibility",
    "visibility_field_name",
]
