"""What the alumni home page (/alumni/) adds to its context: the sections below it.

It sits above the story, club and library models it lists (alumni.models.home imports
it); a fixed number of queries, whatever the number of stories, clubs or members.
"""

from .library.index import ResourceIndexPage
from .mentoring import available_mentors
from .models.clubs import ClubIndexPage, published_clubs
from .models.profiles import AlumniProfile
from .models.stories import StoryIndexPage, published_stories
from .pages import links


def alumni_home_context(page, request):
    context = links(request)
    story_index = StoryIndexPage.objects.child_of(page).live().public().first()
    club_index = ClubIndexPage.objects.child_of(page).live().public().first()
    context.update(
        {
            "story_index": story_index,
            "club_index": club_index,
            "resource_index": ResourceIndexPage.objects.live().public().first(),
            "latest_stories": list(published_stories().descendant_of(page)[:3]),
            "clubs": list(published_clubs().descendant_of(page)),
            "mentor_count": available_mentors().count() if context["alumni_member"] else None,
            "public_profile_count": AlumniProfile.objects.public().count(),
        }
    )
    return context
