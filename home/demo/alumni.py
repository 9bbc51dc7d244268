"""The alumni network: its pages, alumni of several cohorts, mentors, clubs, stories.

Records in data/alumni.yaml, data/clubs.yaml and data/stories.yaml. Idempotent:
everything is looked up first (accounts by address, pages by slug) and never
overwritten. Demo accounts have no usable password, except in development (DEBUG) for
one alumna whose login is printed.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from alumni import membership
from alumni.models import (
    AlumniIndexPage,
    AlumniProfile,
    AlumniTheme,
    ClubEventLink,
    ClubIndexPage,
    ClubMembership,
    ClubPage,
    MentorRequest,
    StoryIndexPage,
    StoryPage,
)
from alumni.setup import ensure_alumni_setup, story_workflow
from alumni.signals import muted
from alumni.stories import STORY_CONSENT_VERSION, convert_text
from cms.models import Collectivity
from home.models import HomePage
from news.models import EventPage, EventType
from projects.models import Cohort, ProjectPage

from .helpers import child_from_record, load_data
from .illustrations import illustrate

# Development only: the password of data/alumni.yaml's `demo_login`.
DEMO_PASSWORD = "demo-emi-2026"
CONSENT_VERSION = "2026-11"


def _key(email):
    return email.split("@", 1)[0]


def load_pages(report):
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        raise RuntimeError("La page d'accueil manque : chargez d'abord la section « Site ».")
    index = AlumniIndexPage.objects.first()
    if index is None:
        index = child_from_record(home, AlumniIndexPage, load_data("alumni")["index"], report)
    else:
        report.existing_item("alumni")
    stories = StoryIndexPage.objects.child_of(index).first() or child_from_record(
        index, StoryIndexPage, load_data("stories")["index"], report
    )
    clubs = ClubIndexPage.objects.child_of(index).first() or child_from_record(
        index, ClubIndexPage, load_data("clubs")["index"], report
    )
    return index, stories, clubs


def _cohort(host_and_number):
    if not host_and_number:
        return None
    return (
        Cohort.objects.filter(
            host_collectivity__short_name=host_and_number["host"],
            number=host_and_number["number"],
        )
        .order_by("-start_date")
        .first()
    )


def _new_profile(user, data):
    """An alumnus's profile from their record, consented (or not) and invited now."""
    now = timezone.now()
    consented = data.get("consent", True)
    profile = AlumniProfile(
        user=user,
        first_name=data["first_name"],
        last_name=data["last_name"],
        job_title=data["job_title"],
        collectivity=Collectivity.objects.filter(short_name=data["collectivity"]).first(),
        cohort=_cohort(data.get("cohort")),
        bio=data["bio"],
        email=data["email"],
        phone=data.get("phone", ""),
        linkedin_url=data.get("linkedin_url", ""),
        public_listing=data["public_listing"],
        consent_at=now if consented else None,
        consent_version=CONSENT_VERSION if consented else "",
        invited_at=now,
    )
    for name, visibility in data["visibility"].items():
        setattr(profile, f"{name}_visibility", visibility)
    mentor = data.get("mentor")
    if mentor:
        profile.is_mentor = True
        profile.mentor_capacity = mentor["capacity"]
        profile.mentor_paused = mentor["paused"]
    profile.save()
    profile.themes.set(_listed_themes(data["themes"]))
    if mentor:
        profile.mentor_themes.set(_listed_themes(mentor["themes"]))
    if profile.cohort is not None:
        projects = ProjectPage.objects.live().filter(cohort=profile.cohort).order_by("pk")[:1]
        profile.projects.set(projects)
    return profile


def load_themes(report):
    """The network's list of themes (alumni.themes), kept by moderators once loaded."""
    for name in load_data("alumni")["themes"]:
        if AlumniTheme.objects.filter(name=name).exists():
            report.existing_item(name)
            continue
        theme = AlumniTheme(name=name)
        theme.full_clean(exclude=["slug"])  # TagBase.save() makes the slug
        theme.save()
        report.created_item(f"thème des alumni « {name} »")


def _listed_themes(names):
    themes = list(AlumniTheme.objects.filter(name__in=names))
    missing = set(names) - {theme.name for theme in themes}
    if missing:
        raise ValueError(f"data/alumni.yaml: thèmes absents de la liste `themes` : {missing}")
    return themes


