"""Every page type at a phone's width (360 px) and a desktop's (1280 px): no horizontal
scroll, no layout shift above 0.05 while the page loads, every image with its width,
height and alt, no empty column in a card grid, and axe at zero violations.

The site is built by factories (one live page of every type, each with its cover image
where it has one, a project with its impact table, a rich-text table), not by the demo
loader.
"""

import pytest
from django.apps import apps
from wagtail.models import Page

from cms.covers import CoverImageMixin
from cms.publicity import refresh_image_publicity
from home.models import HomePage
from news.models import EventPage
from projects.models import ProjectStatus
from tests.e2e.conftest import assert_no_axe_violations
from tests.factories.cms import ImageFactory
from tests.factories.pages import make_table_page
from tests.factories.projects import make_project
from tests.factories.whole_site import build_every_page_type

WIDTHS = [360, 1280]
MAX_LAYOUT_SHIFT = 0.05
CARD_GRIDS = ".card-grid, .news-cards, .news-grid"
# Routes that are not pages of their own, and the error page.
EXTRA_PATHS = [
    "/projets/chiffres/",
    "/agenda/archives/",
    "/recherche/?q=accueil",
    "/plan-du-site/",
    "/alumni/connexion/",
    "/page-qui-n-existe-pas/",
]

# The layout shifts of the load, buffered since navigation, read once the page has loaded
# and two frames have been painted.
LAYOUT_SHIFT_JS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""
IMAGES_WITHOUT_ATTRIBUTES_JS = """() => [...document.images]
  .filter(img => !["width", "height", "alt"].every(name => img.hasAttribute(name)))
  .map(img => img.outerHTML.slice(0, 120))"""
# A grid leaves a column empty when it has more visible column tracks than cards
# (collapsed auto-fit tracks are 0 px wide and do not count).
EMPTY_COLUMNS_JS = """(selector) => [...document.querySelectorAll(selector)]
  .filter(grid => getComputedStyle(grid).display === "grid")
  .map(grid => ({
    grid: grid.className,
    columns: getComputedStyle(grid).gridTemplateColumns.split(" ")
      .filter(track => parseFloat(track) > 0).length,
    cards: grid.children.length,
  }))
  .filter(found => found.columns > found.cards)"""


def give_every_page_its_cover():
    """A cover on every page of a type with a card (cms.covers), one of them decorative:
    the renditions are made as the image is saved (the live server's database commits)."""
    image = ImageFactory(title="Couverture", file__width=1280, file__height=720)
    for model in apps.get_models():
        if not issubclass(model, CoverImageMixin) or model._meta.abstract:
            continue
        for number, page in enumerate(model.objects.live()):
            page.cover_image = image
            page.cover_decorative = number == 0 and model is EventPage
            page.cover_alt_text = "" if page.cover_decorative else f"Illustration de {page.title}"
            page.save_revision().publish()
    refresh_image_publicity()


@pytest.fixture
def layout_site(live_site):
    """One live page per type, plus a deployed project with its impact table, three
    project cards for the grids, and a standard page holding a wide rich-text table."""
    home = HomePage.objects.get(depth=2)
    built = build_every_page_type(home)
    section = built["project"].get_parent().specific
    for title in ("Des repas sans plastique", "Une maison des aidants"):
        make_project(
            section,
            title,
            status=ProjectStatus.DEPLOYE,
            cohort=built["project"].cohort,
            with_details=True,
        )
    table_page = make_table_page(home)
    give_every_page_its_cover()
    pages = Page.objects.live().public().specific().exclude(depth=1).order_by("path")
    one_per_type = {}
    for page in pages:
        one_per_type.setdefault(type(page), page.url)
    return {
        "paths": list(one_per_type.values()) + EXTRA_PATHS,
        "table_page": table_page.url,
        "project": section.get_children().live().last().url,
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_type_holds_its_layout(browser, live_site, layout_site, width):
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 800})
    page = context.new_page()
    problems = []
    pictures = 0
    try:
        for path in layout_site["paths"]:
            page.goto(live_site.url + path, wait_until="load")
            shift = page.evaluate(LAYOUT_SHIFT_JS)
            if shift > MAX_LAYOUT_SHIFT:
                problems.append(f"{path} : décalage de mise en page {shift:.3f}")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                problems.append(f"{path} : page large de {scroll_width} px à {width} px")
            for image in page.evaluate(IMAGES_WITHOUT_ATTRIBUTES_JS):
                problems.append(f"{path} : image sans width, height ou alt : {image}")
            pictures += page.locator("picture img").count() > 0
            for grid in page.evaluate(EMPTY_COLUMNS_JS, CARD_GRIDS):
                problems.append(f"{path} : colonne vide dans la grille {grid}")
            assert_no_axe_violations(page)
    finally:
        context.close()
    assert problems == []
    assert len(layout_site["paths"]) > len(EXTRA_PATHS) + 15  # every page type was seen
    assert pictures >= 12, "pages and listings with their covers were among them"


