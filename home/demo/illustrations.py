"""The demo's pictures: illustrations drawn with Pillow in the site's palette.

No photograph and no network: each card of the demo gets a flat illustration whose motif
follows what the page is (a calendar for an event, speech bubbles for a story, a building
for a project about collèges...) and whose colours come from the custom properties of
static/css/site.css. Drawn from the page's slug only, so a second run gives the same bytes;
each comes with its French alt text, which says what is drawn.
"""

import functools
import hashlib
import io
import random
from dataclasses import dataclass

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.models import Collection

from cms.models import CustomImage
from cms.palette import palette

WIDTH, HEIGHT = 1280, 720
SCALE = 2  # drawn twice as large, then reduced: smooth edges
COLOURS = 24  # a small palette keeps the PNG at a few tens of KB

# Custom property of site.css -> its name in an alt text.
COLOUR_NAMES = {
    "primary": "bleu marine",
    "primary-dark": "bleu nuit",
    "link": "bleu",
    "accent": "rouge brique",
    "success": "vert",
    "warning": "ocre",
    "abandoned": "violet",
    "link-bg": "bleu pâle",
    "success-bg": "vert pâle",
    "warning-bg": "jaune pâle",
    "abandoned-bg": "mauve pâle",
    "error-bg": "rose pâle",
    "soft": "gris bleuté",
    "bg": "blanc",
}
# (background, main colour, second colour): contrasted pairs of the palette.
SCHEMES = [
    ("link-bg", "primary", "accent"),
    ("success-bg", "success", "primary"),
    ("warning-bg", "warning", "primary-dark"),
    ("abandoned-bg", "abandoned", "link"),
    ("soft", "link", "accent"),
    ("error-bg", "accent", "primary"),
]


@dataclass
class Canvas:
    draw: ImageDraw.ImageDraw
    rng: random.Random
    main: str
    second: str
    light: str

    def box(self, x0, y0, x1, y1):
        """Coordinates given on the 1280 x 720 grid, drawn at SCALE."""
        return [round(v * SCALE) for v in (x0, y0, x1, y1)]

    def rect(self, x0, y0, x1, y1, fill, radius=0):
        self.draw.rounded_rectangle(self.box(x0, y0, x1, y1), radius * SCALE, fill=fill)

    def disc(self, x, y, r, fill):
        self.draw.ellipse(self.box(x - r, y - r, x + r, y + r), fill=fill)

    def line(self, points, fill, width):
        scaled = [(round(x * SCALE), round(y * SCALE)) for x, y in points]
        self.draw.line(scaled, fill=fill, width=width * SCALE, joint="curve")

    def polygon(self, points, fill):
        self.draw.polygon([(round(x * SCALE), round(y * SCALE)) for x, y in points], fill=fill)


# --- motifs: each draws and says what it drew -------------------------------------------


