"""Admin: contributors edit only their collectivité's projects; the project listing."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from cms.collectivities import ensure_space
from projects.models import ProjectPage, ProjectStatus
from tests.factories.projects import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def spaces(somme, nord, somme_cohort, nord_cohort):
    """Both collectivités get their real space: groups, permissions, workflow."""
    ensure_space(somme.collectivity)
    ensure_space(nord.collectivity)
    somme.collectivity.refresh_from_db()
    nord.collectivity.refresh_from_db()
    return {
        "somme": make_project(
            somme, "Standard des solidarités", cohort=somme_cohort, status=ProjectStatus.DEPLOYE
        ),
        "nord": make_project(
            nord, "Bon interlocuteur", cohort=nord_cohort, status=ProjectStatus.EXPERIMENTATION
        ),
    }


@pytest.fixture
def nord_contributor(django_user_model, nord, spaces):
    user = django_user_model.objects.create_user("contrib-nord", "c@nord.example", "x")
    user.groups.add(nord.collectivity.contributors_group)
    return user


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def edit_form_data(response):
    """The edit form as the browser would send it (stream fields are built by JS)."""
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.update(nested_form_data({"solutions": streamfield([]), "documents": streamfield([])}))
    return data


def test_a_contributor_cannot_edit_another_collectivitys_project(client, spaces, nord_contributor):
    client.force_login(nord_contributor)
    own = client.get(edit_url(spaces["nord"]))
    assert own.status_code == 200

    other = spaces["somme"]
    response = client.get(edit_url(other))
    assert response.status_code != 200
    # Sending the form anyway changes nothing.
    data = edit_form_data(own)
    data["title"] = "Titre détourné"
    response = client.post(edit_url(other), data)
    assert response.status_code != 200
    other.refresh_from_db()
    assert other.title == "Standard des solidarités"
    revision = other.get_latest_revision()
    assert revision is None or revision.content["title"] != "Titre détourné"


def test_a_contributor_saves_a_draft_of_their_own_project(client, spaces, nord_contributor):
    client.force_login(nord_contributor)
    own = spaces["nord"]
    data = edit_form_data(client.get(edit_url(own)))
    data["summary"] = "Un résumé revu par la contributrice."
    response = client.post(edit_url(own), data)
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.get_latest_revision().content["summary"] == "Un résumé revu par la contributrice."
    assert own.summary != "Un résumé revu par la contributrice."  # not published


def test_the_admin_form_explains_a_missing_reason_in_french(admin_client, spaces):
    project = spaces["somme"]
    data = edit_form_data(admin_client.get(edit_url(project)))
    data["status"] = ProjectStatus.ABANDONNE
    data["status_explanation"] = ""
    response = admin_client.post(edit_url(project), data)
    assert response.status_code == 200
    assert "Expliquez pourquoi le projet a été abandonné" in response.content.decode()


def test_project_listing_shows_contributors_only_their_collectivity(
    client, spaces, nord_contributor
):
    client.force_login(nord_contributor)
    response = client.get("/admin/projets/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bon interlocuteur" in html
    assert "Standard des solidarités" not in html


def test_project_listing_filters_by_collectivity_and_status(admin_client, spaces, somme):
    html = admin_client.get(f"/admin/projets/?collectivity={somme.collectivity.pk}").content
    assert b"Standard des solidarit" in html and b"Bon interlocuteur" not in html
    html = admin_client.get("/admin/projets/?status=experimentation").content
    assert b"Bon interlocuteur" in html and b"Standard des solidarit" not in html
    assert ProjectPage.objects.count() == 2


def test_a_contributor_can_start_a_project_in_their_section(client, nord, nord_contributor):
    client.force_login(nord_contributor)
    url = reverse("wagtailadmin_pages:add", args=["projects", "projectpage", nord.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Où en est le projet" in response.content.decode()


def test_projects_in_the_public_api(client, spaces):
    response = client.get(
        "/api/v2/pages/?type=projects.ProjectPage&fields=resume,statut,collectivite,promotion,thematiques"
    )
    assert response.status_code == 200
    items = {item["title"]: item for item in response.json()["items"]}
    somme = items["Standard des solidarités"]
    assert somme["statut"] == "deploye"
    assert somme["collectivite"] == "Département de la Somme"
    assert somme["promotion"].startswith("Promotion 1 · Somme")
