"""The public "Donner mon avis" form, its moderation by EMI moderators, its publication."""

import html as html_module
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from projects.models import FeedbackStatus, ProjectFeedback, ProjectStatus
from tests.factories.projects import make_project

pytestmark = pytest.mark.django_db


def page_text(response):
    """The HTML of a response with entities decoded (&#x27; becomes ')."""
    return html_module.unescape(response.content.decode())


VALID = {
    "role": "Parent d'élève",
    "text": "Les menus sont enfin affichés à l'avance, et mon fils mange mieux.",
    "name": "Claire Dupont",
    "consent": "on",
}


@pytest.fixture
def deployed(somme, somme_cohort):
    return make_project(somme, "Cantine", status=ProjectStatus.DEPLOYE, cohort=somme_cohort)


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(
        "moderatrice", "moderatrice@example.org", "x", first_name="Nadia"
    )
    # The group may be created at any time (by the collectivité service): the project
    # bank's permissions come with it.
    group = Group.objects.create(name="Modérateurs EMI")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    assert user.has_perm("projects.change_projectfeedback")
    assert user.has_perm("projects.add_cohort")
    return user


def bulk_url(action, *feedback):
    url = reverse("wagtail_bulk_action", args=("projects", "projectfeedback", action))
    return url + "?" + "&".join(f"id={f.pk}" for f in feedback)


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (ProjectStatus.DEPLOYE, True),
        (ProjectStatus.EXPERIMENTATION, True),
        (ProjectStatus.PROPOSE, False),
        (ProjectStatus.RETENU, False),
        (ProjectStatus.NON_RETENU, False),
        (ProjectStatus.ABANDONNE, False),
    ],
)
def test_the_form_is_offered_on_deployed_and_experimented_projects_only(
    client, somme, somme_cohort, status, offered
):
    project = make_project(somme, status=status, cohort=somme_cohort)
    html = page_text(client.get(project.url))
    assert ('id="donner-mon-avis"' in html) is offered
    if not offered:
        response = client.post(project.url, VALID)
        assert response.status_code == 405
        assert not ProjectFeedback.objects.exists()


def test_a_valid_opinion_is_stored_pending_and_not_published(client, deployed):
    response = client.post(deployed.url, VALID)
    assert response.status_code == 302
    assert response["Location"] == f"{deployed.url}?avis=merci#donner-mon-avis"
    feedback = ProjectFeedback.objects.get()
    assert feedback.project_id == deployed.pk
    assert feedback.status == FeedbackStatus.PENDING
    assert (feedback.role, feedback.text, feedback.consent) == (VALID["role"], VALID["text"], True)
    assert feedback.show_name is False

    thanks = page_text(client.get(response["Location"]))
    assert "Merci, votre avis a bien été reçu" in thanks
    assert VALID["text"].split(",")[0] not in thanks


def test_errors_are_explained_in_french_and_keep_what_was_typed(client, deployed):
    data = {**VALID, "consent": "", "show_name": "on", "name": ""}
    response = client.post(deployed.url, data)
    assert response.status_code == 200
    html = page_text(response)
    assert "Votre avis n'a pas encore été envoyé" in html
    assert "Cochez cette case pour que nous puissions publier votre avis" in html
    assert "Indiquez votre nom, ou décochez la case" in html
    assert 'aria-describedby="id_consent_error"' in html or "id_consent_error" in html
    assert "Les menus sont enfin affichés" in html  # the text is still in the textarea
    assert 'value="Parent d\'élève"' in html
    assert not ProjectFeedback.objects.exists()


def test_a_too_short_opinion_is_refused(client, deployed):
    response = client.post(deployed.url, {**VALID, "text": "Bien"})
    assert "Votre avis est trop court" in page_text(response)
    assert not ProjectFeedback.objects.exists()


def test_bots_filling_the_honeypot_get_a_fake_success_and_nothing_is_kept(client, deployed):
    response = client.post(deployed.url, {**VALID, "site_web_confirmation": "http://spam"})
    assert response.status_code == 302
    assert not ProjectFeedback.objects.exists()


def test_moderators_approve_and_only_approved_opinions_are_published(client, deployed, moderator):
    approved = ProjectFeedback.objects.create(
        project=deployed, role="Usagère", text="Un service enfin simple à utiliser.", consent=True
    )
    rejected = ProjectFeedback.objects.create(
        project=deployed, role="Anonyme", text="Message hors sujet et insultant.", consent=True
    )
    client.force_login(moderator)
    listing = client.get(reverse(ProjectFeedback.snippet_viewset.get_url_name("list")))
    assert listing.status_code == 200
    assert "Un service enfin simple" in page_text(listing)

    confirm = client.get(bulk_url("approve_feedback", approved))
    assert confirm.status_code == 200
    assert "Approuvé (publié)" in page_text(confirm)
    assert client.post(bulk_url("approve_feedback", approved)).status_code == 302
    assert client.post(bulk_url("reject_feedback", rejected)).status_code == 302

    approved.refresh_from_db()
    rejected.refresh_from_db()
    assert approved.status == FeedbackStatus.APPROVED
    assert approved.moderated_by == moderator and approved.moderated_at is not None
    assert rejected.status == FeedbackStatus.REJECTED

    client.logout()
    html = page_text(client.get(deployed.url))
    assert "Un service enfin simple à utiliser." in html
    assert "Message hors sujet" not in html


