"""Media on an S3-compatible server (issue 14): moto's server mode on loopback.

The site is switched to a bucket (path-style addressing, as for MinIO, Garage or Ceph),
an image is uploaded through the admin and put on a published page, a document on a
published resource: the public renditions are read straight from the server, the
originals, documents and private renditions carry a private ACL and are only ever served
by the site, and no response carries the bucket address of a private object.
"""

import io
import logging
import os
import socket
import urllib.request

import boto3
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from PIL import Image
from wagtail.models import Collection, CollectionViewRestriction

from alumni.models import ResourceFile, ResourceIndexPage, ResourcePage
from cms.backups import BackupError, create_backup
from cms.models import CustomDocument, CustomImage, CustomRendition
from cms.settings.base import s3_media_origin
from news.models import NewsIndexPage, NewsPage
from tests.factories.alumni import Client, publish
from tests.factories.cms import make_document

from .editorial import make_user
from .test_private_files import body, image_urls, uploaded

pytestmark = pytest.mark.django_db

BUCKET = "emi-medias"
PDF_BYTES = b"%PDF-1.4\n% Programme de la journee\n%%EOF\n"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def moto_or_skip():
    try:
        from moto.server import ThreadedMotoServer  # Imported here: a test-only dependency
    except ImportError:
        message = "moto absent : pip install -r requirements-dev.txt (moto[server])"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return ThreadedMotoServer


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    server_class = moto_or_skip()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per S3 call
    port = free_port()
    server = server_class(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server):
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="emi-test",
        aws_secret_access_key="emi-test-secret",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    storage_settings = {
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": s3_server,
        "AWS_ACCESS_KEY_ID": "emi-test",
        "AWS_SECRET_ACCESS_KEY": "emi-test-secret",
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_S3_ADDRESSING_STYLE": "path",
        "STORAGES": {
            "default": {"BACKEND": "cms.storage.PublicStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    }
    with override_settings(**storage_settings):
        yield client
    objects = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for item in objects:
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client, prefix):
    return [
        o["Key"] for o in client.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])
    ]


def is_world_readable(client, key):
    grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    return any(
        g["Grantee"].get("URI") == ALL_USERS and g["Permission"] in ("READ", "FULL_CONTROL")
        for g in grants
    )


