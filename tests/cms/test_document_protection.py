"""Members-only documents: served by Wagtail's serve view to members only, never by /media/.

A document of the collection "Ressources réservées aux membres" (alumni.setup) and one of
a public collection, asked for by each kind of visitor through every address that could
give the file away.
"""

import html as html_module
import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.test import RequestFactory
from django.utils import translation
from django.views.static import serve as static_serve

from alumni.models import ResourceFile, ResourceIndexPage, ResourcePage
from alumni.setup import ensure_alumni_setup, members_collection
from cms.collectivities import ensure_collectivity_space
from tests.factories.alumni import make_member, publish
from tests.factories.cms import make_document
from tests.factories.resources import public_collection
from tests.factories.site import build_indexes

from .editorial import make_user

pytestmark = pytest.mark.django_db

MEMBERS_BYTES = (
    b"%PDF-1.4\n% Kit mesure d'impact : reserve aux membres\n" + b"0" * 3000 + b"\n%%EOF\n"
)
PUBLIC_BYTES = b"%PDF-1.4\n% Fiche parcours usager : tout public\n%%EOF\n"


@pytest.fixture
def world(home_page):
    build_indexes(home_page)
    setup = ensure_alumni_setup()
    restricted = members_collection()
    public = public_collection()
    members_doc = make_document("Kit mesure d'impact", restricted, MEMBERS_BYTES, stem="kit-impact")
    public_doc = make_document("Fiche parcours usager", public, PUBLIC_BYTES, stem="fiche-parcours")
    space = ensure_collectivity_space("Ville de Beauvais", short_name="Beauvais")
    # A document is public once a live public page uses it (cms.publicity).
    resources = publish(home_page, ResourceIndexPage(title="Ressources", slug="ressources"))
    sheet = ResourcePage(
        title="Fiche parcours usager",
        slug="fiche-parcours-usager",
        resource_type="fiche-outil",
        audience="public",
        summary="La fiche pour dessiner le parcours d'un usager.",
    )
    sheet.files.add(ResourceFile(document=public_doc, label="La fiche", sort_order=0))
    publish(resources, sheet)
    yield {
        "resources": resources,
        "members_doc": members_doc,
        "public_doc": public_doc,
        "contributor": make_user("contributrice-beauvais", space.contributors_group),
        "member": make_member("Inès", "Martin").user,
        "moderator": make_user("moderatrice", setup.moderators_group),
        "admin": make_user("admin", superuser=True),
        "home": home_page,
    }
    for document in (members_doc, public_doc):
        document.file.storage.delete(document.file.name)


def as_visitor(client, world, who):
    if who != "anonymous":
        client.force_login(world[who])
    return client


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def page_text(response):
    return html_module.unescape(response.content.decode())


# --- the serve view --------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_the_alumni_login(client, world):
    document = world["members_doc"]
    assert document.url == f"/documents/{document.pk}/{document.filename}"
    response = client.get(document.url)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/alumni/connexion/"
    assert parse_qs(location.query)["next"] == [document.url]
    assert MEMBERS_BYTES not in body(response)

    followed = client.get(document.url, follow=True)
    assert followed.status_code == 200
    assert MEMBERS_BYTES not in followed.content


def test_a_logged_in_contributor_gets_a_403_page_not_the_file(client, world):
    document = world["members_doc"]
    as_visitor(client, world, "contributor")
    response = client.get(document.url)
    assert response.status_code == 403
    text = page_text(response)
    assert "réservé aux membres" in text
    assert "Kit mesure d'impact" in text
    assert "contributrice-beauvais" in text  # who they are logged in as
    assert "/alumni/connexion/?next=" in text
    assert MEMBERS_BYTES not in response.content
    assert b"Kit mesure d'impact : reserve" not in response.content


@pytest.mark.parametrize("who", ["member", "moderator", "admin"])
def test_members_and_moderators_download_the_exact_file(client, world, who):
    document = world["members_doc"]
    as_visitor(client, world, who)
    response = client.get(document.url)
    assert response.status_code == 200
    assert body(response) == MEMBERS_BYTES
    assert response["Content-Disposition"].endswith(f'filename="{document.filename}"')


@pytest.mark.parametrize("who", ["anonymous", "contributor", "member"])
def test_the_public_document_is_served_to_everyone(client, world, who):
    as_visitor(client, world, who)
    response = client.get(world["public_doc"].url)
    assert response.status_code == 200
    assert body(response) == PUBLIC_BYTES


@pytest.mark.parametrize("who", ["anonymous", "contributor", "member"])
@pytest.mark.parametrize("document", ["members_doc", "public_doc"])
def test_document_responses_are_never_kept_by_a_shared_cache(client, world, who, document):
    as_visitor(client, world, who)
    response = client.get(world[document].url)
    assert response.status_code in (200, 302, 403)
    cache_control = [part.strip() for part in response["Cache-Control"].split(",")]
    assert "private" in cache_control
    assert "public" not in cache_control
    assert "Cookie" in response["Vary"]


