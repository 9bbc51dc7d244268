"""Resource pages: what the model and the admin form refuse, video players, who may add.

Validation is asked of the real objects (a page added to the tree runs its full_clean)
and of the real Wagtail admin views, with Django's test client.
"""

import html
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
)

from alumni.library.video import PROVIDERS, video_embed
from alumni.models import ResourcePage
from cms.collectivities import ensure_collectivity_space, ensure_editorial_roles
from tests.cms.editorial import is_denied, make_user
from tests.factories.alumni import publish
from tests.factories.resources import build_library

pytestmark = pytest.mark.django_db

TRANSCRIPT_REQUIRED = (
    "Une conférence enregistrée doit avoir sa transcription sur la page, "
    "pour les personnes qui ne peuvent pas l'écouter."
)
COURSE_LINK_REQUIRED = "Indiquez l'adresse du cours en ligne."
UNKNOWN_HOST = "Hébergeur non reconnu"
KIT_WITHOUT_FILES = "Un kit rassemble des fichiers : ajoutez-en au moins un."


# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture
def library(home_page):
    """/ressources/ with the editorial roles and the alumni set-up, as the site runs them."""
    ensure_editorial_roles()
    return build_library(home_page, intro="Outils et kits.")


@pytest.fixture
def moderator(library):
    return make_user("moderatrice-ressources", library["moderators"])


@pytest.fixture
def admin_user(db):
    return make_user("admin-ressources", superuser=True)


def new_resource(**fields):
    values = {
        "title": "Une ressource",
        "slug": f"ressource-{uuid.uuid4().hex[:8]}",
        "resource_type": "fiche-outil",
        "summary": "Un résumé de la ressource.",
        "external_url": "https://formation.example.test/outil",
    }
    values.update(fields)
    return ResourcePage(**values)


def add_to_tree(index, page):
    """Add the page under the index: Wagtail runs full_clean() before saving."""
    index.add_child(instance=page)
    return page


# --- the model's own checks --------------------------------------------------------------


def test_a_conference_without_transcript_is_refused(library):
    talk = new_resource(
        resource_type="conference",
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        transcript="<p> </p>",
        external_url="",
    )
    with pytest.raises(ValidationError) as error:
        add_to_tree(library["index"], talk)
    assert error.value.message_dict["transcript"] == [TRANSCRIPT_REQUIRED]
    assert not ResourcePage.objects.exists()


def test_a_conference_without_video_is_refused(library):
    talk = new_resource(
        resource_type="conference",
        transcript="<p>Bonjour à toutes et à tous.</p>",
        external_url="",
    )
    with pytest.raises(ValidationError) as error:
        add_to_tree(library["index"], talk)
    assert error.value.message_dict["video_url"] == [
        "Indiquez l'adresse de la vidéo de la conférence."
    ]


def test_a_conference_with_transcript_and_youtube_video_is_accepted(library):
    talk = add_to_tree(
        library["index"],
        new_resource(
            title="Conférence : mesurer ce qui compte",
            resource_type="conference",
            video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            transcript="<p>Bonjour à toutes et à tous.</p>",
            external_url="",
        ),
    )
    talk.refresh_from_db()
    assert talk.video.provider == "YouTube"
    assert talk.video.embed_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"


def test_an_online_course_without_link_is_refused(library):
    course = new_resource(resource_type="cours-en-ligne", external_url="")
    with pytest.raises(ValidationError) as error:
        add_to_tree(library["index"], course)
    assert error.value.message_dict["external_url"] == [COURSE_LINK_REQUIRED]

    course.external_url = "https://formation.example.test/celo"
    add_to_tree(library["index"], course)
    assert ResourcePage.objects.get().external_url == "https://formation.example.test/celo"


@pytest.mark.parametrize(
    "address",
    [
        "https://peertube.example.test/w/abcdefgh",
        "https://www.example.com/watch?v=dQw4w9WgXcQ",
    ],
)
def test_a_video_on_an_unknown_host_is_refused(library, address):
    talk = new_resource(
        resource_type="conference",
        video_url=address,
        transcript="<p>Bonjour.</p>",
    )
    with pytest.raises(ValidationError) as error:
        add_to_tree(library["index"], talk)
    [message] = error.value.message_dict["video_url"]
    assert message.startswith(UNKNOWN_HOST)
    assert "YouTube, Vimeo ou Dailymotion" in message


# --- video players -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "provider", "embed_url", "watch_url"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
            "YouTube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ?si=partage",
            "YouTube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        (
            "  https://vimeo.com/76979871  ",
            "Vimeo",
            "https://player.vimeo.com/video/76979871",
            "https://vimeo.com/76979871",
        ),
        (
            "https://www.dailymotion.com/video/x8abcde_forum-de-l-innovation",
            "Dailymotion",
            "https://www.dailymotion.com/embed/video/x8abcde",
            "https://www.dailymotion.com/video/x8abcde",
        ),
        (
            "https://dai.ly/x8abcde",
            "Dailymotion",
            "https://www.dailymotion.com/embed/video/x8abcde",
            "https://www.dailymotion.com/video/x8abcde",
        ),
    ],
)
def test_video_embed_of_known_hosts(address, provider, embed_url, watch_url):
    video = video_embed(address)
    assert video is not None
    assert (video.provider, video.embed_url, video.watch_url) == (provider, embed_url, watch_url)


