"""Uploads are what they claim to be (issue 12 §5).

Images, in the admin's image form and the alumni story form alike: too many pixels, SVG,
a script disguised as a PNG, a polyglot, a phone photo with EXIF orientation and GPS.
Documents in the admin's document form: a disguised HTML file, an SVG, a 30 MB file,
text files with markup; and how accepted ones are served.
"""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from PIL import Image
from wagtail.models import Collection

from alumni.models import StoryPage
from cms.models import CustomDocument, CustomImage
from tests.factories.alumni import make_member

from .editorial import make_user
from .test_private_files import GPS_TAG, ORIENTATION_TAG, phone_photo

pytestmark = pytest.mark.django_db

POLYGLOT_PAYLOAD = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.domain)</script></svg>"
)


def huge_png():
    """121 megapixels, a few kilobytes: a 1-bit PNG of 11000 x 11000."""
    buffer = io.BytesIO()
    Image.new("1", (11000, 11000)).save(buffer, "PNG")
    return buffer.getvalue()


def truncated_png():
    buffer = io.BytesIO()
    Image.effect_noise((200, 200), 80).save(buffer, "PNG")
    return buffer.getvalue()[:600]


def jpeg(size=(60, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_user("administratrice", superuser=True))
    return client


def post_image(client, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Photo de l'atelier à garder",
            "file": upload(name, content),
            "collection": Collection.get_first_root_node().pk,
            "alt_text": "Des agents autour d'une table",
            "tags": "",
        },
    )


def assert_refused_in_french(response, message):
    assert response.status_code == 200
    text = response.content.decode()
    assert escape(message) in text, text[:3000]
    assert "nombre inconnu" not in text
    # What was typed is kept.
    assert escape("Photo de l'atelier à garder") in text
    assert escape("Des agents autour d'une table") in text
    assert not CustomImage.objects.exists()


# --- images, in the admin --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan-du-site.png", huge_png(), "Cette image est trop grande (121 millions de pixels"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
            "Ce format de fichier n'est pas accepté",
        ),
        ("photo.png", SVG_SCRIPT, "ne correspond pas à son extension (.png, mais contenu svg)"),
        ("anime.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "Ce format de fichier n'est pas"),
        ("coupee.png", truncated_png(), "pas une image lisible"),
    ],
    ids=["121-megapixels", "svg", "svg-script-renamed-png", "gif", "truncated"],
)
def test_the_admin_refuses_what_is_not_an_accepted_image(admin_client, name, content, message):
    assert_refused_in_french(post_image(admin_client, name, content), message)


def test_a_limit_past_pillow_s_own_is_still_said_with_figures(admin_client, settings):
    """Past twice Pillow's limit Wagtail says "nombre inconnu pixels": not here."""
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
    buffer = io.BytesIO()
    Image.new("1", (20000, 10000)).save(buffer, "PNG")
    response = post_image(admin_client, "immense.png", buffer.getvalue())
    assert_refused_in_french(response, "Cette image est trop grande")
    assert "40 millions au plus" in response.content.decode()


def test_a_polyglot_is_stored_as_an_image_only(admin_client):
    content = jpeg() + POLYGLOT_PAYLOAD
    response = post_image(admin_client, "affiche.jpg", content)
    assert response.status_code == 302, response.content.decode()[:2000]
    image = CustomImage.objects.get()
    with image.file.open("rb") as handle:
        stored = handle.read()
    assert b"<script" not in stored and b"<html" not in stored
    assert stored.startswith(b"\xff\xd8")
    assert image.file_size == len(stored)


def test_a_phone_photo_is_stored_upright_and_without_its_position(admin_client):
    response = post_image(admin_client, "IMG_0001.jpg", phone_photo(size=(64, 40)))
    assert response.status_code == 302, response.content.decode()[:2000]
    image = CustomImage.objects.get()
    # EXIF orientation 6 (rotate 90° clockwise): the stored pixels are turned already.
    assert (image.width, image.height) == (40, 64)
    with image.file.open("rb") as handle, Image.open(handle) as stored:
        exif = stored.getexif()
        assert not dict(exif)
        assert GPS_TAG not in exif and ORIENTATION_TAG not in exif
        assert stored.size == (40, 64)
        # The blue mark of the top-left corner is now top-right.
        assert stored.convert("RGB").getpixel((36, 2))[2] > 200
    for spec in ("max-30x30", "width-20|format-webp", "fill-10x10|format-jpeg"):
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as handle, Image.open(handle) as made:
            assert not dict(made.getexif()), spec
            assert "exif" not in made.info


def test_images_saved_by_code_are_cleaned_too(db):
    """The demo loader and scripts do not go through a form: the model re-encodes."""
    image = CustomImage(
        title="Script",
        alt_text="Une photo",
        file=upload("IMG_0002.jpg", phone_photo(size=(64, 40)) + POLYGLOT_PAYLOAD),
    )
    image.save()
    with image.file.open("rb") as handle:
        stored = handle.read()
    assert POLYGLOT_PAYLOAD not in stored
    with Image.open(io.BytesIO(stored)) as reopened:
        assert not dict(reopened.getexif())
        assert reopened.size == (40, 64)


