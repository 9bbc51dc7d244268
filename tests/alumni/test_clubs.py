"""Clubs: coordinators, upcoming events from the agenda, joining, members for members."""

import datetime

import pytest
from django.utils import timezone

from alumni.models import ClubEventLink, ClubMembership, Visibility
from news.models import EventIndexPage, EventPage
from tests.factories.alumni import (
    Client,
    all_visible,
    login,
    make_club,
    make_member,
    make_user,
    publish,
)


def add_event(title, days):
    start = timezone.now() + datetime.timedelta(days=days)
    return publish(
        EventIndexPage.objects.get(),
        EventPage(
            title=title,
            slug=title.lower().replace(" ", "-"),
            event_type="club",
            summary="Une séance du club.",
            start=start,
            end=start + datetime.timedelta(hours=2),
            attendance_mode="en-ligne",
        ),
    )


@pytest.fixture
def club(alumni_site):
    club = make_club(alumni_site.clubs, "Club transition écologique")
    public_coordinator = make_member("Nadia", "Publique", public=True, visibility=all_visible())
    members_coordinator = make_member(
        "Octave", "Discret", job_title="Ingénieur", visibility={"job_title": Visibility.HIDDEN}
    )
    club.coordinators.add(public_coordinator, members_coordinator)
    club.event_links.add(ClubEventLink(event=add_event("Séance de printemps", 10)))
    club.event_links.add(ClubEventLink(event=add_event("Séance passée", -10)))
    club.save_revision().publish()
    club.refresh_from_db()
    return club


def test_the_club_page_shows_upcoming_events_and_coordinators_as_allowed(club):
    anonymous = Client().get(club.url).content.decode()
    assert "Séance de printemps" in anonymous
    assert "Séance passée" not in anonymous
    assert "Nadia Publique" in anonymous  # public profile
    assert "Octave Discret" not in anonymous  # members only
    member = Client()
    login(member, make_member("Lecteur", "Membre"))
    content = member.get(club.url).content.decode()
    assert "Nadia Publique" in content and "Octave Discret" in content
    assert "Ingénieur" not in content  # his function is hidden


def test_members_join_and_leave_and_only_members_see_the_list(club):
    joiner = make_member("Jeanne", "Adhérente")
    client = Client()
    login(client, joiner)
    url = f"/alumni/clubs/{club.pk}/adhesion/"
    response = client.post(url, {"action": "rejoindre"})
    assert response.status_code == 302
    assert ClubMembership.objects.filter(club=club, profile=joiner).exists()
    assert "Jeanne Adhérente" in client.get(club.url).content.decode()
    assert "Quitter le club" in client.get(club.url).content.decode()

    anonymous = Client().get(club.url).content.decode()
    assert "Jeanne Adhérente" not in anonymous
    assert "La liste des membres est réservée aux alumni" in anonymous

    client.post(url, {"action": "quitter"})
    assert not ClubMembership.objects.filter(club=club, profile=joiner).exists()


def test_joining_is_for_members_only(club):
    assert (
        Client()
        .post(f"/alumni/clubs/{club.pk}/adhesion/", {"action": "rejoindre"})
        .url.startswith("/alumni/connexion/")
    )
    outsider = Client()
    login(outsider, make_user())
    response = outsider.post(f"/alumni/clubs/{club.pk}/adhesion/", {"action": "rejoindre"})
    assert response.status_code == 403
    assert not ClubMembership.objects.exists()
    # GET never changes anything.
    member = Client()
    login(member, make_member("Curieux"))
    assert member.get(f"/alumni/clubs/{club.pk}/adhesion/").status_code == 405


def test_the_club_index_lists_clubs_with_their_member_count(club, alumni_site):
    ClubMembership.objects.create(club=club, profile=make_member("Un"))
    ClubMembership.objects.create(club=club, profile=make_member("Deux", consent=False))
    content = Client().get(alumni_site.clubs.url).content.decode()
    assert "Club transition écologique" in content
    assert "1 membre" in content  # the profile without consent is not counted