@pytest.mark.parametrize(
    "address",
    [
        "https://www.example.com/video/12345678",
        "https://www.youtube.com/watch?v=",
        "https://www.youtube.com/watch?v=%3Cscript%3E",
        "https://vimeo.com/equipe",
        "https://notyoutube.com/watch?v=dQw4w9WgXcQ",
        "https://www.fakedailymotion.com/video/x7tgad0",
        "javascript:alert(document.cookie)",
        "javascript://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "ftp://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "www.youtube.com/watch?v=dQw4w9WgXcQ",
        "",
        None,
    ],
)
def test_video_embed_refuses_what_it_does_not_recognise(address):
    assert video_embed(address) is None


def csp_directive(response, name):
    """The sources of one directive of the response's Content-Security-Policy."""
    for directive in response["Content-Security-Policy"].split(";"):
        words = directive.split()
        if words and words[0] == name:
            return words[1:]
    return None


@pytest.mark.parametrize(
    ("address", "origin"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com"),
        ("https://www.dailymotion.com/video/x8abcde", "https://www.dailymotion.com"),
    ],
)
def test_a_talk_page_lets_the_csp_frame_its_own_player_only(client, library, address, origin):
    talk = publish(
        library["index"],
        new_resource(
            title="Conférence enregistrée",
            resource_type="conference",
            video_url=address,
            transcript="<p>Bonjour à toutes et à tous.</p>",
        ),
    )
    assert talk.video.origin == origin
    response = client.get(talk.url)
    assert response.status_code == 200
    assert csp_directive(response, "frame-src") == [origin]
    # Its player alone may go fullscreen or picture-in-picture; the rest stays denied.
    policy = response["Permissions-Policy"]
    assert f'fullscreen=(self "{origin}")' in policy
    assert f'picture-in-picture=(self "{origin}")' in policy
    assert "camera=()" in policy and "autoplay=()" in policy
    # The player is only inserted on click: the page itself has no iframe.
    assert "<iframe" not in response.content.decode()
    assert talk.video.embed_url in response.content.decode()


def test_pages_without_a_video_keep_frame_src_none(client, library):
    sheet = publish(library["index"], new_resource(title="Fiche outil"))
    for url in (sheet.url, library["index"].url, "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert csp_directive(response, "frame-src") == ["'none'"], url
        assert "fullscreen=()" in response["Permissions-Policy"], url
        assert "picture-in-picture=()" in response["Permissions-Policy"], url


def test_every_provider_embeds_from_an_https_origin():
    for _name, _find, embed, _watch in PROVIDERS:
        assert embed.startswith("https://")


# --- the admin form ----------------------------------------------------------------------


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=("alumni", "resourcepage", index.pk))


def admin_form_data(client, index, *, files=(), **fields):
    """The admin's create form as a browser sends it, with the given values."""
    response = client.get(add_url(index))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    values = {
        "title": "Kit mesure d'impact",
        "slug": f"kit-{uuid.uuid4().hex[:8]}",
        "resource_type": "kit",
        "summary": "Le guide et la grille pour mesurer l'impact d'un projet.",
        "audience": "public",
        "body": rich_text("<p>Comment s'en servir.</p>"),
        "transcript": rich_text(""),
    }
    values.update(fields)
    values.update(
        nested_form_data(
            {
                "files": inline_formset(
                    [{"document": document.pk, "label": "", "id": ""} for document in files]
                )
            }
        )
    )
    for key, value in values.items():
        data[key] = value  # replaces what the GET form held (QueryDict.update appends)
    return data


def errors_of(response):
    """Every error message of the invalid admin form (fields and whole form)."""
    form = response.context["form"]
    return [message for messages in form.errors.values() for message in messages]


def page_text(response):
    return html.unescape(response.content.decode())


def test_admin_refuses_a_kit_without_files(client, library, admin_user):
    client.force_login(admin_user)
    data = admin_form_data(client, library["index"], resource_type="kit")
    data["action-publish"] = "1"
    response = client.post(add_url(library["index"]), data)
    assert response.status_code == 200
    assert KIT_WITHOUT_FILES in errors_of(response)
    assert KIT_WITHOUT_FILES in page_text(response)
    # What was typed is kept on the page.
    assert "Le guide et la grille pour mesurer l'impact d'un projet." in page_text(response)
    assert not ResourcePage.objects.exists()


