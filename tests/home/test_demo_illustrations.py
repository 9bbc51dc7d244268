"""The demo's illustrations (home.demo.illustrations): one on every card, drawn in the
site's palette, the same bytes on every run, small, varied, each with its alt text."""

import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from PIL import Image

from cms.covers import CoverImageMixin
from cms.models import CustomImage
from home.demo import illustrations

MAX_BYTES = 60 * 1024


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def covered_models():
    return [m for m in apps.get_models() if issubclass(m, CoverImageMixin) and not m._meta.abstract]


def test_every_card_of_the_demo_has_a_picture_with_its_alt_text_varied_by_theme(demo):
    checked = 0
    for model in covered_models():
        for page in model.objects.live().public().select_related("cover_image"):
            assert page.cover_image is not None, f"{model._meta.label} {page.url_path}"
            assert page.cover_alt.startswith("Illustration : "), page.url_path
            checked += 1
    assert checked >= 40, "projects, news, events, trainings, calls, stories, resources"
    # Varied: by page type and by the project's theme.
    motifs = {alt.split(",")[0] for alt in CustomImage.objects.values_list("alt_text", flat=True)}
    assert len(motifs) >= 10, motifs
    assert any("calendrier" in motif for motif in motifs), "events show a calendar"
    assert any("bâtiment scolaire" in motif for motif in motifs), "collèges' projects"


def site_colours():
    css = (Path(settings.BASE_DIR) / "static/css/site.css").read_text(encoding="utf-8")
    return {value.lower() for value in re.findall(r"--c-[a-z-]+:\s*(#[0-9a-fA-F]{6})", css)}


@pytest.mark.parametrize(
    "motif", [illustrations.calendar, illustrations.building, illustrations.bubbles]
)
def test_an_illustration_is_the_same_bytes_every_time_small_and_in_the_palette(motif):
    illustrations.draw.cache_clear()
    first, alt = illustrations.draw("news.eventpage/une-rencontre", motif)
    illustrations.draw.cache_clear()
    again, alt_again = illustrations.draw("news.eventpage/une-rencontre", motif)
    assert first == again and alt == alt_again
    assert len(first) < MAX_BYTES
    image = Image.open(io.BytesIO(first))
    assert image.size == (illustrations.WIDTH, illustrations.HEIGHT)
    # The largest areas are the palette's own colours (edges are blends of them).
    rgb = image.convert("RGB")
    counts = sorted(rgb.getcolors(maxcolors=4096), reverse=True)[:3]
    main = {"#{:02x}{:02x}{:02x}".format(*colour) for _count, colour in counts}
    assert main <= site_colours() | {"#ffffff"}
    assert alt.startswith("Illustration : ") and alt.endswith(".")