# --- images, in the story form ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.png", huge_png(), "Cette image est trop grande (121 millions de pixels"),
        ("photo.png", SVG_SCRIPT, "ne correspond pas à son extension (.png, mais contenu svg)"),
    ],
    ids=["121-megapixels", "svg-script-renamed-png"],
)
def test_the_story_form_refuses_them_too_and_keeps_the_text(
    client, alumni_site, name, content, message
):
    client.force_login(make_member("Inès", "Conteuse").user)
    response = client.post(
        "/alumni/temoignages/proposer/",
        {
            "title": "Mon titre à garder",
            "text": "Un texte long que je ne veux surtout pas retaper.",
            "image": upload(name, content),
            "image_alt": "Une équipe",
            "consent": "on",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert escape(message) in text
    assert "nombre inconnu" not in text
    assert 'value="Mon titre à garder"' in text
    assert "Un texte long que je ne veux surtout pas retaper." in text
    assert not StoryPage.objects.exists()
    assert not CustomImage.objects.exists()


# --- documents ---------------------------------------------------------------------------


def post_document(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Compte rendu à garder",
            "file": upload(name, content),
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
        },
    )


def office_file(main_part):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<document/>")
    return buffer.getvalue()


def spreadsheet():
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Indicateur"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "rapport.pdf",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            "ne correspond pas à son extension .pdf",
        ),
        ("dessin.svg", SVG_SCRIPT, "Ce type de fichier n'est pas accepté (.svg)"),
        ("page.html", b"<html></html>", "Ce type de fichier n'est pas accepté (.html)"),
        ("outil.exe", b"MZ\x90\x00" + b"\x00" * 60, "Ce type de fichier n'est pas accepté"),
        (
            "grille.csv",
            b"nom;valeur\n<script>alert(1)</script>;1\n",
            "ni balises HTML ni script",
        ),
        ("notes.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "ne correspond pas à son extension"),
        ("tableau.xlsx", office_file("word/document.xml"), "ce n'est pas un document Excel"),
        ("vide.pdf", b"", "vide"),
    ],
    ids=[
        "html-renamed-pdf",
        "svg",
        "html",
        "exe",
        "csv-script",
        "binary-txt",
        "docx-as-xlsx",
        "empty",
    ],
)
def test_the_admin_refuses_documents_that_are_not_what_they_claim(
    admin_client, name, content, message
):
    response = post_document(admin_client, name, content)
    assert response.status_code == 200
    text = response.content.decode()
    assert escape(message) in text, text[:3000]
    assert escape("Compte rendu à garder") in text
    assert not CustomDocument.objects.exists()


def test_a_30_mb_document_is_refused(admin_client):
    content = b"%PDF-1.4\n" + b"0" * (30 * 1024 * 1024) + b"\n%%EOF\n"
    response = post_document(admin_client, "gros.pdf", content)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ce fichier est trop lourd (30 Mo)" in text
    assert f"{settings.EMI_DOCUMENT_MAX_UPLOAD_SIZE // (1024 * 1024)} Mo au plus" in text
    assert not CustomDocument.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.pdf", b"%PDF-1.4\n% Rapport\n%%EOF\n"),
        ("grille.csv", "nom;valeur\nÉvaluation;1\n".encode()),
        ("grille-excel.csv", "nom;valeur\nÉvaluation;1\n".encode("cp1252")),
        ("notes.txt", b"Des notes, sans balise. 3 < 4."),
        ("indicateurs.xlsx", spreadsheet()),
        ("compte-rendu.docx", office_file("word/document.xml")),
        ("ancien.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500),
        ("lettre.rtf", b"{\\rtf1\\ansi Bonjour}"),
    ],
)
def test_the_admin_accepts_real_documents(admin_client, name, content):
    response = post_document(admin_client, name, content)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert CustomDocument.objects.get().file_size == len(content)


@pytest.mark.parametrize(
    ("name", "content", "disposition"),
    [
        ("rapport.pdf", b"%PDF-1.4\n%%EOF\n", "inline"),
        ("grille.csv", b"nom;valeur\n", "attachment"),
        ("notes.txt", b"notes\n", "attachment"),
    ],
)
def test_only_pdfs_open_in_the_browser(admin_client, name, content, disposition):
    assert post_document(admin_client, name, content).status_code == 302
    document = CustomDocument.objects.get()
    response = admin_client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(disposition)
    assert response["X-Content-Type-Options"] == "nosniff"
    document.file.storage.delete(document.file.name)


# --- what the editor is told -----------------------------------------------------------

PRIVATE_NOTICE = "Ce fichier restera privé tant qu'aucune page publiée ne l'utilise"


def test_the_editor_is_told_when_an_image_becomes_public(admin_client):
    add_form = admin_client.get(reverse("wagtailimages:add")).content.decode()
    assert escape(PRIVATE_NOTICE) in add_form
    assert "JPEG, PNG, WebP ou AVIF" in add_form
    assert post_image(admin_client, "atelier.jpg", jpeg()).status_code == 302
    image = CustomImage.objects.get()
    edit = admin_client.get(reverse("wagtailimages:edit", args=[image.pk]))
    assert edit.status_code == 200
    assert escape(PRIVATE_NOTICE) in edit.content.decode()
    CustomImage.objects.filter(pk=image.pk).update(is_public=True)
    edit = admin_client.get(reverse("wagtailimages:edit", args=[image.pk])).content.decode()
    assert "Ce fichier est public" in edit


def test_the_editor_is_told_when_a_document_becomes_public(admin_client):
    add_form = admin_client.get(reverse("wagtaildocs:add")).content.decode()
    assert escape(PRIVATE_NOTICE) in add_form
    assert post_document(admin_client, "rapport.pdf", b"%PDF-1.4\n%%EOF\n").status_code == 302
    document = CustomDocument.objects.get()
    edit = admin_client.get(reverse("wagtaildocs:edit", args=[document.pk]))
    assert edit.status_code == 200
    assert escape(PRIVATE_NOTICE) in edit.content.decode()
    document.file.storage.delete(document.file.name)
