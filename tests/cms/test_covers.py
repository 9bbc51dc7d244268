"""A cover image on every page type with a card (cms.covers, issue 15 item 1).

The editor gives the image, an alt text for this use (else the image's own) or ticks
« image décorative » (alt=""); the page shows it at the top, loaded first, and its card
shows it lazily, with its width and height; a listing of N cards costs the same number
of queries as a listing of one.
"""

import html
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alumni.models import StoryIndexPage, StoryPage
from cms.covers import MISSING_ALT, CoverImageMixin
from cms.publicity import refresh_image_publicity
from news.models import CallForCandidatesPage, EventPage, NewsPage, TrainingPage
from projects.models import ProjectPage
from tests.factories.alumni import committed, publish
from tests.factories.cms import ImageFactory
from tests.factories.news import EventPageFactory, NewsPageFactory
from tests.factories.projects import make_project
from tests.factories.resources import make_resource
from tests.factories.whole_site import CallForCandidatesPageFactory, build_every_page_type

from .test_html_validity import check_html

pytestmark = pytest.mark.django_db

IMG = re.compile(r"<img\b[^>]*>")


def attributes(tag):
    return {name: html.unescape(value) for name, value in re.findall(r'(\w+)="([^"]*)"', tag)}


def images_in(response):
    assert response.status_code == 200
    return [attributes(tag) for tag in IMG.findall(response.content.decode())]


def cover(title, **fields):
    return ImageFactory(title=title, file__width=640, file__height=360, **fields)


# --- the editor's choice: alt text for this use, or decorative ------------------------


def test_every_page_type_with_a_card_takes_the_cover_fields():
    covered = {model for model in apps.get_models() if issubclass(model, CoverImageMixin)}
    expected = {ProjectPage, NewsPage, EventPage, TrainingPage, CallForCandidatesPage, StoryPage}
    assert expected <= covered
    assert {m._meta.label for m in covered} >= {
        "alumni.ResourcePage",
        "news.PostJuryAnnouncementPage",
    }


@pytest.fixture
def a_news(home_page):
    return build_every_page_type(home_page)["news"]


def test_an_image_without_alt_text_asks_for_one_or_for_decorative(a_news):
    a_news.cover_image = cover("Sans texte", alt_text="")
    with pytest.raises(ValidationError) as refused:
        a_news.full_clean()
    assert refused.value.message_dict["cover_alt_text"] == [MISSING_ALT]
    assert "image décorative" in MISSING_ALT

    a_news.cover_alt_text = "Des agents autour d'une maquette"
    a_news.full_clean()
    assert a_news.cover_alt == "Des agents autour d'une maquette"

    a_news.cover_alt_text = ""
    a_news.cover_decorative = True
    a_news.full_clean()
    assert a_news.cover_alt == ""


def test_the_alt_text_defaults_to_the_image_s_own(a_news):
    a_news.cover_image = cover("Atelier", alt_text="Un atelier avec des usagers")
    a_news.full_clean()
    assert a_news.cover_alt == "Un atelier avec des usagers"
    a_news.cover_alt_text = "Ici : la restitution du projet"
    assert a_news.cover_alt == "Ici : la restitution du projet"


def test_an_image_decorative_in_the_library_still_needs_a_choice_on_the_page(a_news):
    a_news.cover_image = cover("Fond", alt_text="", is_decorative=True)
    with pytest.raises(ValidationError):
        a_news.full_clean()


def test_an_old_revision_with_image_keeps_its_picture(a_news):
    image = cover("Avant")
    revision = a_news.save_revision()
    content = dict(revision.content)
    content.pop("cover_image", None)
    content["image"] = image.pk
    revision.content = content
    revision.save(update_fields=["content"])
    assert revision.as_object().cover_image_id == image.pk


# --- on the page and on its card -------------------------------------------------------


@pytest.fixture
def covered_site(home_page):
    """Every page type with a card, each with its cover: one decorative, the others with
    their own alt text; the renditions made as in production (after the commit)."""
    with committed():
        pages = build_every_page_type(home_page)
        story_index = StoryIndexPage.objects.get()
        pages["story"] = publish(
            story_index,
            StoryPage(title="Notre équipe a tout revu", slug="tout-revu", body="<p>Oui.</p>"),
        )
        pages["training"] = TrainingPage.objects.get()
        pages["call"] = CallForCandidatesPage.objects.get()
        pages["resource"] = apps.get_model("alumni", "ResourcePage").objects.get()
        for name, page in pages.items():
            page.cover_image = cover(f"Couverture {name}")
            if name == "event":
                page.cover_decorative = True
            else:
                page.cover_alt_text = f"Ce que montre la couverture de {name}"
            page.save_revision().publish()
        refresh_image_publicity()
    return {name: page.specific_class.objects.get(pk=page.pk) for name, page in pages.items()}


