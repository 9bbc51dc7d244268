"""Where uploaded documents are kept: outside MEDIA_ROOT, so no /media/ URL reaches them.

Images are public and served from /media/. Documents may be members-only (a collection
restricted to a group): every document is read through Wagtail's serve view
(/documents/<id>/<name>), which applies the collection's view restrictions. Keeping the
files out of the web server's media folder means a guessed or leaked path serves nothing.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """A file system storage that has no public URL."""

    def __init__(self, **kwargs):
        kwargs.setdefault("location", settings.PRIVATE_MEDIA_ROOT)
        super().__init__(**kwargs)

    def url(self, name):
        # Wagtail's serve view falls back on streaming the file itself.
        raise NotImplementedError("Les documents n'ont pas d'adresse publique.")


def private_documents_storage():
    return PrivateFileSystemStorage()