class Recorder:
    """Every response the site gave in the test, to look for a private object's address."""

    def __init__(self):
        self.responses = []

    def get(self, client, url, **kwargs):
        response = client.get(url, **kwargs)
        response.bytes = body(response)  # a streamed body can be read once only
        self.responses.append((url, response, response.bytes))
        return response

    def check_no_private_address(self, s3_server, private_keys):
        forbidden = [f"{s3_server}/{BUCKET}/private", f"{BUCKET}.127.0.0.1", *private_keys]
        forbidden += [key.split("/", 1)[1] for key in private_keys]  # name without prefix
        for url, response, content in self.responses:
            text = content.decode("utf-8", "replace") + "\n".join(
                f"{name}: {value}" for name, value in response.headers.items()
            )
            for needle in forbidden:
                assert needle not in text, (url, needle)


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (20, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def test_media_on_s3_public_renditions_from_the_bucket_private_files_through_the_site(
    alumni_site, bucket, s3_server
):
    recorder = Recorder()
    admin = Client()
    admin.force_login(make_user("admin-s3", superuser=True))

    # An image uploaded through the admin: its original goes to the private prefix.
    response = admin.post(
        reverse("wagtailimages:add"),
        {
            "title": "Atelier usagers",
            "file": uploaded("atelier.png", png_bytes(), "image/png"),
            "collection": Collection.get_first_root_node().pk,
            "alt_text": "Des usagers autour d'une maquette",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = CustomImage.objects.get(title="Atelier usagers")
    assert not image.is_public
    assert keys(bucket, "private/original_images/") == [f"private/{image.file.name}"]
    assert not keys(bucket, "media/")

    # The editor's view of the still private image: a private rendition, served by the site.
    edit = recorder.get(admin, reverse("wagtailimages:edit", args=[image.pk]))
    assert edit.status_code == 200
    private_rendition = CustomRendition.objects.filter(image=image).first()
    assert private_rendition is not None and private_rendition.is_private
    assert keys(bucket, "private/private-renditions/")
    served = recorder.get(admin, private_rendition.url)
    assert served.status_code == 200
    assert served["Content-Type"].startswith("image/") and served.bytes
    assert recorder.get(Client(), private_rendition.url).status_code == 404

    # Published on a news page: public renditions, read by the visitor from the bucket.
    news_index = NewsIndexPage.objects.get()
    page = publish(
        news_index,
        NewsPage(
            title="Un atelier", slug="un-atelier", summary="Avec les usagers.", cover_image=image
        ),
    )
    image.refresh_from_db()
    assert image.is_public
    visitor = Client()
    response = recorder.get(visitor, page.url)
    assert response.status_code == 200
    urls = image_urls(response.content.decode())
    assert urls
    for url in urls:
        assert url.startswith(f"{s3_server}/{BUCKET}/media/images/"), url
        assert "X-Amz-" not in url and "Signature" not in url  # never a signed URL
        with urllib.request.urlopen(url, timeout=10) as fetched:  # noqa: S310 - loopback
            assert fetched.status == 200
            assert fetched.read()
    public_keys = keys(bucket, "media/images/")
    assert public_keys
    assert all(is_world_readable(bucket, key) for key in public_keys)

    # Documents: kept private, served by the site only (public one 200, restricted one to
    # the login page).
    library = publish(alumni_site.home, ResourceIndexPage(title="Ressources", slug="ressources"))
    public_doc = make_document("Programme", Collection.get_first_root_node(), PDF_BYTES)
    resource = ResourcePage(
        title="Programme de la journée",
        slug="programme",
        resource_type="fiche-outil",
        audience="public",
        summary="Le programme.",
    )
    resource.files.add(ResourceFile(document=public_doc, label="Le programme", sort_order=0))
    publish(library, resource)
    members = Collection.get_first_root_node().add_child(name="Réservé aux membres")
    CollectionViewRestriction.objects.create(
        collection=members, restriction_type=CollectionViewRestriction.LOGIN
    )
    members_doc = make_document("Annuaire", members, PDF_BYTES)

    response = recorder.get(visitor, resource.url)
    assert response.status_code == 200
    assert public_doc.url in response.content.decode()
    response = recorder.get(visitor, public_doc.url)
    assert response.status_code == 200
    assert response.bytes == PDF_BYTES
    response = recorder.get(visitor, members_doc.url)
    assert response.status_code == 302
    assert response["Location"].startswith(settings.LOGIN_URL)
    assert PDF_BYTES not in response.bytes
    response = recorder.get(admin, members_doc.url)
    assert response.status_code == 200 and response.bytes == PDF_BYTES

    # Every private object (originals, documents, private renditions) has a private ACL.
    private_keys = keys(bucket, "private/")
    for document in (public_doc, members_doc):
        assert f"private/{document.file.name}" in private_keys
    assert f"private/{image.file.name}" in private_keys
    assert not any(is_world_readable(bucket, key) for key in private_keys)

    # The admin's pages about them, the API, the sitemap: no bucket address of a private file.
    recorder.get(admin, reverse("wagtailimages:index"))
    recorder.get(admin, reverse("wagtailimages:edit", args=[image.pk]))
    recorder.get(admin, reverse("wagtaildocs:index"))
    recorder.get(admin, reverse("wagtaildocs:edit", args=[members_doc.pk]))
    recorder.get(visitor, f"/api/v2/pages/{page.pk}/")
    recorder.get(visitor, "/sitemap.xml")
    recorder.get(visitor, "/sitemap-pages.xml")
    assert all(r.status_code < 500 for _url, r, _content in recorder.responses)
    recorder.check_no_private_address(s3_server, private_keys)
    assert CustomDocument.objects.count() == 2


def test_backups_refuse_clearly_with_object_storage(bucket, tmp_path):
    with pytest.raises(BackupError, match="stockage objet"):
        create_backup(log=lambda line: None, backup_dir=tmp_path)
    assert not list(tmp_path.iterdir())
    # The restore refuses before it asks for a confirmation or reads the archive.
    with pytest.raises(CommandError, match="Restauration impossible : les fichiers envoyés"):
        call_command("restore_site", str(tmp_path / "absente.tar.gz"))


@pytest.mark.parametrize(
    ("arguments", "origin"),
    [
        ((BUCKET, "http://127.0.0.1:9000", None, "path"), "http://127.0.0.1:9000"),
        (
            (BUCKET, "https://s3.fr-par.scw.cloud", None, None),
            f"https://{BUCKET}.s3.fr-par.scw.cloud",
        ),
        ((BUCKET, "https://s3.example.fr", "medias.emi.fr", "path"), "https://medias.emi.fr"),
        ((BUCKET, None, None, None, "eu-west-3"), f"https://{BUCKET}.s3.eu-west-3.amazonaws.com"),
    ],
)
def test_the_pages_policy_lets_images_come_from_the_bucket(arguments, origin):
    assert s3_media_origin(*arguments) == origin
