"""Nothing unpublished is reachable from the public site (issue 12 §2).

A fresh story under review with a phone photo, and a document no page uses yet, asked
for through every address that could give them away, by each kind of visitor; then the
story approved (its image becomes public, as renditions only) and the document used by
a published page (public) or by a page under a members-only ancestor (still private).
"""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from PIL import Image
from wagtail.models import Page, PageViewRestriction, TaskState, WorkflowState

from alumni.models import ResourceFile, ResourceIndexPage, ResourcePage, StoryPage
from cms.collectivities import ensure_collectivity_space
from cms.models import CustomImage, CustomRendition
from tests.factories.alumni import (
    Client,
    committed,
    make_member,
    make_moderator,
    publish,
)
from tests.factories.cms import make_document

from .editorial import make_user

pytestmark = pytest.mark.django_db

UPLOAD_NAME = "IMG_20261130_vacances-equipe.jpg"
GPS_TAG = 0x8825
ORIENTATION_TAG = 0x0112


def phone_photo(size=(64, 40), orientation=6):
    """A JPEG as a phone writes it: EXIF orientation, GPS position, camera model."""
    image = Image.new("RGB", size, (200, 30, 30))
    for x in range(size[0] // 4):  # a mark in the top-left corner, to check the rotation
        for y in range(size[1] // 4):
            image.putpixel((x, y), (0, 0, 255))
    exif = Image.Exif()
    exif[ORIENTATION_TAG] = orientation
    exif[0x0110] = "Phone 12 Pro"  # Model
    exif[GPS_TAG] = {1: "N", 2: (49.0, 2.0, 10.0), 3: "E", 4: (2.0, 4.0, 5.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), quality=95)
    return buffer.getvalue()


def uploaded(name, content, content_type="image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def image_urls(html):
    """Every address of an uploaded image in the page: src and each srcset candidate."""
    urls = set(re.findall(r'<img[^>]*\ssrc="([^"]+)"', html))
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        urls.update(part.strip().split(" ")[0] for part in srcset.split(",") if part.strip())
    return {url for url in urls if not url.startswith(settings.STATIC_URL)}


@pytest.fixture(autouse=True)
def fresh_rendition_cache():
    """Wagtail caches renditions by image id and hash, which a rolled-back test reuses."""
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def story_world(alumni_site):
    space = ensure_collectivity_space("Ville de Beauvais", short_name="Beauvais")
    author = make_member("Inès", "Conteuse")
    world = {
        "site": alumni_site,
        "author": author,
        "moderator": make_moderator(),
        "other_member": make_member("Paul", "Voisin").user,
        "contributor": make_user("contributrice-beauvais", space.contributors_group),
    }
    client = Client()
    client.force_login(author.user)
    response = client.post(
        "/alumni/temoignages/proposer/",
        {
            "title": "Notre équipe a tout revu",
            "text": "Avant l'EMI, nous ne parlions jamais aux usagers.\n\nAujourd'hui, si.",
            "related_project": "",
            "image": uploaded(UPLOAD_NAME, phone_photo()),
            "image_alt": "L'équipe autour d'une table",
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    world["story"] = StoryPage.objects.get()
    world["image"] = world["story"].cover_image
    return world


def client_for(world, who):
    client = Client()
    if who != "anonymous":
        user = world[who]
        client.force_login(getattr(user, "user", user))
    return client


def draft_view(world):
    """The moderator's "view draft" of the story: the page as it will be published."""
    client = client_for(world, "moderator")
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[world["story"].pk]))
    assert response.status_code == 200
    return response.content.decode()


def media_paths(image):
    """Addresses under /media/ a web server could have served for this image."""
    names = [image.file.name, f"original_images/{UPLOAD_NAME}", UPLOAD_NAME]
    names += [r.file.name for r in image.renditions.all()]
    names += [f"images/{Path(r.file.name).name}" for r in image.renditions.all()]
    return names


def test_a_story_image_under_review_is_reachable_by_its_author_and_the_moderators_only(
    story_world,
):
    image = story_world["image"]
    assert not image.is_public
    # The original: private storage, a random name, nothing of the uploader's file name.
    private_root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    original = Path(image.file.path).resolve()
    assert original.is_relative_to(private_root)
    assert re.fullmatch(r"original_images/[0-9a-f]{32}\.jpg", image.file.name)
    assert "vacances" not in image.file.name and "IMG" not in image.file.name

    html = draft_view(story_world)
    urls = image_urls(html)
    assert urls, "the draft shows the image"
    assert all(url.startswith("/images-privees/") for url in urls), urls
    renditions = list(image.renditions.all())
    assert renditions
    for rendition in renditions:
        assert re.fullmatch(r"private-renditions/[0-9a-f]{32}\.(webp|jpg)", rendition.file.name)
        path = Path(rendition.file.path).resolve()
        assert path.is_relative_to(private_root) and path.is_file()
    # Nothing of the image under the public media folder, whatever its name.
    if media_root.exists():
        stems = {Path(r.file.name).stem for r in renditions} | {Path(image.file.name).stem}
        assert not [p for p in media_root.rglob("*") if any(s in p.name for s in stems)]

    for who in ("anonymous", "other_member", "contributor"):
        client = client_for(story_world, who)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (403, 404), (who, url)
            assert not body(response).startswith((b"RIFF", b"\xff\xd8"))
        for name in media_paths(image):
            assert client.get(settings.MEDIA_URL + name).status_code == 404, (who, name)

    for who in ("author", "moderator"):
        client = client_for(story_world, who)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (who, url)
            assert "private" in response["Cache-Control"]
            Image.open(io.BytesIO(body(response))).verify()

    # The author's own pages show it to them, through the same private addresses.
    author_client = client_for(story_world, "author")
    story = story_world["story"]
    assert story.url is None or author_client.get(story.url).status_code == 404


def approve(world):
    client = client_for(world, "moderator")
    story = world["story"]
    state = WorkflowState.objects.filter(object_id=str(story.pk)).order_by("-pk").first()
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(story.pk, "approve", state.current_task_state.pk),
    )
    response = client.post(url, {"comment": ""})
    assert response.status_code in (200, 302)
    story.refresh_from_db()
    assert story.live


def test_once_approved_the_public_page_serves_public_renditions_only(story_world):
    private_urls = image_urls(draft_view(story_world))
    approve(story_world)
    image = CustomImage.objects.get(pk=story_world["image"].pk)
    assert image.is_public
    # The renditions made while private are gone, files included.
    for url in private_urls:
        assert client_for(story_world, "author").get(url).status_code == 404
    assert not CustomRendition.objects.filter(
        image=image, file__startswith="private-renditions/"
    ).exists()

    response = client_for(story_world, "anonymous").get(story_world["story"].url)
    assert response.status_code == 200
    urls = image_urls(response.content.decode())
    assert urls
    media_root = Path(settings.MEDIA_ROOT).resolve()
    for url in urls:
        assert re.fullmatch(r"/media/images/[0-9a-f]{32}\.(webp|jpg)", url), url
        path = media_root / url.removeprefix(settings.MEDIA_URL)
        assert path.is_file()  # what the web server serves
        with Image.open(path) as rendition:
            assert not dict(rendition.getexif()), url
            assert "exif" not in rendition.info and "xmp" not in rendition.info
    # The original itself is still private.
    assert Path(image.file.path).resolve().is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert client_for(story_world, "anonymous").get(f"/media/{image.file.name}").status_code == 404


def test_a_story_sent_back_loses_its_renditions_and_a_withdrawn_one_its_image(story_world):
    draft_view(story_world)
    image = story_world["image"]
    rendition_paths = [Path(r.file.path) for r in image.renditions.all()]
    assert rendition_paths and all(p.is_file() for p in rendition_paths)
    story = story_world["story"]
    state = WorkflowState.objects.filter(object_id=str(story.pk)).order_by("-pk").first()
    client = client_for(story_world, "moderator")
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(story.pk, "reject", state.current_task_state.pk)
    )
    assert client.post(url, {"comment": "Ajoutez un exemple."}).status_code in (200, 302)
    assert TaskState.objects.filter(status=TaskState.STATUS_REJECTED).exists()
    assert not any(p.exists() for p in rendition_paths)
    assert not image.renditions.exists()
    # The original stays, for the author to resubmit with it.
    original = Path(image.file.path)
    assert original.is_file()

    # Withdrawn from moderation: the image and every file of it go.
    state = WorkflowState.objects.filter(object_id=str(story.pk)).order_by("-pk").first()
    with committed():
        state.cancel(user=story_world["moderator"])
    assert not CustomImage.objects.filter(pk=image.pk).exists()
    assert not original.exists()


def test_a_deleted_story_takes_its_image_files_with_it(story_world):
    draft_view(story_world)
    image = story_world["image"]
    paths = [Path(image.file.path)] + [Path(r.file.path) for r in image.renditions.all()]
    with committed():
        Page.objects.get(pk=story_world["story"].pk).delete()
    assert not CustomImage.objects.filter(pk=image.pk).exists()
    assert not any(p.exists() for p in paths)


# --- documents -------------------------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n% Grille de lecture des projets\n%%EOF\n"


@pytest.fixture
def doc_world(alumni_site):
    space = ensure_collectivity_space("Ville de Beauvais", short_name="Beauvais")
    other_space = ensure_collectivity_space("Ville de Cergy", short_name="Cergy")
    uploader = make_user("contributrice-beauvais", space.contributors_group)
    document = make_document("Grille de lecture", space.collection, PDF_BYTES, stem="grille")
    document.uploaded_by_user = uploader
    document.save()
    yield {
        "site": alumni_site,
        "document": document,
        "uploader": uploader,
        "moderator": make_moderator(),
        "other_contributor": make_user("contributeur-cergy", other_space.contributors_group),
        "member": make_member("Inès", "Martin").user,
    }
    document.file.storage.delete(document.file.name)


def resource_using(document, parent, slug):
    page = ResourcePage(
        title=f"Ressource {slug}",
        slug=slug,
        resource_type="fiche-outil",
        audience="public",
        summary="Une fiche pour relire un projet.",
    )
    page.files.add(ResourceFile(document=document, label="La grille", sort_order=0))
    return publish(parent, page)


def status_for(world, who):
    return client_for(world, who).get(world["document"].url)


def test_a_document_no_page_uses_is_served_to_its_uploader_and_the_moderators_only(doc_world):
    for who in ("anonymous", "other_contributor", "member"):
        response = status_for(doc_world, who)
        assert response.status_code == 404, who
        assert PDF_BYTES not in body(response)
    for who in ("uploader", "moderator"):
        response = status_for(doc_world, who)
        assert response.status_code == 200, who
        assert body(response) == PDF_BYTES


def test_a_published_page_makes_its_document_public(doc_world):
    index = publish(
        doc_world["site"].home, ResourceIndexPage(title="Ressources", slug="ressources")
    )
    page = resource_using(doc_world["document"], index, "grille")
    for who in ("anonymous", "other_contributor", "member"):
        response = status_for(doc_world, who)
        assert response.status_code == 200, who
        assert body(response) == PDF_BYTES
    # Unpublished again: private again.
    page.unpublish()
    assert status_for(doc_world, "anonymous").status_code == 404


def test_a_page_under_a_members_only_ancestor_does_not_make_it_public(doc_world):
    index = publish(
        doc_world["site"].home, ResourceIndexPage(title="Ressources", slug="ressources")
    )
    restriction = PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.LOGIN
    )
    resource_using(doc_world["document"], index, "grille")
    assert status_for(doc_world, "anonymous").status_code == 404
    # Who may read the restricted page may open what it uses.
    assert status_for(doc_world, "member").status_code == 200
    restriction.delete()
    assert status_for(doc_world, "anonymous").status_code == 200


