"""A project page's links to the alumni of its team are kept until what they show
changes (projects.templatetags: `project_team_links`): an alumnus who hides their
projects, leaves the project, or whose account is closed or leaves the group Alumni
vanishes from the page on the next request; a login changes nothing."""

import pytest

from cms import page_cache
from tests.factories.alumni import (
    PASSWORD,
    Client,
    all_visible,
    make_cohort,
    make_collectivity,
    make_member,
    make_project,
)


@pytest.fixture
def shared_project(alumni_site):
    project = make_project(make_cohort(make_collectivity()), "Un projet partagé")
    member = make_member("Pia", "Publique", public=True, visibility=all_visible())
    member.projects.add(project)
    return project, member


LINK = ">Pia Publique</a>"


def shows_link(project):
    return LINK in Client().get(project.url).content.decode()


def test_a_hidden_choice_shows_on_the_next_visit(shared_project):
    project, member = shared_project
    assert shows_link(project)
    member.projects_visibility = "membres"
    member.save()
    assert not shows_link(project)
    member.projects_visibility = "public"
    member.save()
    assert shows_link(project)


def test_leaving_the_project_shows_on_the_next_visit(shared_project):
    project, member = shared_project
    assert shows_link(project)
    member.projects.remove(project)
    assert not shows_link(project)
    member.projects.add(project)
    assert shows_link(project)


def test_a_closed_account_or_one_out_of_the_group_vanishes(shared_project):
    project, member = shared_project
    user = member.user
    assert shows_link(project)
    user.is_active = False
    user.save()
    assert not shows_link(project)
    user.is_active = True
    user.save()
    assert shows_link(project)
    user.groups.clear()
    assert not shows_link(project)


def test_a_login_clears_nothing(shared_project):
    _project, member = shared_project
    before = page_cache.tree_generation()
    assert Client().login(username=member.user.username, password=PASSWORD)
    member.user.refresh_from_db()
    assert member.user.last_login is not None
    assert page_cache.tree_generation() == before
