"""Images rebuilt before the site keeps them: decoded, turned upright, re-encoded.

JPEG, PNG, WebP or AVIF only, at most WAGTAILIMAGES_MAX_IMAGE_PIXELS pixels. The stored
file holds pixels and a colour profile, nothing else: EXIF (GPS position, camera
serial), comments and any payload hidden in the bytes are gone. Used by the image model
itself (cms.models, whatever the path a file comes by) and by the upload forms
(cms.uploads).
"""

import io
import warnings
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from PIL import ImageOps

# Pillow's format name -> (extension, MIME type, save options).
IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg", {"quality": 90}),
    "PNG": ("png", "image/png", {}),
    "WEBP": ("webp", "image/webp", {"quality": 90}),
    "AVIF": ("avif", "image/avif", {"quality": 80}),
}
FORMATS_TEXT = "JPEG, PNG, WebP ou AVIF"
MAX_PIXELS_DEFAULT = 40_000_000


def megabytes(size):
    """ "5 Mo", "1,5 Mo", "20 Ko": sizes as people read them."""
    if size < 1024 * 1024:
        return f"{max(round(size / 1024), 1)} Ko"
    value = f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{value} Mo"


def millions(pixels):
    value = f"{pixels / 1_000_000:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{value} millions"


def max_image_pixels():
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", MAX_PIXELS_DEFAULT)


class ImageRejected(ValueError):
    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


def too_many_pixels_message(pixels, limit):
    if pixels is None:
        size = f"bien plus de {millions(limit)} de pixels"
    else:
        size = f"{millions(pixels)} de pixels"
    return (
        f"Cette image est trop grande ({size} ; {millions(limit)} au plus) : "
        "réduisez ses dimensions, par exemple à 6 000 × 4 000 pixels, puis envoyez-la "
        "de nouveau."
    )


def reencode_image(source, name="image"):
    """Decode `source` (a file object), turn it upright and save it anew, without metadata.

    Returns a SimpleUploadedFile named after `name` with the extension of its real
    format; raises ImageRejected (French message) for anything else than an image in
    one of the accepted formats within the pixel limit.
    """
    limit = max_image_pixels()
    source.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            image = PILImage.open(source)
            image_format = image.format
            if image_format not in IMAGE_FORMATS:
                raise ImageRejected(
                    f"Ce fichier n'est pas une image au format {FORMATS_TEXT}.",
                    "invalid_image",
                )
            pixels = image.width * image.height
            if limit and pixels > limit:
                raise ImageRejected(too_many_pixels_message(pixels, limit), "too_many_pixels")
            image.load()
    except PILImage.DecompressionBombError:
        raise ImageRejected(too_many_pixels_message(None, limit), "too_many_pixels") from None
    except ImageRejected:
        raise
    except Exception as error:  # noqa: BLE001 - any decoding failure is a refusal
        raise ImageRejected(
            f"Ce fichier n'est pas une image lisible : choisissez une image au format "
            f"{FORMATS_TEXT}.",
            "invalid_image",
        ) from error

    icc_profile = image.info.get("icc_profile")
    transparency = image.info.get("transparency")
    upright = ImageOps.exif_transpose(image)
    extension, mime_type, options = IMAGE_FORMATS[image_format]
    if image_format == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
        upright = upright.convert("RGB")
    elif image_format in ("WEBP", "AVIF") and upright.mode not in ("RGB", "RGBA"):
        upright = upright.convert("RGBA" if "A" in upright.mode else "RGB")
    # Nothing of the original's metadata goes to the encoder: only the colour profile
    # (how colours are meant to look) and a palette's transparent colour.
    upright.info = {}
    kwargs = dict(options)
    if icc_profile:
        kwargs["icc_profile"] = icc_profile
    if image_format == "PNG" and transparency is not None and upright.mode in ("P", "L", "RGB"):
        kwargs["transparency"] = transparency
    output = io.BytesIO()
    upright.save(output, image_format, **kwargs)
    stem = PurePath(name or "image").stem or "image"
    cleaned = SimpleUploadedFile(f"{stem}.{extension}", output.getvalue(), mime_type)
    cleaned.emi_reencoded = True
    return cleaned
