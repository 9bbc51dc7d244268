"""What cms.page_queries keeps between requests follows the site: a publication, a
restriction, an unpublication or a new address shows on the next request, and routing
answers as Wagtail's (an index's routes, unknown addresses, breadcrumbs)."""

import html

import pytest
from wagtail.models import PageViewRestriction

from tests.factories.pages import StandardPageFactory, child

pytestmark = pytest.mark.django_db


def text_of(response, start, end):
    content = html.unescape(response.content.decode())
    begin = content.index(start)
    return content[begin : content.index(end, begin)]


def menu_of(client):
    return text_of(client.get("/"), 'id="main-nav-list"', "</ul>")


def test_the_cached_menu_follows_publications(client, demo_site_pages):
    assert "Nouvelle rubrique" not in menu_of(client)
    page = StandardPageFactory(
        parent=demo_site_pages, slug="rubrique", title="Nouvelle rubrique", show_in_menus=True
    )
    assert "Nouvelle rubrique" in menu_of(client)
    page.unpublish()
    assert "Nouvelle rubrique" not in menu_of(client)


def test_a_restriction_hides_a_section_from_the_menu_and_its_pages(client, demo_site_pages):
    about = child(demo_site_pages, StandardPageFactory, "l-emi")
    assert "L'EMI" in menu_of(client)
    assert client.get("/l-emi/methode/").status_code == 200
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    assert "L'EMI" not in menu_of(client)
    assert client.get("/l-emi/methode/").status_code == 302  # to the login page


def test_an_index_route_an_unknown_address_and_a_new_address(client, demo_site_pages):
    assert client.get("/projets/chiffres/").status_code == 200
    assert client.get("/projets/inconnu/").status_code == 404
    assert client.get("/projets/inconnu/").status_code == 404
    assert client.get("/l-emi/methode/").status_code == 200
    method = child(
        child(demo_site_pages, StandardPageFactory, "l-emi"), StandardPageFactory, "methode"
    )
    method.slug = "notre-methode"
    method.save_revision().publish()
    assert client.get("/l-emi/methode/").status_code == 404
    response = client.get("/l-emi/notre-methode/")
    assert response.status_code == 200
    crumbs = text_of(response, 'aria-label="Fil d\'Ariane"', "</ol>")
    assert "Accueil" in crumbs and "L'EMI" in crumbs and "Notre méthode" in crumbs