def test_an_image_used_only_under_a_restricted_ancestor_stays_private(story_world):
    home = story_world["site"].home
    image = story_world["image"]
    from home.models import StandardPage

    page = StandardPage(title="Réservée", slug="reservee")
    home.add_child(instance=page)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    page.body = [("image", {"image": image, "caption": ""})]
    page.save_revision().publish()
    image.refresh_from_db()
    assert not image.is_public


# --- the API ---------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_the_api_has_no_images_nor_documents_endpoint(client, story_world, endpoint):
    assert client.get(f"/api/v2/{endpoint}/").status_code == 404
    assert client.get(f"/api/v2/{endpoint}/{story_world['image'].pk}/").status_code == 404


def test_the_api_gives_a_published_story_image_as_a_public_rendition(client, story_world):
    approve(story_world)
    response = client.get(f"/api/v2/pages/{story_world['story'].pk}/")
    assert response.status_code == 200
    image = response.json()["image"]
    assert image["url"].startswith("/media/images/")
    assert "original_images" not in response.content.decode()


def test_the_command_puts_right_an_image_marked_public_by_mistake(story_world):
    from django.core.management import call_command

    image = story_world["image"]
    CustomImage.objects.filter(pk=image.pk).update(is_public=True)
    out = io.StringIO()
    call_command("refresh_file_publicity", stdout=out)
    assert "1 redevenue(s) privée(s)" in out.getvalue()
    assert not CustomImage.objects.get(pk=image.pk).is_public
