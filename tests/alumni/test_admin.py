"""The admin side for EMI moderators: profiles, requests, alumni pages, set-up."""

from django.urls import reverse
from wagtail.models import GroupPagePermission, WorkflowPage

from alumni.models import AlumniIndexPage, ClubPage, MentorRequest, StoryIndexPage
from alumni.setup import WORKFLOW_NAME, moderators_group
from tests.factories.alumni import (
    Client,
    committed,
    login,
    make_member,
    make_mentor,
    make_moderator,
    publish,
)


def moderator_client():
    client = Client()
    login(client, make_moderator())
    return client


def test_moderators_list_search_and_edit_profiles(alumni_site):
    profile = make_member("Gaspard", "Recherche", themes=["achats publics"])
    make_member("Autre", "Personne")
    client = moderator_client()
    listing = client.get(reverse("wagtailsnippets_alumni_alumniprofile:list") + "?q=Recherche")
    content = listing.content.decode()
    assert "Gaspard Recherche" in content and "Autre Personne" not in content
    edit_url = reverse("wagtailsnippets_alumni_alumniprofile:edit", args=[profile.pk])
    assert client.get(edit_url).status_code == 200


def test_moderators_see_mentoring_requests_read_only(alumni_site):
    MentorRequest.objects.create(
        requester=make_member("Demandeur"), mentor=make_mentor("Marraine"), message="Bonjour !"
    )
    client = moderator_client()
    response = client.get(reverse("wagtailsnippets_alumni_mentorrequest:list"))
    assert response.status_code == 200
    assert "Demandeur" in response.content.decode()


def test_moderators_add_clubs_and_stories_under_the_alumni_pages(alumni_site):
    client = moderator_client()
    for model, parent in ((ClubPage, alumni_site.clubs), ("storypage", alumni_site.stories)):
        name = model if isinstance(model, str) else model._meta.model_name
        url = reverse("wagtailadmin_pages:add", args=("alumni", name, parent.pk))
        assert client.get(url).status_code == 200, name


def test_indexes_created_in_the_admin_get_rights_and_workflow(home_page):
    moderators = moderators_group()
    with committed():
        index = publish(home_page, AlumniIndexPage(title="Alumni", slug="alumni", intro="Réseau."))
        stories = publish(index, StoryIndexPage(title="Témoignages", slug="temoignages"))
    assert GroupPagePermission.objects.filter(
        group=moderators, page=index, permission__codename="publish_page"
    ).exists()
    assert WorkflowPage.objects.get(page=stories).workflow.name == WORKFLOW_NAME
