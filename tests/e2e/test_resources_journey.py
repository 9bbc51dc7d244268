"""The resource library in the browser: a member finds and downloads a members-only kit.

The data is built inside each test: `live_site` only loads the site's frame.
"""

import re

import pytest

from tests.e2e.conftest import assert_no_axe_violations
from tests.factories.alumni import make_member
from tests.factories.cms import make_document
from tests.factories.resources import build_library, make_resource

KIT_GUIDE = b"%PDF-1.4\n% Kit mesure d'impact : le guide\n%%EOF\n"
KIT_GRID = "\ufeffindicateur;cible;valeur\ndélai moyen;30 jours;42 jours\n".encode()


@pytest.fixture
def library(live_site):
    from home.models import HomePage

    shelf = build_library(HomePage.objects.get(), show_in_menus=True)
    index, members = shelf["index"], shelf["members_collection"]
    kit = make_resource(
        index,
        "Kit mesure d'impact",
        slug="kit-mesure-d-impact",
        resource_type="kit",
        audience="membres",
        summary="Le guide et la grille d'indicateurs pour mesurer l'impact d'un projet.",
        modules=[shelf["impact"]],
        files=[
            make_document("Guide de la mesure d'impact", members, KIT_GUIDE, stem="kit-guide"),
            make_document("Grille d'indicateurs", members, KIT_GRID, "csv", stem="kit-grille"),
        ],
    )
    make_resource(
        index,
        "Fiche outil : le parcours usager",
        summary="Dessiner le parcours d'un usager, étape par étape, avant de changer un service.",
        modules=[shelf["design"]],
        files=[make_document("Fiche parcours usager", shelf["public_collection"])],
    )
    talk = make_resource(
        index,
        "Conférence : mesurer ce qui compte",
        resource_type="conference",
        summary="Une conférence enregistrée sur la mesure d'impact des politiques publiques.",
        modules=[shelf["impact"]],
        video_url="https://www.youtube.com/watch?v=abcdefghijk",
        transcript="<p>Bonjour à toutes et à tous. Mesurer l'impact commence par une "
        "question simple : qu'est-ce qui change pour les usagers ?</p>",
    )
    return {"index": index, "kit": kit, "talk": talk}


def test_member_finds_and_downloads_the_members_only_kit(page, library, live_site):
    kit = library["kit"]
    guide = kit.files.order_by("sort_order").first().document

    # An anonymous visitor finds the kit in two clicks, sees it is for members only.
    page.goto("/")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Ressources"
    ).click()
    page.get_by_role("link", name="Kit mesure d'impact").click()
    page.wait_for_load_state()
    assert page.url.endswith(kit.url)
    assert page.get_by_text("Réservé aux membres du réseau des alumni.").is_visible()
    assert page.locator("a[href^='/documents/']").count() == 0
    assert_no_axe_violations(page)

    # Neither the document's address nor any /media/ address gives the file away.
    response = page.request.get(live_site.url + guide.url)
    assert "/alumni/connexion/" in response.url
    assert response.body() != KIT_GUIDE
    for path in ("/media/" + guide.file.name, "/media/documents/" + guide.filename):
        assert page.request.get(live_site.url + path).status == 404

    # "Se connecter pour télécharger", then back on the kit, with its files.
    member = make_member("Inès", "Martin")
    page.get_by_role("link", name="Se connecter pour télécharger").click()
    page.get_by_label("Adresse électronique ou identifiant").fill(member.user.username)
    page.get_by_label(re.compile("^Mot de passe")).fill("mot-de-passe-de-test")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    assert page.url.endswith(kit.url)
    assert page.get_by_text("(PDF, ").is_visible()
    assert_no_axe_violations(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger « Guide de la mesure d'impact »").click()
    download = download_info.value
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == KIT_GUIDE


def test_library_filters_and_pages_pass_axe(page, library):
    page.goto("/ressources/")
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)

    # Browsing by module narrows the list; the filter is a slug in the address.
    page.get_by_role("navigation", name="Parcourir par module de la formation").get_by_role(
        "link", name=re.compile("^Mesure d'impact")
    ).click()
    page.wait_for_load_state()
    assert page.url.endswith("/ressources/?module=mesure-d-impact")
    assert page.get_by_role(
        "heading", name="2 ressources correspondent à vos critères"
    ).is_visible()
    assert page.get_by_role("link", name="Fiche outil : le parcours usager").count() == 0

    # Search and an empty result.
    page.get_by_label("Mots-clés").fill("introuvablemot")
    page.get_by_role("button", name="Afficher les ressources").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Aucune ressource").is_visible()
    assert_no_axe_violations(page)


def test_the_video_of_a_talk_loads_only_on_click(page, library):
    video_requests = []
    page.on(
        "request",
        lambda request: video_requests.append(request.url) if "youtube" in request.url else None,
    )
    page.goto(library["talk"].url)
    assert page.get_by_role("heading", name="Transcription").is_visible()
    assert page.locator("iframe").count() == 0
    assert_no_axe_violations(page)
    assert video_requests == []

    page.get_by_role("button", name="Charger la vidéo depuis YouTube").click()
    frame = page.locator("iframe.video-placeholder__frame")
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/abcdefghijk"
    assert frame.get_attribute("title") == "Conférence : mesurer ce qui compte (vidéo YouTube)"
