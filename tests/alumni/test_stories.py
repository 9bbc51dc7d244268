"""Stories: submitted on the site, moderated in the real admin, followed on "Mon profil"."""

import datetime
import io

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from PIL import Image
from wagtail.models import TaskState, WorkflowState

from alumni.models import StoryPage
from alumni.setup import REVIEW_TASK_NAME, STORIES_COLLECTION_NAME, WORKFLOW_NAME
from alumni.stories import STORIES_PER_HOUR
from cms.models import CustomImage
from tests.factories.alumni import (
    Client,
    image_upload,
    login,
    make_member,
    make_moderator,
    make_user,
)

SUBMIT = "/alumni/temoignages/proposer/"
CONSENT = "on"


@pytest.fixture
def author(alumni_site):
    return make_member("Inès", "Conteuse")


@pytest.fixture
def author_client(author):
    client = Client()
    login(client, author)
    return client


@pytest.fixture
def moderator(alumni_site):
    return make_moderator()


@pytest.fixture
def moderator_client(moderator):
    client = Client()
    login(client, moderator)
    return client


def submit(client, **overrides):
    data = {
        "title": "Ce que l'EMI a changé dans mon service",
        "text": "Avant l'EMI, nous ne parlions jamais aux usagers.\n\nAujourd'hui, si.",
        "related_project": "",
        "image_alt": "",
        "consent": CONSENT,
    }
    data.update(overrides)
    return client.post(SUBMIT, data)


def workflow_state_of(page):
    return (
        WorkflowState.objects.filter(base_content_type__model="page", object_id=str(page.pk))
        .order_by("-pk")
        .first()
    )


def admin_action(client, page, action, comment=""):
    """What the moderator's buttons post in the admin (Approve / Request changes)."""
    state = workflow_state_of(page)
    task_state = state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client.post(url, {"comment": comment})


def emails_to(address):
    return [message for message in mail.outbox if address in message.to]


# --- submission ------------------------------------------------------------------------


def test_a_story_becomes_a_draft_owned_by_its_author_in_moderation(
    author, author_client, moderator
):
    mail.outbox.clear()
    response = submit(author_client)
    assert response.status_code == 302
    assert response.url == "/alumni/mon-profil/#temoignages"

    story = StoryPage.objects.get()
    assert not story.live
    assert story.owner == author.user
    assert story.author == author
    assert story.publication_consent_at is not None
    assert story.get_parent().url == "/alumni/temoignages/"
    state = workflow_state_of(story)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == WORKFLOW_NAME
    task = state.current_task_state.task.specific
    assert task.name == REVIEW_TASK_NAME
    assert [group.name for group in task.groups.all()] == ["Modérateurs EMI"]

    # Moderators are told (Wagtail's notification); the author gets the site's email.
    assert emails_to(moderator.email)
    to_author = emails_to(author.contact_email)
    assert len(to_author) == 1
    assert "http://127.0.0.1:8000/alumni/mon-profil/" in to_author[0].body
    assert "/admin/" not in to_author[0].body

    page = author_client.get("/alumni/mon-profil/").content.decode()
    assert "En attente de relecture" in page
    assert escape(story.title) in page