def calendar(c):
    c.rect(340, 110, 940, 630, c.light, 24)
    c.rect(340, 110, 940, 210, c.main, 24)
    c.rect(340, 180, 940, 210, c.main)
    chosen = c.rng.randrange(20)
    for i in range(20):
        x, y = 380 + (i % 5) * 110, 250 + (i // 5) * 90
        c.rect(x, y, x + 80, y + 60, c.second if i == chosen else c.main, 8)
    return "une page de calendrier dont un jour est marqué d'une autre couleur"


def bubbles(c):
    for i, (x, y, w) in enumerate([(180, 140, 520), (560, 330, 540), (240, 500, 380)]):
        w += c.rng.randrange(-40, 40)
        fill = c.main if i % 2 == 0 else c.second
        c.rect(x, y, x + w, y + 130, fill, 40)
        tail_x = x + 60 if i % 2 == 0 else x + w - 60
        c.polygon([(tail_x - 25, y + 125), (tail_x + 25, y + 125), (tail_x, y + 175)], fill)
        for j in range(2):
            c.rect(x + 40, y + 35 + j * 40, x + w - 40 - j * 120, y + 55 + j * 40, c.light, 10)
    return "trois bulles de dialogue qui se répondent"


def sheets(c):
    for i in range(3):
        dx, dy = 380 + i * 70, 80 + i * 50
        c.rect(dx, dy, dx + 400, dy + 520, c.second if i == 0 else c.light, 16)
        if i == 2:
            c.rect(dx, dy, dx + 400, dy + 520, c.main, 16)
            c.rect(dx + 14, dy + 14, dx + 386, dy + 506, c.light, 10)
            for j in range(7):
                width = 300 - c.rng.randrange(0, 120)
                c.rect(dx + 50, dy + 70 + j * 60, dx + 50 + width, dy + 90 + j * 60, c.main, 8)
    return "une pile de feuilles, celle du dessus couverte de lignes de texte"


def steps(c):
    count = 5
    for i in range(count):
        x = 200 + i * 180
        top = 600 - (i + 1) * 90
        c.rect(x, top, x + 180, 640, c.main if i < count - 1 else c.second)
    c.disc(200 + (count - 1) * 180 + 90, 600 - count * 90 - 70, 45, c.second)
    return "un escalier de cinq marches, un disque posé sur la plus haute"


def path_to_flag(c):
    points = [(150, 560), (420, 420), (640, 520), (880, 300), (1080, 220)]
    points = [(x, y + c.rng.randrange(-30, 30)) for x, y in points]
    c.line(points, c.main, 18)
    for x, y in points[:-1]:
        c.disc(x, y, 30, c.main)
        c.disc(x, y, 14, c.light)
    fx, fy = points[-1]
    c.rect(fx - 6, fy - 170, fx + 6, fy + 20, c.main)
    c.polygon([(fx + 6, fy - 170), (fx + 160, fy - 125), (fx + 6, fy - 80)], c.second)
    return "un chemin jalonné d'étapes qui mène à un drapeau"


def podium(c):
    for x, height, fill in [(340, 230, c.main), (540, 340, c.second), (740, 170, c.main)]:
        c.rect(x, 620 - height, x + 200, 620, fill, 8)
    for x, y in [(640, 200), (440, 310), (840, 370)]:
        c.disc(x, y, 50, c.main)
    return "un podium à trois marches, un personnage sur chacune"


def newspaper(c):
    c.rect(260, 90, 1020, 630, c.light, 16)
    c.rect(310, 130, 970, 200, c.main, 8)
    c.rect(310, 240, 620, 440, c.second, 8)
    for j in range(8):
        width = 290 - c.rng.randrange(0, 90)
        c.rect(660, 245 + j * 44, 660 + width, 263 + j * 44, c.main, 6)
    for j in range(3):
        c.rect(310, 480 + j * 44, 970 - c.rng.randrange(0, 200), 498 + j * 44, c.main, 6)
    return "une page de journal avec un titre, une image et des colonnes de texte"


def building(c):
    c.rect(320, 220, 960, 640, c.main, 8)
    c.polygon([(290, 230), (640, 80), (990, 230)], c.second)
    for row in range(3):
        for col in range(5):
            x, y = 370 + col * 118, 270 + row * 105
            if not (row == 2 and col == 2):
                c.rect(x, y, x + 70, y + 65, c.light, 6)
    c.rect(590, 500, 690, 640, c.second, 6)
    return "un bâtiment scolaire aux fenêtres claires, sous un toit en pointe"


def people(c):
    for i in range(4):
        x = 280 + i * 240
        y = 300 + (40 if i % 2 else 0)
        fill = c.second if i == c.rng.randrange(4) else c.main
        c.disc(x, y, 62, fill)
        c.rect(x - 95, y + 90, x + 95, y + 330, fill, 90)
    return "quatre silhouettes côte à côte, l'une d'une autre couleur"


def plates(c):
    for x, y, r in [(400, 360, 230), (880, 360, 190)]:
        c.disc(x, y, r, c.main)
        c.disc(x, y, r - 40, c.light)
        c.disc(x, y, r - 120, c.second)
    c.rect(640, 160, 660, 560, c.main, 10)
    return "deux assiettes vues de dessus, séparées par un couvert"


def screen(c):
    c.rect(300, 100, 980, 540, c.main, 20)
    c.rect(330, 130, 950, 510, c.light, 10)
    for j in range(3):
        c.rect(380, 180 + j * 90, 900, 230 + j * 90, c.main if j < 2 else c.second, 10)
    c.rect(560, 540, 720, 600, c.main)
    c.rect(460, 600, 820, 630, c.main, 10)
    return "un écran d'ordinateur affichant un formulaire"


def open_door(c):
    c.rect(420, 110, 860, 640, c.main, 12)
    c.rect(460, 150, 820, 640, c.light, 6)
    c.polygon([(460, 150), (640, 200), (640, 600), (460, 640)], c.second)
    c.disc(610, 400, 14, c.light)
    for i in range(3):
        c.rect(120 + i * 20, 560 - i * 60, 340, 580 - i * 60, c.main, 8)
    return "une porte grande ouverte sur une pièce claire"


def house(c):
    for i, x in enumerate([300, 680]):
        fill = c.main if i == 0 else c.second
        c.rect(x, 340, x + 300, 620, fill, 8)
        c.polygon([(x - 30, 350), (x + 150, 190), (x + 330, 350)], fill)
        c.rect(x + 110, 470, x + 190, 620, c.light, 6)
    c.disc(640, 180, 40, c.second)
    return "deux maisons côte à côte sous un soleil"


def leaves(c):
    for i in range(5):
        x, y = 250 + i * 200, 360 + c.rng.randrange(-80, 80)
        fill = c.main if i % 2 == 0 else c.second
        c.polygon([(x, y - 170), (x + 90, y), (x, y + 170), (x - 90, y)], fill)
        c.line([(x, y - 150), (x, y + 150)], c.light, 6)
    return "cinq feuilles stylisées alignées"


def play_button(c):
    c.rect(260, 120, 1020, 600, c.main, 24)
    c.disc(640, 360, 120, c.light)
    c.polygon([(600, 290), (700, 360), (600, 430)], c.second)
    c.rect(300, 540, 980, 556, c.light, 8)
    c.rect(300, 540, 520, 556, c.second, 8)
    return "un lecteur vidéo et son bouton lecture"


def circles(c):
    x, y = 640 + c.rng.randrange(-200, 200), 360
    for i, r in enumerate(range(320, 40, -70)):
        c.disc(x, y, r, c.main if i % 2 == 0 else c.light)
    c.disc(x + 260, y - 180, 70, c.second)
    return "des cercles concentriques et un petit disque à leur côté"


# The first matching theme of a project chooses its motif.
THEME_MOTIFS = {
    "collèges": building,
    "bâtiments": building,
    "restauration scolaire": plates,
    "expérience agent": people,
    "ressources humaines": people,
    "relation aux usagers": bubbles,
    "accueil": open_door,
    "simplification administrative": sheets,
    "langage clair": sheets,
    "démarches en ligne": screen,
    "petite enfance": house,
    "protection de l'enfance": house,
    "services éco-responsables": leaves,
}
# A page type (app_label.model) -> its motif.
TYPE_MOTIFS = {
    "home.homepage": people,
    "news.newspage": newspaper,
    "news.postjuryannouncementpage": podium,
    "news.eventpage": calendar,
    "news.trainingpage": steps,
    "news.callforcandidatespage": path_to_flag,
    "alumni.storypage": bubbles,
    "alumni.resourcepage": sheets,
}


def motif_for(page):
    if page._meta.label_lower == "alumni.resourcepage" and page.video_url:
        return play_button
    themes = [tag.name for tag in page.themes.all()] if hasattr(page, "themes") else []
    for theme in themes:
        if theme in THEME_MOTIFS:
            return THEME_MOTIFS[theme]
    return TYPE_MOTIFS.get(page._meta.label_lower, circles)


@functools.lru_cache(maxsize=256)
def draw(key, motif):
    """(PNG bytes, alt text) of one illustration: the same key, the same bytes (kept for
    the process: the demo tests load the demo more than once)."""
    rng = random.Random(hashlib.sha256(key.encode()).digest())  # noqa: S311 - not secret
    colours = palette()
    background, main, second = SCHEMES[rng.randrange(len(SCHEMES))]
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), colours[background])
    canvas = Canvas(ImageDraw.Draw(image), rng, colours[main], colours[second], colours["bg"])
    # A few large soft shapes behind the motif, placed by the same generator.
    for _ in range(3):
        radius = rng.randrange(80, 200)
        canvas.disc(rng.randrange(WIDTH), rng.randrange(HEIGHT), radius, colours["bg"])
    what = motif(canvas)
    image = image.reduce(SCALE)
    image = image.quantize(COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    alt = (
        f"Illustration : {what}, en {COLOUR_NAMES[main]} et {COLOUR_NAMES[second]} "
        f"sur fond {COLOUR_NAMES[background]} parsemé de grands disques blancs."
    )
    return output.getvalue(), alt


def illustration_for(page):
    """The demo image of a page about to be created (made once, found again by title)."""
    title = f"Illustration de démonstration : {page._meta.label_lower} {page.slug}"
    image = CustomImage.objects.filter(title=title).first()
    if image is None:
        content, alt = draw(f"{page._meta.label_lower}/{page.slug}", motif_for(page))
        image = CustomImage(
            title=title,
            alt_text=alt,
            collection=Collection.get_first_root_node(),
            file=ImageFile(io.BytesIO(content), name=f"illustration-{page.slug}.png"),
        )
        image.save()
    return image


def illustrate(page):
    """Give a page being created its illustration, unless it already has a cover."""
    if hasattr(page, "cover_image_id") and page.cover_image_id is None:
        page.cover_image = illustration_for(page)
