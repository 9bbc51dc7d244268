"""Builders for the alumni tests: the network's pages, members, moderators, projects."""

import datetime
import io
import itertools

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as DjangoClient
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from alumni import membership
from alumni.consent import CURRENT_CONSENT_VERSION
from alumni.models import (
    AlumniIndexPage,
    AlumniProfile,
    ClubIndexPage,
    ClubPage,
    StoryIndexPage,
    Visibility,
)
from alumni.setup import ensure_alumni_setup, moderators_group
from cms.models import Collectivity
from projects.models import Cohort, ProjectIndexPage, ProjectPage, ProjectSectionPage

from .cms import PASSWORD

_counter = itertools.count(1)


def committed():
    """Run what waits for the commit (emails) at the end of the block, as in production.

    Tests run inside a transaction that is never committed: without this, callbacks
    registered with transaction.on_commit() would never run.
    """
    return TestCase.captureOnCommitCallbacks(execute=True)


class Client(DjangoClient):
    """Django's test client; each request behaves as if its transaction committed."""

    def request(self, **request):
        with committed():
            return super().request(**request)


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def build_alumni_pages(home):
    """/alumni/, /alumni/temoignages/, /alumni/clubs/ and the moderation set-up."""
    index = AlumniIndexPage.objects.first() or publish(
        home, AlumniIndexPage(title="Alumni", slug="alumni", intro="Le réseau des alumni.")
    )
    stories = StoryIndexPage.objects.first() or publish(
        index, StoryIndexPage(title="Témoignages", slug="temoignages")
    )
    clubs = ClubIndexPage.objects.first() or publish(
        index, ClubIndexPage(title="Clubs", slug="clubs")
    )
    setup = ensure_alumni_setup()
    return index, stories, clubs, setup


def make_collectivity(name=None, short_name="", slug=None):
    n = next(_counter)
    name = name or f"Collectivité {n}"
    return Collectivity.objects.create(
        name=name, short_name=short_name, slug=slug or f"collectivite-{n}"
    )


def make_cohort(collectivity, number=None):
    number = number or next(_counter)
    start = datetime.date(2022, 10, 3)
    return Cohort.objects.create(
        number=number,
        training_type="longue",
        host_collectivity=collectivity,
        start_date=start,
        end_date=start + datetime.timedelta(days=270),
        jury_date=start + datetime.timedelta(days=250),
    )


def make_project(cohort, title=None):
    """A live project page of `cohort`, in its collectivité's section under /projets/."""
    index = ProjectIndexPage.objects.get()
    collectivity = cohort.host_collectivity
    section = ProjectSectionPage.objects.filter(collectivity=collectivity).first()
    if section is None:
        section = ProjectSectionPage(
            title=collectivity.name, slug=collectivity.slug, collectivity=collectivity
        )
        index.add_child(instance=section)
        section.save_revision().publish()
    n = next(_counter)
    return publish(
        section,
        ProjectPage(
            title=title or f"Projet {n}",
            slug=f"projet-{n}",
            summary="Un résumé.",
            problem="<p>Un problème.</p>",
            cohort=cohort,
        ),
    )


def make_user(username=None, email=None, password=PASSWORD, **fields):
    n = next(_counter)
    username = username or f"personne{n}@example.test"
    return get_user_model().objects.create_user(
        username=username, email=email or username, password=password, **fields
    )


def make_member(
    first_name="Camille",
    last_name=None,
    *,
    consent=True,
    public=False,
    visibility=None,
    themes=(),
    mentor_themes=(),
    user=None,
    **fields,
):
    """A member: account, active profile in the group Alumni, consent given."""
    n = next(_counter)
    last_name = last_name or f"Nom{n}"
    user = user or make_user(f"{first_name.lower()}.{last_name.lower()}.{n}@example.test")
    now = timezone.now()
    profile = AlumniProfile(
        user=user,
        first_name=first_name,
        last_name=last_name,
        email=user.email,
        public_listing=public,
        consent_at=now if consent else None,
        consent_version=CURRENT_CONSENT_VERSION if consent else "",
        **fields,
    )
    for name, value in (visibility or {}).items():
        setattr(profile, f"{name}_visibility", value)
    profile.save()
    if themes:
        profile.themes.set(list(themes))
    if mentor_themes:
        profile.mentor_themes.set(list(mentor_themes))
    membership.activate(profile)
    return profile


def make_mentor(
    first_name="Marraine", last_name=None, *, capacity=2, themes=("mesure d'impact",), **fields
):
    return make_member(
        first_name,
        last_name,
        is_mentor=True,
        mentor_capacity=capacity,
        mentor_themes=themes,
        **fields,
    )


def make_moderator(username="moderatrice@example.test"):
    user = make_user(username)
    user.groups.add(moderators_group())
    return user


def all_visible(value=Visibility.PUBLIC):
    from alumni.models import PRIVATE_FIELD_NAMES

    return dict.fromkeys(PRIVATE_FIELD_NAMES, value)


def make_club(club_index, title="Club transition écologique", **fields):
    n = next(_counter)
    return publish(
        club_index,
        ClubPage(
            title=title,
            slug=f"club-{n}",
            theme=fields.pop("theme", "Transition écologique"),
            summary=fields.pop("summary", "Un club pour avancer ensemble."),
            **fields,
        ),
    )


def image_upload(name="photo.png", fmt="PNG", size=(40, 30), content=None):
    if content is None:
        buffer = io.BytesIO()
        Image.new("RGB", size, (23, 61, 110)).save(buffer, fmt)
        content = buffer.getvalue()
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg"}.get(fmt, "application/octet-stream")
    return SimpleUploadedFile(name, content, content_type=content_type)


def login(client, profile_or_user):
    user = getattr(profile_or_user, "user", profile_or_user)
    assert client.login(username=user.get_username(), password=PASSWORD)
    return user


def my_profile_url():
    return reverse("alumni:my_profile")