def test_a_moderation_shows_on_the_next_visit_of_the_project(client, deployed, moderator):
    # Approved opinions are kept with the page until what it shows changes.
    feedback = ProjectFeedback.objects.create(
        project=deployed, role="Usager", text="Le guichet répond enfin vite.", consent=True
    )
    assert "Le guichet répond enfin vite." not in page_text(client.get(deployed.url))
    feedback.moderate(FeedbackStatus.APPROVED, user=moderator)
    assert "Le guichet répond enfin vite." in page_text(client.get(deployed.url))
    feedback.moderate(FeedbackStatus.REJECTED, user=moderator)
    assert "Le guichet répond enfin vite." not in page_text(client.get(deployed.url))


def test_identity_is_published_only_with_consent(client, deployed):
    ProjectFeedback.objects.create(
        project=deployed,
        role="Usager",
        text="Très pratique pour ma mère.",
        name="Jean Martin",
        show_name=False,
        consent=True,
        status=FeedbackStatus.APPROVED,
    )
    ProjectFeedback.objects.create(
        project=deployed,
        role="Agente d'accueil",
        text="Moins d'appels à traiter.",
        name="Aïcha Benali",
        show_name=True,
        consent=True,
        status=FeedbackStatus.APPROVED,
    )
    html = page_text(client.get(deployed.url))
    assert "Jean Martin" not in html
    assert "Usager, <time" in html
    assert "Aïcha Benali, Agente d'accueil" in html


def test_an_opinion_without_consent_can_never_be_approved(deployed, moderator, client):
    feedback = ProjectFeedback.objects.create(
        project=deployed, role="Usager", text="Ancien avis sans accord de publication."
    )
    client.force_login(moderator)
    client.post(bulk_url("approve_feedback", feedback))
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.PENDING
    edit_url = reverse(ProjectFeedback.snippet_viewset.get_url_name("edit"), args=[feedback.pk])
    response = client.post(edit_url, {"status": "approuve", "moderation_note": ""})
    assert response.status_code == 200
    assert "son auteur n'y a pas consenti" in page_text(response)
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.PENDING


def test_contributors_cannot_moderate(client, deployed, django_user_model):
    from django.contrib.auth.models import Permission

    contributors = Group.objects.create(name="Contributeurs — Somme")
    contributors.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=contributors,
        page=deployed.get_parent(),
        permission=Permission.objects.get(codename="change_page"),
    )
    user = django_user_model.objects.create_user("contrib", "c@example.org", "x")
    user.groups.add(contributors)
    feedback = ProjectFeedback.objects.create(
        project=deployed, role="Usager", text="Un avis à modérer.", consent=True
    )
    client.force_login(user)
    listing = client.get(reverse(ProjectFeedback.snippet_viewset.get_url_name("list")))
    assert listing.status_code in (302, 403)
    client.post(bulk_url("approve_feedback", feedback))
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.PENDING


def test_dashboard_tells_moderators_how_many_opinions_wait(client, deployed, moderator):
    ProjectFeedback.objects.create(
        project=deployed, role="Usager", text="En attente.", consent=True
    )
    client.force_login(moderator)
    html = page_text(client.get("/admin/"))
    assert "1 avis en attente de modération" in html


def test_moderation_listing_puts_waiting_opinions_first_and_offers_no_add(
    client, deployed, moderator
):
    ProjectFeedback.objects.create(
        project=deployed, role="Usager", text="Déjà publié.", consent=True, status="approuve"
    )
    ProjectFeedback.objects.create(
        project=deployed, role="Usager", text="Attend sa relecture.", consent=True
    )
    client.force_login(moderator)
    html = page_text(client.get(reverse(ProjectFeedback.snippet_viewset.get_url_name("list"))))
    assert html.index("Attend sa relecture.") < html.index("Déjà publié.")
    add_url = reverse(ProjectFeedback.snippet_viewset.get_url_name("add"))
    assert add_url not in html
    assert client.get(add_url).status_code != 200


def test_a_name_that_will_not_be_published_is_not_kept(client, deployed):
    client.post(deployed.url, {**VALID, "name": "Claire Dupont"})
    assert ProjectFeedback.objects.get().name == ""
    client.post(deployed.url, {**VALID, "name": "Claire Dupont", "show_name": "on"})
    assert ProjectFeedback.objects.filter(name="Claire Dupont", show_name=True).exists()


def test_refused_opinions_are_purged_after_six_months(deployed):
    now = timezone.now()
    old = ProjectFeedback.objects.create(
        project=deployed,
        role="Usager",
        text="Refusé il y a longtemps.",
        consent=True,
        status="refuse",
        moderated_at=now - timedelta(days=200),
    )
    recent = ProjectFeedback.objects.create(
        project=deployed,
        role="Usager",
        text="Refusé le mois dernier.",
        consent=True,
        status="refuse",
        moderated_at=now - timedelta(days=30),
    )
    published = ProjectFeedback.objects.create(
        project=deployed,
        role="Usager",
        text="Publié il y a longtemps.",
        consent=True,
        status="approuve",
        moderated_at=now - timedelta(days=900),
    )
    out = StringIO()
    call_command("purge_project_feedback", "--dry-run", stdout=out)
    assert "avis d'usagers refusés" in out.getvalue()
    assert ": 1 à supprimer" in out.getvalue()
    assert ProjectFeedback.objects.count() == 3
    call_command("purge_project_feedback", stdout=out)
    assert set(ProjectFeedback.objects.values_list("pk", flat=True)) == {recent.pk, published.pk}
    assert not ProjectFeedback.objects.filter(pk=old.pk).exists()
