"""What an uploaded file must be before the site keeps it: checked, and for images rebuilt.

Images (the admin's image form, its multiple upload and choosers, and the alumni story
form): JPEG, PNG, WebP or AVIF only (no SVG, which can carry scripts; no GIF, whose
animations are heavy to re-encode and flash on screen, RGAA 13.7), at most
WAGTAILIMAGES_MAX_UPLOAD_SIZE bytes and WAGTAILIMAGES_MAX_IMAGE_PIXELS pixels. Every
image is decoded, turned upright (phone photos store their orientation in EXIF) and
re-encoded: the stored file holds pixels and a colour profile, nothing else, so EXIF
(GPS position, camera serial), comments and any payload hidden in the bytes (an
image/HTML polyglot) are gone before the file reaches a storage.

Documents: the extension from WAGTAILDOCS_EXTENSIONS, a content that matches it (checked
with the `filetype` package and, for office files, the archive's own layout), text files
that decode as text and carry no markup, and at most EMI_DOCUMENT_MAX_UPLOAD_SIZE bytes.
"""

import io
import re
import warnings
import zipfile
from pathlib import PurePath

import filetype
import willow
from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .image_encoding import (
    FORMATS_TEXT,
    ImageRejected,
    max_image_pixels,
    megabytes,
    millions,
    reencode_image,
    too_many_pixels_message,
)
from .renditions import ensure_renditions_on_commit

BECOMES_PUBLIC_HELP = (
    "Ce fichier restera privé tant qu'aucune page publiée ne l'utilise : seuls vous, "
    "les personnes qui gèrent sa collection et les modérateurs EMI peuvent l'ouvrir. "
    "Il devient public dès qu'une page publique qui l'utilise est publiée."
)


class SafeImageField(WagtailImageField):
    """Wagtail's image field, with the site's formats, French messages and re-encoding."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_image_pixels = max_image_pixels()
        self.refresh()

    def refresh(self):
        size_text = megabytes(self.max_upload_size) if self.max_upload_size else None
        self.max_upload_size_text = size_text
        self.help_text = (
            f"Formats acceptés : {FORMATS_TEXT}"
            + (f" ; {size_text} au plus" if size_text else "")
            + f" ; {millions(self.max_image_pixels)} de pixels au plus. "
            "Les métadonnées (position GPS, appareil) sont retirées à l'envoi."
        )
        self.error_messages.update(
            {
                "required": "Choisissez une image.",
                "invalid_image": "Ce fichier n'est pas une image lisible : choisissez une "
                f"image au format {FORMATS_TEXT}.",
                "invalid_image_extension": "Ce format de fichier n'est pas accepté : "
                f"choisissez une image au format {FORMATS_TEXT} (les images SVG et GIF "
                "ne sont pas acceptées).",
                "invalid_image_known_format": "Ce fichier ne correspond pas à son extension "
                "(.%(extension)s, mais contenu %(image_format)s) : enregistrez-le à nouveau "
                "comme image, puis choisissez-le ici.",
                "file_too_large": "Cette image est trop lourde (%(file_size)s) : "
                f"{size_text} au plus. Réduisez-la ou choisissez-en une autre.",
                "file_too_large_unknown_size": f"Cette image est trop lourde : {size_text} "
                "au plus.",
                "empty": "Ce fichier est vide : choisissez une autre image.",
            }
        )

    def check_image_file_size(self, f):
        if self.max_upload_size is not None and f.size > self.max_upload_size:
            raise ValidationError(
                self.error_messages["file_too_large"] % {"file_size": megabytes(f.size)},
                code="file_too_large",
            )

    def check_image_pixel_size(self, f):
        # Read from the header only: Willow would decode the whole image first (hundreds
        # of MB for a big one). Wagtail's own check also says "nombre inconnu pixels"
        # past Pillow's limit; ours always gives a figure or the limit.
        limit = self.max_image_pixels
        pixels = None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
                f.seek(0)
                with PILImage.open(f) as header:
                    pixels = header.width * header.height * max(1, getattr(header, "n_frames", 1))
        except PILImage.DecompressionBombError:
            pixels = None
        except Exception as error:  # noqa: BLE001 - unreadable: said as such
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error
        finally:
            f.seek(0)
        if pixels is None or (limit and pixels > limit):
            raise ValidationError(
                too_many_pixels_message(pixels, limit), code="file_too_many_pixels"
            )

    def to_python(self, data):
        f = super().to_python(data)
        if f is None:
            return None
        try:
            cleaned = reencode_image(f, getattr(f, "name", "image"))
        except ImageRejected as rejected:
            raise ValidationError(rejected.message, code=rejected.code) from None
        cleaned.image = willow.Image.open(io.BytesIO(cleaned.read()))
        cleaned.seek(0)
        return cleaned


class ImageForm(BaseImageForm):
    """WAGTAILIMAGES_IMAGE_FORM_BASE: the admin's image forms (add, edit, upload, chooser)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            field = self.fields["file"]
            replacement = SafeImageField(
                label=field.label, required=field.required, widget=field.widget
            )
            replacement.help_text = f"{replacement.help_text} {BECOMES_PUBLIC_HELP}"
            self.fields["file"] = replacement

    def save(self, commit=True):
        # Wagtail's form deletes every rendition after saving a new file: the image's
        # own save must not make them before that (cms.renditions); they are made here.
        if not commit:
            return super().save(commit=commit)
        self.instance._emi_renditions_deferred = True
        try:
            image = super().save(commit=commit)
        finally:
            self.instance._emi_renditions_deferred = False
        ensure_renditions_on_commit(image)
        return image