def load_alumni(report):
    User = get_user_model()
    data_file = load_data("alumni")
    demo_login = data_file["demo_login"]
    profiles = {}
    demo_user_created = False
    for data in data_file["alumni"]:
        email = data["email"]
        user = User.objects.filter(username=email).first()
        if user is not None and hasattr(user, "alumni_profile"):
            report.existing_item(email)
            profiles[_key(email)] = user.alumni_profile
            continue
        if user is None:
            user = User(
                username=email,
                email=email,
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
            if settings.DEBUG and email == demo_login:
                user.set_password(DEMO_PASSWORD)
                demo_user_created = True
            else:
                user.set_unusable_password()
            user.save()
        profile = _new_profile(user, data)
        membership.activate(profile)
        profiles[_key(email)] = profile
        report.created_item(f"alumni {profile.full_name} ({email})")
    if settings.DEBUG:
        if demo_user_created:
            report.write(
                f"  Compte alumni de démonstration (développement uniquement), sur "
                f"/alumni/connexion/ : {demo_login} / {DEMO_PASSWORD}"
            )
        elif User.objects.filter(username=demo_login).exists():
            report.write(
                f"  Compte alumni de démonstration : {demo_login} (mot de passe "
                f"{DEMO_PASSWORD}, sauf s'il a été changé)."
            )
    return profiles


def load_clubs(club_index, profiles, report):
    now = timezone.now()
    for data in load_data("clubs")["clubs"]:
        club = ClubPage.objects.child_of(club_index).filter(slug=data["slug"]).first()
        if club is not None:
            report.existing_item(data["slug"])
            continue
        club = ClubPage(
            title=data["title"],
            slug=data["slug"],
            theme=data["theme"],
            summary=data["summary"],
            description=data["description"],
        )
        club.coordinators.set([profiles[key] for key in data["coordinators"] if key in profiles])
        events = EventPage.objects.live().filter(
            event_type=EventType.CLUB, end__gte=now, title__icontains=data["keyword"]
        )
        for order, event in enumerate(events.order_by("start")[:5]):
            club.event_links.add(ClubEventLink(event=event, sort_order=order))
        club_index.add_child(instance=club)
        club.save_revision().publish()
        for key in data["members"]:
            if key in profiles:
                ClubMembership.objects.get_or_create(club=club, profile=profiles[key])
        report.created_item(f"club « {club.title} » ({club.url})")


def load_stories(story_index, profiles, report):
    for data in load_data("stories")["stories"]:
        if story_index.get_children().filter(slug=data["slug"]).exists():
            report.existing_item(data["slug"])
            continue
        author = profiles.get(data["author"])
        if author is None:
            continue
        project = None
        if data.get("project_cohort"):
            project = (
                ProjectPage.objects.live()
                .filter(cohort=_cohort(data["project_cohort"]))
                .order_by("pk")
                .first()
            )
        created = timezone.now() - datetime.timedelta(days=30 if data["published"] else 2)
        story = StoryPage(
            title=data["title"],
            slug=data["slug"],
            body=convert_text(data["text"]).html,
            author=author,
            owner=author.user,
            related_project=project,
            live=False,
            publication_consent_at=created,
            publication_consent_version=STORY_CONSENT_VERSION,
            created_at=created,
        )
        if data["published"]:
            illustrate(story)
        story_index.add_child(instance=story)
        revision = story.save_revision(user=author.user)
        if data["published"]:
            revision.publish()
            label = "publié"
        else:
            # Awaiting review, through the real workflow, as if submitted on the site.
            story_workflow(story_index).start(story, author.user)
            label = "en attente de relecture"
        report.created_item(f"témoignage « {story.title} » ({label})")


def load_mentor_requests(profiles, report):
    for data in load_data("alumni")["mentor_requests"]:
        requester, mentor = profiles.get(data["requester"]), profiles.get(data["mentor"])
        if requester is None or mentor is None:
            continue
        if MentorRequest.objects.filter(requester=requester, mentor=mentor).exists():
            report.existing_item(f"{data['requester']} → {data['mentor']}")
            continue
        pending = data["status"] == MentorRequest.Status.PENDING
        MentorRequest.objects.create(
            requester=requester,
            mentor=mentor,
            message=data["message"],
            status=data["status"],
            answered_at=None if pending else timezone.now(),
        )
        report.created_item(f"demande de parrainage {requester.full_name} → {mentor.full_name}")


def load(report):
    index, story_index, club_index = load_pages(report)
    ensure_alumni_setup()
    # Demo content is not news for anyone: no email on publication or submission.
    with muted():
        load_themes(report)
        profiles = load_alumni(report)
        load_clubs(club_index, profiles, report)
        load_stories(story_index, profiles, report)
        load_mentor_requests(profiles, report)
    return index