LISTINGS = {
    "project": "/projets/",
    "news": "/actualites/",
    "event": "/agenda/",
    "training": "/formations/",
    "call": "/formations/",
    "story": "/alumni/temoignages/",
    "resource": "/ressources/",
}


def expected_alt(name):
    return "" if name == "event" else f"Ce que montre la couverture de {name}"


@pytest.mark.parametrize("name", list(LISTINGS))
def test_the_page_opens_on_its_cover_loaded_first(client, covered_site, name, caplog):
    images = images_in(client.get(covered_site[name].url))
    covers = [
        img for img in images if img.get("alt") == expected_alt(name) and "fetchpriority" in img
    ]
    assert len(covers) == 1, images
    header = covers[0]
    assert header["fetchpriority"] == "high"
    assert "loading" not in header, "the first screen's image is not lazy"
    assert header["width"] and header["height"]
    assert "rendition generated during a public request" not in caplog.text


@pytest.mark.parametrize("name", list(LISTINGS))
def test_the_card_shows_the_cover_lazily_with_its_size(client, covered_site, name, caplog):
    page = covered_site[name]
    response = client.get(LISTINGS[name])
    content = response.content.decode()
    card = content[: content.index(f'href="{page.url}"')]
    card = card[card.rindex("<article") :]
    [img] = [attributes(tag) for tag in IMG.findall(card)]
    assert img["alt"] == expected_alt(name)
    assert img["loading"] == "lazy"
    assert (img["width"], img["height"]) == ("640", "360")
    assert "<source" in card and 'type="image/webp"' in card, "a <picture> in every format"
    assert "rendition generated during a public request" not in caplog.text


def test_the_home_page_cards_show_their_covers(client, covered_site):
    alts = {img.get("alt") for img in images_in(client.get("/"))}
    assert expected_alt("event") in alts
    assert expected_alt("project") in alts or expected_alt("call") in alts


# --- a listing's queries do not grow with its cards -----------------------------------


def count_queries(client, url):
    client.get(url)  # warm what is cached per process
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_covered_cards(site, count, start):
    """`count` more pages of every type with a card, each with a cover of its own."""
    pages = site
    section = pages["project"].get_parent()
    news_parent = pages["news"].get_parent()
    event_parent = pages["event"].get_parent()
    story_index = StoryIndexPage.objects.get()
    library = pages["resource"].get_parent()
    training = pages["training"]
    with committed():
        for n in range(start, start + count):
            image = cover(f"Carte {n}")
            make_project(section, f"Projet {n}", cohort=pages["project"].cohort, cover_image=image)
            NewsPageFactory(parent=news_parent, title=f"Nouvelle {n}", cover_image=image)
            EventPageFactory(
                parent=event_parent,
                title=f"Rencontre {n}",
                start=pages["event"].start,
                cover_image=image,
            )
            CallForCandidatesPageFactory(
                parent=training,
                title=f"Appel {n}",
                slug=f"appel-{n}",
                opening_date=pages["call"].opening_date,
                closing_date=pages["call"].closing_date,
                cover_image=image,
            )
            publish(
                story_index,
                StoryPage(
                    title=f"Récit {n}", slug=f"recit-{n}", body="<p>Oui.</p>", cover_image=image
                ),
            )
            make_resource(library.specific, f"Ressource {n}", cover_image=image)
        refresh_image_publicity()


def test_card_listings_cost_the_same_queries_with_one_or_four_covers(client, covered_site, capsys):
    urls = sorted(set(LISTINGS.values())) + ["/"]
    few = {url: count_queries(client, url) for url in urls}
    add_covered_cards(covered_site, 3, start=1)
    many = {url: count_queries(client, url) for url in urls}
    with capsys.disabled():
        print(f"\nrequêtes SQL, listes avec couvertures (1 → 4 cartes) : {few} → {many}")
    assert few == many


def test_pages_and_listings_with_covers_are_valid_html(client, covered_site, tmp_path):
    urls = sorted({page.url for page in covered_site.values()} | set(LISTINGS.values()) | {"/"})
    documents = {url: client.get(url).content for url in urls}
    errors = check_html(documents, tmp_path)
    assert errors == [], "\n".join(errors)
