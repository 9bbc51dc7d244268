"""The network's pages, their reserved addresses, and the link from projects."""

import pytest
from django.core.exceptions import ValidationError

from alumni.links import public_profiles_for_project
from alumni.models import ClubIndexPage, StoryPage
from alumni.stories import submit_story
from tests.factories.alumni import (
    Client,
    all_visible,
    committed,
    login,
    make_cohort,
    make_collectivity,
    make_member,
    make_project,
)


def test_the_alumni_home_links_everything(alumni_site):
    anonymous = Client().get("/alumni/").content.decode()
    for link in (
        "/alumni/annuaire/",
        "/alumni/temoignages/",
        "/alumni/clubs/",
        "/alumni/connexion/",
    ):
        assert f'href="{link}' in anonymous
    assert 'href="/alumni/parrains/"' not in anonymous  # members only
    member = Client()
    login(member, make_member("Visiteuse"))
    content = member.get("/alumni/").content.decode()
    assert 'href="/alumni/parrains/"' in content
    assert 'href="/alumni/mon-profil/"' in content
    assert "/alumni/temoignages/proposer/" in content


def test_children_of_the_alumni_home_cannot_take_a_route_address(alumni_site):
    page = ClubIndexPage(title="Annuaire", slug="annuaire")
    with pytest.raises(ValidationError):
        page.full_clean()


def test_story_slugs_never_shadow_the_submission_form(alumni_site):
    profile = make_member("Auteur")
    with committed():
        page, _ = submit_story(profile, title="Proposer", text="Un texte assez long pour passer.")
    assert page.slug != "proposer"
    with pytest.raises(ValidationError):
        StoryPage(title="x", slug="proposer", body="<p>x</p>").full_clean()


def test_projects_link_public_profiles_and_profiles_list_projects(alumni_site):
    cohort = make_cohort(make_collectivity())
    project = make_project(cohort, "Un projet partagé")
    public = make_member("Pia", "Publique", public=True, visibility=all_visible())
    hidden_projects = make_member(
        "Hugo", "Discret", public=True, visibility={**all_visible(), "projects": "membres"}
    )
    members_only = make_member("Mia", "Membre")
    for profile in (public, hidden_projects, members_only):
        profile.projects.add(project)
    links = public_profiles_for_project(project)
    assert [link.name for link in links] == ["Pia Publique"]
    assert links[0].url == f"/alumni/annuaire/{public.slug}/"
    profile_page = Client().get(links[0].url).content.decode()
    assert "Un projet partagé" in profile_page
    project_page = Client().get(project.url).content.decode()
    assert f'<a href="/alumni/annuaire/{public.slug}/">Pia Publique</a>' in project_page
    assert "Hugo Discret" not in project_page and "Mia Membre" not in project_page


def test_story_index_club_page_and_home_do_not_grow_with_the_data(alumni_site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alumni.models import ClubMembership
    from tests.factories.alumni import image_upload, make_club

    club = make_club(alumni_site.clubs)
    reader = Client()
    login(reader, make_member("Lectrice"))

    def add_data(count):
        for number in range(count):
            author = make_member("Auteur", public=True, visibility=all_visible())
            ClubMembership.objects.create(club=club, profile=author)
            with committed():
                story, _ = submit_story(
                    author,
                    title=f"Récit {author.pk}",
                    text="Un texte suffisamment long.",
                    image_file=image_upload() if number % 2 else None,
                    image_alt="Une image",
                )
            story.get_latest_revision().publish()

    def queries(url):
        # Twice: what is made once, then what is kept until the tree changes.
        reader.get(url)
        reader.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert reader.get(url).status_code == 200
        return len(captured)

    urls = ["/alumni/", "/alumni/temoignages/", club.url, "/alumni/mon-profil/"]
    add_data(2)
    before = {url: queries(url) for url in urls}
    add_data(6)
    assert {url: queries(url) for url in urls} == before