def test_the_card_grid_check_sees_an_empty_column(page, layout_site):
    """The empty-column check can fail: a grid of fixed columns left half empty."""
    page.goto(layout_site["project"])
    page.evaluate(
        """() => {
          const grid = document.createElement("div");
          grid.className = "card-grid";
          grid.style.gridTemplateColumns = "repeat(4, 10rem)";
          grid.innerHTML = "<div class='card'></div><div class='card'></div>";
          document.querySelector("main").append(grid);
        }"""
    )
    empty = page.evaluate(EMPTY_COLUMNS_JS, CARD_GRIDS)
    assert empty == [{"grid": "card-grid", "columns": 4, "cards": 2}]


def test_the_header_holds_on_one_line_on_a_desktop(page):
    page.goto("/")
    boxes = [
        page.locator(selector).bounding_box()
        for selector in (".site-brand", ".site-search", ".site-account")
    ]
    for box in boxes[1:]:  # each one's middle lies within the site name's height
        middle = box["y"] + box["height"] / 2
        assert boxes[0]["y"] <= middle <= boxes[0]["y"] + boxes[0]["height"]


def test_the_phone_menu_is_collapsed_from_the_start_and_shown_without_javascript(
    browser, live_site
):
    for javascript in (True, False):
        context = browser.new_context(
            locale="fr-FR", viewport={"width": 360, "height": 740}, java_script_enabled=javascript
        )
        page = context.new_page()
        page.goto(live_site.url + "/")
        menu_link = page.locator("#main-nav-list a", has_text="L'EMI")
        toggle = page.locator(".main-nav__toggle")
        assert menu_link.is_visible() is not javascript
        assert toggle.is_visible() is javascript
        context.close()


def test_wide_tables_scroll_in_a_region_the_keyboard_reaches(page, layout_site):
    page.set_viewport_size({"width": 320, "height": 800})
    for path in ("/donnees-personnelles/", layout_site["table_page"], layout_site["project"]):
        page.goto(path)
        regions = page.locator(".table-scroll")
        assert regions.count() >= 1, path
        for index in range(regions.count()):
            region = regions.nth(index)
            caption = region.locator("caption").inner_text()
            assert region.get_attribute("role") == "region"
            assert region.get_attribute("aria-label") == caption
            assert region.get_attribute("tabindex") == "0"
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        # Tab until the first region has the focus, then the arrow keys scroll it.
        region = regions.first
        for _ in range(60):
            page.keyboard.press("Tab")
            if region.evaluate("element => element === document.activeElement"):
                break
        else:
            pytest.fail(f"{path} : le tableau n'est pas atteignable au clavier")
        assert region.evaluate("element => element.scrollWidth > element.clientWidth"), path
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => document.activeElement.scrollLeft > 0")


def test_escape_closes_the_phone_menu_and_gives_the_focus_back(page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    toggle = page.get_by_role("button", name="Menu")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.get_by_role("link", name="L'EMI", exact=True).focus()
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.evaluate("element => element === document.activeElement")
    assert not page.get_by_role("link", name="L'EMI", exact=True).is_visible()


@pytest.mark.parametrize("viewport", [(1280, 800), (360, 740)])
def test_a_project_page_shows_its_headline_result_in_the_first_screen(
    browser, live_site, layout_site, viewport
):
    width, height = viewport
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(live_site.url + layout_site["project"])
        headline = page.locator(".project__header .project-headline")
        assert "35" in headline.inner_text() and "12" in headline.inner_text()
        box = headline.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, box
    finally:
        context.close()
