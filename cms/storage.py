"""Where uploaded files are kept, and which of them a web server may ever see.

- Documents (public and members-only) and the originals of images are private files:
  documents are read through Wagtail's serve view (/documents/<id>/<name>, which checks
  the collection's view restrictions and cms.publicity), originals are only read to make
  renditions. Their storage has no public address at all (`url()` raises).
- Renditions of images that a live public page uses are public files (served as
  /media/images/... by the web server, or from the bucket). Renditions of the other
  images (a story under review, a draft's image) are private files under
  private-renditions/, served by a view that checks who asks
  (cms.views.private_rendition). One storage (WAGTAILIMAGES_RENDITION_STORAGE) holds
  both, routed by the first folder of the file's name, which the rendition model chooses
  when the file is made (cms.models.CustomRendition.get_upload_to).
- Every file name is random (uuid4): no address can be guessed from an upload's name.

Two places hold them, chosen by the settings each time a file is touched (so that a
test may switch): local disk (private files in PRIVATE_MEDIA_ROOT, which no web server
exposes, public ones in MEDIA_ROOT) or, when AWS_STORAGE_BUCKET_NAME is set, an
S3-compatible bucket (cms.storage_s3: private files under AWS_PRIVATE_MEDIA_LOCATION
with a private ACL, public renditions under AWS_PUBLIC_MEDIA_LOCATION, public-read).
Nothing here reads a file's `.path`: that exists on local disk only.
"""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.core.signals import setting_changed
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.module_loading import import_string

PRIVATE_RENDITIONS_FOLDER = "private-renditions"
PUBLIC_RENDITIONS_FOLDER = "images"
S3_BACKENDS = {
    "private": "cms.storage_s3.PrivateS3Storage",
    "public": "cms.storage_s3.PublicS3Storage",
}
# The settings that decide which backend a kind of file goes to.
STORAGE_SETTINGS = {
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_PRIVATE_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_S3_REGION_NAME",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_S3_ADDRESSING_STYLE",
    "AWS_S3_OBJECT_ACLS",
    "AWS_PUBLIC_MEDIA_LOCATION",
    "AWS_PRIVATE_MEDIA_LOCATION",
    "MEDIA_ROOT",
    "MEDIA_URL",
    "PRIVATE_MEDIA_ROOT",
}
_backends = {}


def random_name(folder, filename):
    """folder/<32 hex digits><extension of filename, lower case>."""
    extension = ""
    if "." in filename:
        extension = "." + filename.rsplit(".", 1)[1].lower()[:10]
    return f"{folder}/{uuid.uuid4().hex}{extension}"


def uses_object_storage():
    """True when uploaded files live in an S3-compatible bucket, not on local disk."""
    return bool(getattr(settings, "AWS_STORAGE_BUCKET_NAME", ""))


class PrivateFileSystemStorage(FileSystemStorage):
    """A file system storage that has no public URL."""

    def __init__(self, **kwargs):
        kwargs.setdefault("location", settings.PRIVATE_MEDIA_ROOT)
        super().__init__(**kwargs)

    def url(self, name):
        # Wagtail's serve view falls back on streaming the file itself.
        raise NotImplementedError("Ce fichier n'a pas d'adresse publique.")


def backend(kind):
    """The storage that holds the `kind` ("private" or "public") files today."""
    if kind not in _backends:
        if uses_object_storage():
            _backends[kind] = import_string(S3_BACKENDS[kind])()
        elif kind == "private":
            _backends[kind] = PrivateFileSystemStorage()
        else:
            _backends[kind] = FileSystemStorage()
    return _backends[kind]


def _forget_backends(setting, **kwargs):
    if setting in STORAGE_SETTINGS:
        _backends.clear()


setting_changed.connect(_forget_backends, dispatch_uid="cms_storage_settings")


class DelegatingStorage(Storage):
    """A storage that hands every call to the backend `_backend(name)` returns."""

    def _backend(self, name):
        raise NotImplementedError

    def _open(self, name, mode="rb"):
        return self._backend(name)._open(name, mode)

    def _save(self, name, content):
        return self._backend(name)._save(name, content)

    def save(self, name, content, max_length=None):
        return self._backend(name).save(name, content, max_length=max_length)

    def get_valid_name(self, name):
        return self._backend(name).get_valid_name(name)

    def get_available_name(self, name, max_length=None):
        return self._backend(name).get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self._backend(filename).generate_filename(filename)

    def delete(self, name):
        return self._backend(name).delete(name)

    def exists(self, name):
        return self._backend(name).exists(name)

    def size(self, name):
        return self._backend(name).size(name)

    def path(self, name):
        # Local disk only: an S3 backend raises NotImplementedError, as Django expects.
        return self._backend(name).path(name)

    def listdir(self, path):
        return self._backend(path).listdir(path)

    def get_accessed_time(self, name):
        return self._backend(name).get_accessed_time(name)

    def get_created_time(self, name):
        return self._backend(name).get_created_time(name)

    def get_modified_time(self, name):
        return self._backend(name).get_modified_time(name)

    def url(self, name):
        return self._backend(name).url(name)


@deconstructible
class PrivateStorage(DelegatingStorage):
    """Originals and documents: PRIVATE_MEDIA_ROOT, or the bucket's private prefix.
    No public URL (`url()` raises NotImplementedError)."""

    def _backend(self, name):
        return backend("private")


@deconstructible
class PublicStorage(DelegatingStorage):
    """Public media: MEDIA_ROOT under MEDIA_URL, or the bucket's public-read prefix."""

    def _backend(self, name):
        return backend("public")


def private_documents_storage():
    return PrivateStorage()


def private_images_storage():
    return PrivateStorage()


@deconstructible
class RenditionStorage(DelegatingStorage):
    """Public renditions in the public storage, private ones in the private storage.

    A name that starts with "private-renditions/" is a private file and its URL is the
    permission-checking view's; any other name is an ordinary public media file.
    """

    def __init__(self):
        self.public = PublicStorage()
        self.private = PrivateStorage()

    def _storage(self, name):
        name = str(name).replace("\\", "/").lstrip("/")
        if name.startswith(PRIVATE_RENDITIONS_FOLDER + "/"):
            return self.private
        return self.public

    def _backend(self, name):
        return self._storage(name)

    def url(self, name):
        if self._storage(name) is self.private:
            filename = str(name).rsplit("/", 1)[-1]
            return reverse("private_rendition", args=[filename])
        return self.public.url(name)
