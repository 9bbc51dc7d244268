"""The picture of a shared link when the page has no cover image: one card per section of
the site (/projets/, /actualites/, /agenda/..., the home page), drawn with Pillow in the
site's palette: the section's title and the school's name.

Served at /cartes/<section slug>.png?v=<version of its title>, so that a renamed
section gets a new address (the social networks keep a picture by its address). A card
is drawn when a page of its section is published (`warm_on_publish`) and kept in the
cache; a request that finds none draws it (a few tens of milliseconds).
"""

import hashlib
import io
import logging

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from PIL import Image, ImageDraw, ImageFont
from wagtail.models import Page, Site

from . import page_queries
from .palette import palette
from .site_address import absolute_url

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
HOME_SLUG = "accueil"
SCHOOL = "École du management par l'innovation"
OWNER = "Département du Val-d'Oise"
CACHE_SECONDS = 30 * 24 * 3600
# Bump when the drawing changes: every card gets a new address.
DRAWING_VERSION = "1"


def section_of(page):
    """The top-level page (just below the home page) that `page` belongs to; the home
    page itself for the home page."""
    if page.depth <= 3:
        return page
    path = page.path[: 3 * Page.steplen]
    return page_queries.cached_by_generation(
        f"section-at:{path}",
        lambda: Page.objects.filter(path=path).only("title", "slug", "depth").first(),
    )


def _version(title):
    return hashlib.sha256(f"{DRAWING_VERSION}:{title}".encode()).hexdigest()[:10]


def _slug(section):
    return HOME_SLUG if section.depth <= 2 else section.slug


def section_card_url(page):
    """(absolute URL of its section's card, the card's alternative text)."""
    section = section_of(page) or page
    title = _title(section)
    url = reverse("social_card", args=[_slug(section)]) + f"?v={_version(title)}"
    return absolute_url(url), f"{title} — {SCHOOL}, {OWNER}"


def _title(section):
    return SCHOOL if section.depth <= 2 else section.title


def _wrap(draw, text, font, width):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def draw_card(title):
    """The PNG bytes of a card for `title` (same title, same bytes)."""
    colours = palette()
    image = Image.new("RGB", (WIDTH, HEIGHT), colours["primary"])
    draw = ImageDraw.Draw(image)
    # A band of the accent colour and three discs: the site's own shapes, no photograph.
    draw.rectangle([0, HEIGHT - 36, WIDTH, HEIGHT], fill=colours["accent"])
    for i, radius in enumerate((210, 150, 90)):
        centre = (WIDTH - 170 + i * 20, 150 + i * 40)
        draw.ellipse(
            [centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius],
            outline=colours["link-bg"],
            width=6,
        )
    heading = ImageFont.load_default(size=78)
    small = ImageFont.load_default(size=34)
    y = 150
    for line in _wrap(draw, title, heading, WIDTH - 380)[:3]:
        draw.text((80, y), line, font=heading, fill=colours["on-dark"])
        y += 96
    draw.text((80, HEIGHT - 170), SCHOOL, font=small, fill=colours["on-dark"])
    draw.text((80, HEIGHT - 120), OWNER, font=small, fill=colours["link-bg"])
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _cache_key(slug, title):
    return f"social-card:{slug}:{_version(title)}"


def card_bytes(section):
    title = _title(section)
    key = _cache_key(_slug(section), title)
    data = cache.get(key)
    if data is None:
        data = draw_card(title)
        cache.set(key, data, CACHE_SECONDS)
    return data


def warm_on_publish(sender, instance, **kwargs):
    """page_published: draw the card of the page's section now, not at the first share."""
    try:
        section = section_of(instance)
        if section is not None:
            card_bytes(section)
    except Exception:  # noqa: BLE001 - a card never stops a publication
        logger.warning("social card not drawn for page %s", instance.pk, exc_info=True)


@cache_control(public=True, max_age=24 * 3600)
def social_card(request, slug):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    home = site.root_page
    if slug == HOME_SLUG:
        section = home
    else:
        section = home.get_children().live().public().filter(slug=slug).first()
    if section is None:
        raise Http404("Cette carte de partage n'existe pas.")
    return HttpResponse(card_bytes(section), content_type="image/png")
