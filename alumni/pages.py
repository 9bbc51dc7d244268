"""What the story and club pages add to their context (kept out of the models).

Each page hands its function the published pages of its kind (alumni.models.stories,
alumni.models.clubs), so that this module imports no page model and the models import
it at their top. Each function runs a fixed number of queries, whatever the number of
stories, clubs or members in the database.
"""

from django.urls import reverse
from django.utils import timezone

from cms.listing import paginate
from news.models import EventPage
from projects.models import ProjectPage

from .membership import member_profile
from .models.profiles import AlumniProfile
from .privacy import card_for, cards_for, profiles_visible_to, with_card_data

STORIES_PER_PAGE = 12


def links(request):
    member = member_profile(request.user)
    return {
        "alumni_member": member,
        "directory_url": reverse("alumni:directory"),
        "mentors_url": reverse("alumni:mentors"),
        "my_profile_url": reverse("alumni:my_profile"),
        "login_url": reverse("alumni:login"),
        "submit_story_url": reverse("alumni:story_submit"),
    }


def story_index_context(page, request, stories):
    context = links(request)
    context["stories_page"] = paginate(
        stories.child_of(page), request.GET.get("page"), STORIES_PER_PAGE
    )
    return context


def author_card(story, viewer_profile):
    """The author's card when the viewer may open their profile, else None."""
    author = story.author
    if author is None:
        return None
    if not profiles_visible_to(viewer_profile).filter(pk=author.pk).exists():
        return None
    return card_for(author, viewer_profile)


def story_context(page, request, stories):
    context = links(request)
    viewer = context["alumni_member"]
    context["author_card"] = author_card(page, viewer)
    related = None
    if page.related_project_id:
        related = ProjectPage.objects.live().public().filter(pk=page.related_project_id).first()
    context["related_project"] = related
    parent = page.get_parent()
    context["story_index_url"] = parent.url if parent else "/alumni/"
    context["other_stories"] = list(
        stories.sibling_of(page, inclusive=False)[:3] if page.pk else []
    )
    return context


def club_index_context(page, request, clubs):
    context = links(request)
    context["clubs"] = list(clubs.child_of(page))
    return context


def upcoming_events(club):
    event_ids = [link.event_id for link in club.event_links.all()]
    if not event_ids:
        return []
    return list(
        EventPage.objects.live()
        .public()
        .filter(pk__in=event_ids, end__gte=timezone.now())
        .order_by("start")
    )


def club_context(page, request):
    context = links(request)
    viewer = context["alumni_member"]
    visible = profiles_visible_to(viewer)
    coordinators = page.coordinators.all() if page.pk else AlumniProfile.objects.none()
    coordinators = visible.filter(pk__in=coordinators.values("pk")).order_by(
        "last_name", "first_name"
    )
    context["coordinator_cards"] = cards_for(with_card_data(coordinators), viewer)
    context["upcoming_events"] = upcoming_events(page)
    context["is_club_member"] = False
    context["member_cards"] = []
    if viewer is not None and page.pk:
        memberships = page.memberships.values("profile_id")
        members = (
            AlumniProfile.objects.listed()
            .filter(pk__in=memberships)
            .select_related("collectivity")
            .order_by("last_name", "first_name")
        )
        context["member_cards"] = cards_for(members, viewer, fields=("job_title", "collectivity"))
        context["is_club_member"] = page.memberships.filter(profile=viewer).exists()
        context["membership_url"] = reverse("alumni:club_membership", kwargs={"pk": page.pk})
    return context