def test_admin_refuses_a_conference_without_transcript(client, library, admin_user):
    client.force_login(admin_user)
    data = admin_form_data(
        client,
        library["index"],
        resource_type="conference",
        video_url="https://youtu.be/dQw4w9WgXcQ",
    )
    data["action-publish"] = "1"
    response = client.post(add_url(library["index"]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["transcript"] == [TRANSCRIPT_REQUIRED]
    assert TRANSCRIPT_REQUIRED in page_text(response)
    assert not ResourcePage.objects.exists()


def test_admin_refuses_a_members_only_resource_whose_file_is_public(
    client, library, admin_user, documents
):
    public_file = documents("Grille d'indicateurs", library["public_collection"])
    client.force_login(admin_user)
    data = admin_form_data(client, library["index"], audience="membres", files=[public_file])
    data["action-publish"] = "1"
    response = client.post(add_url(library["index"]), data)
    assert response.status_code == 200
    [message] = errors_of(response)
    assert "« Grille d'indicateurs »" in message
    assert "« Ressources de l'EMI », ouverte à tous" in message
    assert "« Ressources réservées aux membres »" in message
    assert not ResourcePage.objects.exists()


def test_admin_refuses_a_public_resource_whose_file_is_members_only(
    client, library, admin_user, documents
):
    members_file = documents("Guide réservé", library["members_collection"])
    client.force_login(admin_user)
    data = admin_form_data(client, library["index"], audience="public", files=[members_file])
    data["action-publish"] = "1"
    response = client.post(add_url(library["index"]), data)
    assert response.status_code == 200
    [message] = errors_of(response)
    assert "« Guide réservé »" in message
    assert "collection à accès restreint" in message
    assert not ResourcePage.objects.exists()


def test_admin_accepts_files_in_the_collection_matching_the_audience(
    client, library, admin_user, documents
):
    members_file = documents("Guide réservé", library["members_collection"])
    public_file = documents("Fiche publique", library["public_collection"])
    client.force_login(admin_user)
    for audience, document in (("membres", members_file), ("public", public_file)):
        data = admin_form_data(
            client, library["index"], audience=audience, files=[document], title=audience
        )
        data["action-publish"] = "1"
        response = client.post(add_url(library["index"]), data)
        assert response.status_code == 302, errors_of(response)
    kits = {page.audience: page for page in ResourcePage.objects.live()}
    assert [f.document for f in kits["membres"].files.all()] == [members_file]
    assert [f.document for f in kits["public"].files.all()] == [public_file]


def test_the_form_class_checks_files_without_a_request(library, admin_user, documents):
    """The same checks through the edit handler's form class (what the admin uses)."""
    public_file = documents("Fiche publique", library["public_collection"])
    form_class = ResourcePage.get_edit_handler().get_form_class()
    data = nested_form_data(
        {
            "title": "Fiche réservée",
            "slug": "fiche-reservee",
            "resource_type": "fiche-outil",
            "summary": "Un résumé.",
            "audience": "membres",
            "resource_date": "2025-03-01",
            "body": rich_text(""),
            "transcript": rich_text(""),
            "files": inline_formset([{"document": public_file.pk, "label": ""}]),
            "project_links": inline_formset([]),
        }
    )
    form = form_class(
        data, instance=ResourcePage(), parent_page=library["index"], for_user=admin_user
    )
    assert not form.is_valid()
    assert any("ouverte à tous" in message for message in form.non_field_errors())

    data["audience"] = "public"
    form = form_class(
        data, instance=ResourcePage(), parent_page=library["index"], for_user=admin_user
    )
    assert form.is_valid(), form.errors


# --- who may add a resource --------------------------------------------------------------


def test_an_emi_moderator_adds_and_publishes_a_resource(client, library, moderator, documents):
    module = library["design"]
    sheet = documents("Fiche parcours usager", library["public_collection"])
    client.force_login(moderator)
    data = admin_form_data(
        client,
        library["index"],
        title="Fiche outil : le parcours usager",
        resource_type="fiche-outil",
        files=[sheet],
        modules=str(module.pk),
        themes="accueil",
    )
    data["action-publish"] = "1"
    response = client.post(add_url(library["index"]), data)
    assert response.status_code == 302, errors_of(response)
    page = ResourcePage.objects.get()
    assert page.live
    assert page.get_parent().pk == library["index"].pk
    assert list(page.modules.all()) == [module]
    assert [theme.slug for theme in page.themes.all()] == ["accueil"]
    assert page.url.startswith("/ressources/")


def test_a_collectivity_contributor_cannot_add_a_resource(client, library, documents):
    space = ensure_collectivity_space("Ville de Beauvais", short_name="Beauvais")
    contributor = make_user("contributeur-beauvais", space.contributors_group)
    client.force_login(contributor)
    assert is_denied(client.get(add_url(library["index"])))

    sheet = documents("Fiche parcours usager", library["public_collection"])
    data = nested_form_data(
        {
            "title": "Ressource détournée",
            "slug": "ressource-detournee",
            "resource_type": "fiche-outil",
            "summary": "Un résumé.",
            "audience": "public",
            "resource_date": "2025-03-01",
            "body": rich_text(""),
            "transcript": rich_text(""),
            "files": inline_formset([{"document": sheet.pk, "label": ""}]),
            "project_links": inline_formset([]),
            "action-submit": "1",
        }
    )
    assert is_denied(client.post(add_url(library["index"]), data))
    assert not ResourcePage.objects.exists()


def test_documents_are_written_to_the_private_media_folder(library, documents):
    document = documents("Guide", library["public_collection"])
    path = Path(document.file.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