def test_a_wrong_file_name_in_the_address_serves_nothing(client, world):
    document = world["members_doc"]
    as_visitor(client, world, "member")
    response = client.get(f"/documents/{document.pk}/autre-nom.pdf")
    assert response.status_code == 404
    assert MEMBERS_BYTES not in body(response)


# --- no /media/ address ------------------------------------------------------------------


def media_addresses(document):
    return [
        settings.MEDIA_URL + document.file.name,
        f"{settings.MEDIA_URL}documents/{Path(document.file.name).name}",
        f"{settings.MEDIA_URL}{Path(document.file.name).name}",
    ]


@pytest.mark.parametrize("who", ["anonymous", "contributor", "member", "moderator"])
@pytest.mark.parametrize("debug", [False, True])
def test_no_media_address_serves_a_document(client, world, settings, who, debug):
    settings.DEBUG = debug
    as_visitor(client, world, who)
    for key, content in (("members_doc", MEMBERS_BYTES), ("public_doc", PUBLIC_BYTES)):
        for address in media_addresses(world[key]):
            response = client.get(address)
            assert response.status_code == 404, address
            assert content not in body(response)


def test_document_files_live_outside_the_media_folder(world):
    private_root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    assert not private_root.is_relative_to(media_root)
    for key in ("members_doc", "public_doc"):
        document = world[key]
        path = Path(document.file.path).resolve()
        assert path.is_relative_to(private_root)
        assert not path.is_relative_to(media_root)
        assert path.read_bytes() in (MEMBERS_BYTES, PUBLIC_BYTES)
        if media_root.exists():
            assert not list(media_root.rglob(path.name))
        # The storage gives no public address at all.
        with pytest.raises(NotImplementedError):
            _ = document.file.url


def test_the_debug_media_route_cannot_reach_a_document(world, settings):
    """What `static(MEDIA_URL, document_root=MEDIA_ROOT)` serves when DEBUG is on."""
    settings.DEBUG = True
    request = RequestFactory().get("/media/")
    for key in ("members_doc", "public_doc"):
        name = world[key].file.name
        for path in (name, f"documents/{Path(name).name}", Path(name).name):
            with pytest.raises(Http404):
                static_serve(request, path, document_root=settings.MEDIA_ROOT)
        # Climbing out of the media folder to the private one is refused too.
        climb = os.path.relpath(world[key].file.path, settings.MEDIA_ROOT)
        assert climb.startswith("..")
        with pytest.raises((Http404, SuspiciousFileOperation)):
            static_serve(request, climb, document_root=settings.MEDIA_ROOT)


# --- the API ---------------------------------------------------------------------------


def test_the_api_lists_no_documents_at_all(client, world):
    """The documents endpoint is gone: it listed every file, used by a page or not."""
    response = client.get("/api/v2/documents/")
    assert response.status_code == 404
    assert client.get(f"/api/v2/documents/{world['members_doc'].pk}/").status_code == 404
    assert MEMBERS_BYTES not in response.content


# --- the resource page ---------------------------------------------------------------------


@pytest.fixture
def members_kit(world):
    index = world["resources"]
    kit = ResourcePage(
        title="Kit mesure d'impact",
        slug="kit-mesure-d-impact",
        resource_type="kit",
        audience="membres",
        summary="Le guide et la grille d'indicateurs pour mesurer l'impact d'un projet.",
    )
    kit.files.add(ResourceFile(document=world["members_doc"], label="Le guide", sort_order=0))
    return publish(index, kit)


def size_label(document):
    with translation.override(settings.LANGUAGE_CODE):
        return filesizeformat(document.file_size)


def test_an_anonymous_visitor_sees_the_mark_and_a_login_link_but_no_file_link(
    client, world, members_kit
):
    response = client.get(members_kit.url)
    assert response.status_code == 200
    text = page_text(response)
    assert "Réservé aux membres" in text
    assert "Se connecter" in text
    assert f'href="/alumni/connexion/?next={members_kit.url.replace("/", "%2F")}"' in text
    assert 'href="/documents/' not in text
    assert world["members_doc"].url not in text
    # What the kit holds is described, so that the visitor knows what logging in gives.
    assert "Le guide" in text
    assert "PDF" in text


def test_a_contributor_is_told_their_account_is_not_a_member_account(client, world, members_kit):
    as_visitor(client, world, "contributor")
    text = page_text(client.get(members_kit.url))
    assert "Réservé aux membres" in text
    assert 'href="/documents/' not in text


@pytest.mark.parametrize("who", ["member", "moderator"])
def test_a_member_sees_the_download_links_with_format_and_size(client, world, members_kit, who):
    document = world["members_doc"]
    assert document.file_size == len(MEMBERS_BYTES)
    as_visitor(client, world, who)
    response = client.get(members_kit.url)
    assert response.status_code == 200
    text = page_text(response)
    assert f'href="{document.url}"' in text
    assert "Le guide" in text
    assert "PDF" in text
    assert size_label(document) in text
    assert "Se connecter pour télécharger" not in text
    # The link works for them.
    assert body(client.get(document.url)) == MEMBERS_BYTES