def test_the_text_keeps_only_paragraphs_lists_links_and_emphasis(author_client, alumni_site):
    text = (
        "## Un titre\n\n"
        "Un **mot fort**, un *mot penché* et [un lien](https://www.valdoise.fr/).\n\n"
        "- premier point\n- second point\n\n"
        "1. un\n2. deux\n\n"
        "<script>alert('piratage')</script>\n\n"
        '<img src="x" onerror="alert(1)"> ![image](https://exemple.org/a.png)\n\n'
        "[piège](javascript:alert(2))"
    )
    response = submit(author_client, text=text)
    assert response.status_code == 302
    body = StoryPage.objects.get().body
    for kept in (
        "<b>mot fort</b>",
        "<i>mot penché</i>",
        '<a href="https://www.valdoise.fr/">un lien</a>',
        "<ul><li>premier point</li><li>second point</li></ul>",
        "<ol><li>un</li><li>deux</li></ol>",
        "Un titre",  # the words of the heading stay, as a paragraph's text
    ):
        assert kept in body
    for dropped in ("<h2", "<script", "<img", "<embed", "onerror", "javascript:"):
        assert dropped not in body
    follow = author_client.get(response.url).content.decode()
    assert "ont été retirées" in follow
    assert "titres" in follow and "images" in follow


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            image_upload("notes.png", content=b"Ceci n'est pas une image."),
            "Ce fichier n'est pas une image lisible",
        ),
        (
            image_upload(
                "dessin.svg",
                content=b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
            ),
            "Ce format de fichier n'est pas accepté",
        ),
        (image_upload("photo.jpg", fmt="PNG"), "ne correspond pas à son extension"),
    ],
    ids=["pas-une-image", "svg", "extension-trompeuse"],
)
def test_a_wrong_image_is_refused_in_french_and_the_text_is_kept(
    author_client, alumni_site, upload, message
):
    response = author_client.post(
        SUBMIT,
        {
            "title": "Mon titre à garder",
            "text": "Un texte long que je ne veux surtout pas retaper.",
            "image": upload,
            "image_alt": "Une équipe autour d'une table",
            "consent": CONSENT,
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert escape(message) in content
    assert "Votre texte est conservé" in content
    assert 'value="Mon titre à garder"' in content
    assert "Un texte long que je ne veux surtout pas retaper." in content
    assert 'value="Une équipe autour d&#x27;une table"' in content
    assert not StoryPage.objects.exists()
    assert not CustomImage.objects.exists()


@override_settings(EMI_STORY_IMAGE_MAX_SIZE=20 * 1024)
def test_a_too_large_image_is_refused_and_the_text_is_kept(author_client, alumni_site):
    buffer = io.BytesIO()
    Image.effect_noise((200, 200), 100).convert("RGB").save(buffer, "PNG")
    assert buffer.tell() > 20 * 1024
    response = author_client.post(
        SUBMIT,
        {
            "title": "Titre",
            "text": "Un texte long que je ne veux surtout pas retaper.",
            "image": image_upload("grande.png", content=buffer.getvalue()),
            "image_alt": "Du bruit",
            "consent": CONSENT,
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Cette image est trop lourde" in content
    assert "20 Ko au plus. Réduisez-la" in content  # the message, not only the help text
    assert "Un texte long que je ne veux surtout pas retaper." in content
    assert not StoryPage.objects.exists()


def test_an_image_needs_its_alternative_text_and_is_kept_with_it(author, author_client):
    response = submit(author_client, image=image_upload(), image_alt="")
    assert response.status_code == 200
    assert escape("Décrivez l'image en quelques mots") in response.content.decode()
    assert not StoryPage.objects.exists()

    response = submit(author_client, image=image_upload(), image_alt="L'équipe du projet")
    assert response.status_code == 302
    story = StoryPage.objects.get()
    assert story.cover_image.alt_text == "L'équipe du projet"
    assert story.cover_image.collection.name == STORIES_COLLECTION_NAME
    assert story.cover_image.uploaded_by_user == author.user


def test_consent_to_publication_is_required(author_client, alumni_site):
    response = submit(author_client, consent="")
    assert response.status_code == 200
    assert "Cochez cette case pour que votre témoignage soit publié" in response.content.decode()
    assert not StoryPage.objects.exists()


# --- rate limit ------------------------------------------------------------------------


def test_no_more_than_five_stories_an_hour(author, author_client):
    for number in range(STORIES_PER_HOUR):
        assert submit(author_client, title=f"Témoignage {number}").status_code == 302
    response = submit(author_client, title="Un de trop", text="Un texte que je garde bien.")
    assert response.status_code == 429
    content = response.content.decode()
    assert "5 témoignages en une heure" in content
    assert "Un texte que je garde bien." in content
    assert StoryPage.objects.count() == STORIES_PER_HOUR


def test_the_limit_is_counted_in_the_database(author, author_client):
    """Stories recorded by any process count; older than an hour, they no longer do."""
    index = StoryPage.objects.none()
    from alumni.stories import story_index

    index = story_index()
    now = timezone.now()
    for number in range(STORIES_PER_HOUR):
        index.add_child(
            instance=StoryPage(
                title=f"Ailleurs {number}",
                slug=f"ailleurs-{number}",
                body="<p>Texte.</p>",
                owner=author.user,
                author=author,
                live=False,
                created_at=now - datetime.timedelta(minutes=50),
            )
        )
    assert submit(author_client).status_code == 429
    StoryPage.objects.update(created_at=now - datetime.timedelta(minutes=61))
    assert submit(author_client).status_code == 302


# --- who may submit --------------------------------------------------------------------


def test_only_members_submit_stories(alumni_site):
    response = Client().get(SUBMIT)
    assert response.status_code == 302
    assert response.url.startswith("/alumni/connexion/?next=")
    outsider = Client()
    login(outsider, make_user())
    assert outsider.get(SUBMIT).status_code == 403
    assert outsider.post(SUBMIT, {"title": "x"}).status_code == 403
    assert not StoryPage.objects.exists()


# --- moderation in the real admin ------------------------------------------------------


def test_a_moderator_approves_in_the_admin_and_the_story_is_public(
    author, author_client, moderator_client
):
    submit(author_client, title="Un accueil transformé")
    story = StoryPage.objects.get()
    # Unpublished: nobody sees it on the site yet.
    assert Client().get("/alumni/temoignages/un-accueil-transforme/").status_code == 404
    mail.outbox.clear()

    response = admin_action(moderator_client, story, "approve")
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.live
    assert workflow_state_of(story).status == WorkflowState.STATUS_APPROVED

    public = Client().get(story.url)
    assert public.status_code == 200
    assert "Un accueil transformé" in public.content.decode()
    assert "Inès Conteuse" in public.content.decode()
    assert "Un accueil transformé" in Client().get("/alumni/temoignages/").content.decode()

    to_author = emails_to(author.contact_email)
    assert len(to_author) == 1
    assert "est publié" in to_author[0].subject
    assert f"http://127.0.0.1:8000{story.url}" in to_author[0].body
    assert "/alumni/mon-profil/" in to_author[0].body
    assert "/admin/" not in to_author[0].body
    assert "Publié" in author_client.get("/alumni/mon-profil/").content.decode()


def test_a_story_sent_back_is_edited_and_resubmitted_in_the_same_workflow(
    author, author_client, moderator, moderator_client
):
    submit(author_client, title="Premier jet", text="Un texte à **revoir** un peu.")
    story = StoryPage.objects.get()
    state = workflow_state_of(story)
    mail.outbox.clear()

    comment = "Merci ! Pouvez-vous préciser le nom du projet et sa promotion ?"
    assert admin_action(moderator_client, story, "reject", comment).status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    to_author = emails_to(author.contact_email)
    assert len(to_author) == 1
    assert comment in to_author[0].body
    assert "http://127.0.0.1:8000/alumni/mon-profil/" in to_author[0].body
    assert "/admin/" not in to_author[0].body

    profile_page = author_client.get("/alumni/mon-profil/").content.decode()
    assert "Renvoyé pour modification" in profile_page
    assert "préciser le nom du projet" in profile_page
    edit_url = f"/alumni/temoignages/{story.pk}/modifier/"
    assert edit_url in profile_page

    form = author_client.get(edit_url).content.decode()
    assert 'value="Premier jet"' in form
    assert "Un texte à **revoir** un peu." in form
    mail.outbox.clear()
    response = author_client.post(
        edit_url,
        {"title": "Second jet", "text": "Un texte **revu**, avec le projet.", "image_alt": ""},
    )
    assert response.status_code == 302

    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS  # the same workflow resumed
    assert WorkflowState.objects.filter(object_id=str(story.pk)).count() == 1
    assert state.current_task_state.status == TaskState.STATUS_IN_PROGRESS
    story.refresh_from_db()
    latest = story.get_latest_revision_as_object()
    assert latest.title == "Second jet"
    assert "<b>revu</b>" in latest.body
    assert emails_to(moderator.email)  # told again
    assert "En attente de relecture" in author_client.get("/alumni/mon-profil/").content.decode()

    # A story in review cannot be changed from the site.
    assert author_client.get(edit_url).status_code == 302
    admin_action(moderator_client, story, "approve")
    story.refresh_from_db()
    assert story.live and story.title == "Second jet"


def test_the_author_never_receives_an_email_pointing_to_the_admin(
    author, author_client, moderator_client
):
    mail.outbox.clear()
    submit(author_client)
    story = StoryPage.objects.get()
    admin_action(moderator_client, story, "reject", "À reprendre.")
    author_client.post(
        f"/alumni/temoignages/{story.pk}/modifier/",
        {"title": "Repris", "text": "Un texte repris entièrement.", "image_alt": ""},
    )
    admin_action(moderator_client, story, "approve")
    received = emails_to(author.contact_email) + emails_to(author.user.email)
    assert len(received) >= 4  # received, sent back, resubmitted, published
    for message in received:
        assert "/admin/" not in message.body


def test_alumni_cannot_open_the_admin(author_client, alumni_site):
    response = author_client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_someone_elses_story_cannot_be_edited(author, author_client, alumni_site):
    submit(author_client)
    story = StoryPage.objects.get()
    other = Client()
    login(other, make_member("Autre", "Personne"))
    assert other.get(f"/alumni/temoignages/{story.pk}/modifier/").status_code == 404
