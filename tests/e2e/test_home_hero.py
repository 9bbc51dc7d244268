"""The home page opens on its hero (issue 15): at 1280 x 800 the cover image, the <h1>,
the sentence and both calls to action show without scrolling; at 360 x 740 the <h1>, the
sentence and both calls to action. Boxes measured in the browser, axe at zero."""

import pytest

from cms.publicity import refresh_image_publicity
from home.models import HomePage
from projects.models import ProjectIndexPage
from tests.e2e.conftest import assert_no_axe_violations
from tests.factories.cms import ImageFactory

pytestmark = pytest.mark.django_db(transaction=True)

SENTENCE = (
    "Depuis 2015, l'École du management par l'innovation du Département du Val-d'Oise forme "
    "les cadres des collectivités à repenser leurs services avec les usagers et les agents."
)


@pytest.fixture
def hero_home(live_site):
    home = HomePage.objects.get(depth=2)
    home.intro = SENTENCE
    home.cover_image = ImageFactory(title="Accueil", file__width=1280, file__height=720)
    home.cover_alt_text = "Des agents et des usagers autour d'une table de travail"
    projects = ProjectIndexPage.objects.get()
    contact = home.get_children().get(slug="contact")
    home.calls_to_action = [
        ("button", {"label": "Découvrir les projets", "page": projects}),
        ("button", {"label": "Candidater", "page": contact}),
    ]
    home.save_revision().publish()
    refresh_image_publicity()
    return live_site


def first_screen_problems(page, selectors, height):
    problems = []
    for selector in selectors:
        locator = page.locator(selector)
        assert locator.count() >= 1, selector
        for index in range(locator.count()):
            box = locator.nth(index).bounding_box()
            if box is None or box["y"] < 0 or box["y"] + box["height"] > height:
                problems.append(f"{selector} #{index} hors du premier écran : {box}")
    return problems


@pytest.mark.parametrize(
    ("viewport", "selectors"),
    [
        ((1280, 800), ["h1", ".hero__intro", ".hero__actions a", ".hero__image img"]),
        ((360, 740), ["h1", ".hero__intro", ".hero__actions a"]),
    ],
)
def test_the_hero_shows_its_sentence_and_both_calls_to_action_first(
    browser, hero_home, viewport, selectors
):
    width, height = viewport
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(hero_home.url + "/", wait_until="load")
        assert page.locator(".hero__intro").inner_text() == SENTENCE
        assert page.locator(".hero__actions a").all_inner_texts() == [
            "Découvrir les projets",
            "Candidater",
        ]
        image = page.locator(".hero__image img")
        assert image.get_attribute("fetchpriority") == "high"
        assert image.get_attribute("loading") is None
        assert (
            image.get_attribute("alt") == "Des agents et des usagers autour d'une table de travail"
        )
        assert first_screen_problems(page, selectors, height) == []
        assert_no_axe_violations(page)
    finally:
        context.close()
