"""Time to make every registered rendition of one image, in the production formats
(AVIF, WebP, JPEG): printed, never asserted. EMI_AVIF_SPEED=6 measures Pillow's default.

Run it with `make bench`, or by path:
    DJANGO_SETTINGS_MODULE=cms.settings.test .venv/bin/pytest \\
        tests/benchmarks/bench_renditions.py -p no:cacheprovider -o addopts="" -s
"""

import io
import random
import time

import pytest
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw

from cms import renditions
from cms.models import CustomImage

pytestmark = pytest.mark.django_db

PRODUCTION_FORMATS = "format-{avif,webp,jpeg}"


def photo_like(width=2400, height=1600):
    """A camera-sized JPEG with detail everywhere (flat colours encode unrealistically fast)."""
    rng = random.Random(15)
    image = Image.effect_noise((width, height), 40).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(300):
        x, y = rng.randrange(width), rng.randrange(height)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + rng.randrange(40, 400), y + rng.randrange(40, 400)), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


@pytest.mark.parametrize("size", [(2400, 1600), (1200, 800)])
def test_time_to_make_one_images_renditions(settings, size):
    settings.EMI_PICTURE_FORMATS = PRODUCTION_FORMATS
    image = CustomImage(title="Banc", alt_text="Banc d'essai", collection_id=1)
    image._emi_renditions_deferred = True
    image.file = ImageFile(io.BytesIO(photo_like(*size)), name="banc.jpg")
    image.save()
    specs = renditions.registered_filter_specs()
    started, cpu_started = time.perf_counter(), time.process_time()
    made = renditions.ensure_renditions(image)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    # CPU time too: wall-clock time follows whatever else the machine runs.
    print(
        f"\n{size[0]}x{size[1]} original: {made} renditions ({len(specs)} registered) "
        f"in {elapsed:.1f} s ({cpu:.1f} s of CPU), AVIF speed {settings.EMI_AVIF_SPEED}"
    )
    assert made == len(specs)
