"""Where uploaded files are kept, and which of them a web server may ever see.

- Documents (public and members-only) and the originals of images live in
  PRIVATE_MEDIA_ROOT, which no web server exposes: documents are read through Wagtail's
  serve view (/documents/<id>/<name>, which checks the collection's view restrictions
  and cms.publicity), originals are only read to make renditions.
- Renditions of images that a live public page uses are public files under
  MEDIA_ROOT/images/ (served by the web server as /media/images/...). Renditions of the
  other images (a story under review, a draft's image) are kept in
  PRIVATE_MEDIA_ROOT/private-renditions/ and served by a view that checks who asks
  (cms.views.private_rendition). One storage (WAGTAILIMAGES_RENDITION_STORAGE) holds
  both, routed by the first folder of the file's name, which the rendition model chooses
  when the file is made (cms.models.CustomRendition.get_upload_to).
- Every file name is random (uuid4): no address can be guessed from an upload's name.
"""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.urls import reverse
from django.utils.deconstruct import deconstructible

PRIVATE_RENDITIONS_FOLDER = "private-renditions"
PUBLIC_RENDITIONS_FOLDER = "images"


def random_name(folder, filename):
    """folder/<32 hex digits><extension of filename, lower case>."""
    extension = ""
    if "." in filename:
        extension = "." + filename.rsplit(".", 1)[1].lower()[:10]
    return f"{folder}/{uuid.uuid4().hex}{extension}"


class PrivateFileSystemStorage(FileSystemStorage):
    """A file system storage that has no public URL."""

    def __init__(self, **kwargs):
        kwargs.setdefault("location", settings.PRIVATE_MEDIA_ROOT)
        super().__init__(**kwargs)

    def url(self, name):
        # Wagtail's serve view falls back on streaming the file itself.
        raise NotImplementedError("Ce fichier n'a pas d'adresse publique.")


def private_documents_storage():
    return PrivateFileSystemStorage()


def private_images_storage():
    return PrivateFileSystemStorage()


@deconstructible
class RenditionStorage(Storage):
    """Public renditions under MEDIA_ROOT, private ones under PRIVATE_MEDIA_ROOT.

    A name that starts with "private-renditions/" is stored in PRIVATE_MEDIA_ROOT and
    its URL is the permission-checking view's; any other name is an ordinary public
    media file.
    """

    def __init__(self):
        self.public = FileSystemStorage()
        self.private = PrivateFileSystemStorage()

    def _storage(self, name):
        name = str(name).replace("\\", "/").lstrip("/")
        if name.startswith(PRIVATE_RENDITIONS_FOLDER + "/"):
            return self.private
        return self.public

    def _open(self, name, mode="rb"):
        return self._storage(name)._open(name, mode)

    def _save(self, name, content):
        return self._storage(name)._save(name, content)

    def get_available_name(self, name, max_length=None):
        return self._storage(name).get_available_name(name, max_length=max_length)

    def get_alternative_name(self, file_root, file_ext):
        # Names are uuid4: a clash is practically impossible; make another random one.
        return f"{uuid.uuid4().hex}{file_ext}"

    def delete(self, name):
        return self._storage(name).delete(name)

    def exists(self, name):
        return self._storage(name).exists(name)

    def size(self, name):
        return self._storage(name).size(name)

    def path(self, name):
        return self._storage(name).path(name)

    def listdir(self, path):
        return self._storage(path).listdir(path)

    def get_accessed_time(self, name):
        return self._storage(name).get_accessed_time(name)

    def get_created_time(self, name):
        return self._storage(name).get_created_time(name)

    def get_modified_time(self, name):
        return self._storage(name).get_modified_time(name)

    def url(self, name):
        if self._storage(name) is self.private:
            filename = str(name).rsplit("/", 1)[-1]
            return reverse("private_rendition", args=[filename])
        return self.public.url(name)