# --- documents -------------------------------------------------------------------------

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_MAIN_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
OPENDOCUMENT_MIME_TYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
TEXT_EXTENSIONS = {"csv", "txt"}
# Markup a browser or a spreadsheet could act on: a text file carrying it is refused.
MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|frame|object|embed|svg|img|meta|link"
    rb"|style|form|a\s)|javascript:|vbscript:|\bon(?:load|error|click|mouseover)\s*=",
    re.IGNORECASE,
)
DOCUMENT_LABELS = {
    "pdf": "PDF",
    "doc": "Word",
    "docx": "Word",
    "xls": "Excel",
    "xlsx": "Excel",
    "ppt": "PowerPoint",
    "pptx": "PowerPoint",
    "odt": "OpenDocument (texte)",
    "ods": "OpenDocument (tableur)",
    "odp": "OpenDocument (présentation)",
    "csv": "CSV",
    "txt": "texte",
    "rtf": "RTF",
}


def document_max_size():
    return getattr(settings, "EMI_DOCUMENT_MAX_UPLOAD_SIZE", 20 * 1024 * 1024)


def document_extensions():
    return list(getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or DOCUMENT_LABELS)


def _content_matches(extension, f):
    """True if the bytes of `f` are what its extension says."""
    f.seek(0)
    head = f.read(8192)
    f.seek(0)
    if extension == "pdf":
        return head.lstrip()[:5] == b"%PDF-"
    if extension in ("doc", "xls", "ppt"):
        return head.startswith(OLE2_MAGIC)
    if extension == "rtf":
        return head.startswith(b"{\\rtf")
    if extension in OOXML_MAIN_PARTS or extension in OPENDOCUMENT_MIME_TYPES:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(f) as archive:
                names = set(archive.namelist())
                if extension in OOXML_MAIN_PARTS:
                    return "[Content_Types].xml" in names and OOXML_MAIN_PARTS[extension] in names
                mimetype = archive.read("mimetype") if "mimetype" in names else b""
                return mimetype.strip() == OPENDOCUMENT_MIME_TYPES[extension].encode()
        except (zipfile.BadZipFile, OSError, ValueError, KeyError):
            return False
        finally:
            f.seek(0)
    if extension in TEXT_EXTENSIONS:
        data = f.read()
        f.seek(0)
        if b"\x00" in data or filetype.guess(data[:8192]) is not None:
            return False
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            return False
        return MARKUP.search(data) is None
    # An extension added to the allowlist without a check of its own: filetype's word.
    kind = filetype.guess(head)
    return kind is not None and kind.extension == extension


def check_document_file(f):
    """Raise ValidationError (French) unless `f` is an accepted document."""
    allowed = document_extensions()
    labels = ", ".join(e.upper() for e in allowed)
    extension = PurePath(f.name or "").suffix.lower().lstrip(".")
    if extension not in allowed:
        raise ValidationError(
            f"Ce type de fichier n'est pas accepté (.{extension or '?'}) : envoyez un "
            f"document {labels}.",
            code="invalid_extension",
        )
    limit = document_max_size()
    if f.size is not None and f.size > limit:
        raise ValidationError(
            f"Ce fichier est trop lourd ({megabytes(f.size)}) : {megabytes(limit)} au plus. "
            "Réduisez-le (export PDF « taille réduite », images compressées) ou "
            "partagez-le autrement.",
            code="file_too_large",
        )
    if not f.size:
        raise ValidationError("Ce fichier est vide : choisissez-en un autre.", code="empty")
    if not _content_matches(extension, f):
        label = DOCUMENT_LABELS.get(extension, extension.upper())
        extra = (
            " Un fichier texte ne doit contenir ni balises HTML ni script."
            if extension in TEXT_EXTENSIONS
            else ""
        )
        raise ValidationError(
            f"Le contenu de ce fichier ne correspond pas à son extension .{extension} : ce "
            f"n'est pas un document {label}. Enregistrez-le de nouveau au bon format depuis "
            f"son logiciel, puis envoyez-le.{extra}",
            code="content_mismatch",
        )


class DocumentForm(BaseDocumentForm):
    """WAGTAILDOCS_DOCUMENT_FORM_BASE: the admin's document forms (add, edit, upload)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            labels = ", ".join(e.upper() for e in document_extensions())
            self.fields["file"].help_text = (
                f"Formats acceptés : {labels} ; {megabytes(document_max_size())} au plus. "
                f"{BECOMES_PUBLIC_HELP}"
            )

    def clean_file(self):
        f = self.cleaned_data.get("file")
        if f and "file" in self.changed_data:
            check_document_file(f)
        return f
