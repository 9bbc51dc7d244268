"""What cms.page_queries keeps between requests follows the site: a publication, a
restriction, an unpublication or a new address shows on the next request, and routing
answers as Wagtail's (an index's routes, unknown addresses, breadcrumbs)."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms import page_cache, page_queries
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


def test_the_menu_and_the_restrictions_are_read_with_the_route(client, demo_site_pages):
    draft = StandardPageFactory(
        parent=demo_site_pages, slug="brouillon", title="Rubrique en brouillon", live=False
    )
    draft.show_in_menus = True
    draft.save()
    child(child(demo_site_pages, StandardPageFactory, "l-emi"), StandardPageFactory, "methode")
    page_cache.invalidate_site()  # as a publication: nothing kept
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/l-emi/methode/")
    menu = text_of(response, 'id="main-nav-list"', "</ul>")
    assert "L'EMI" in menu and "Rubrique en brouillon" not in menu
    # The sections come with the route's pages: no query of their own.
    # No query filters on show_in_menus (the column is read, never a condition).
    assert not [q for q in queries if re.search(r'"show_in_menus"(?!,| AS )', q["sql"])]
    route = [q["sql"] for q in queries if "wagtailcore_pageviewrestriction" in q["sql"]]
    assert len(route) == 1 and "UNION" in route[0]
    assert "Rubrique en brouillon" not in menu_of(client)
    PageViewRestriction.objects.create(
        page=demo_site_pages.get_children().get(slug="l-emi"),
        restriction_type=PageViewRestriction.LOGIN,
    )
    assert client.get("/l-emi/methode/").status_code == 302  # read with the route
    assert "L'EMI" not in menu_of(client)


def test_the_restricted_sections_and_the_aliases_are_read_in_one_query(demo_site_pages):
    about = child(demo_site_pages, StandardPageFactory, "l-emi")
    page_cache.invalidate_site()
    with CaptureQueriesContext(connection) as queries:
        known = page_queries.restricted_sections()
    assert len(queries) == 1
    assert known == {"sections": [], "aliases": False}
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    assert page_queries.restricted_sections() == {
        "sections": [(about.path, about.depth, about.pk)],
        "aliases": False,
    }
    about.create_alias(update_slug="l-emi-bis")
    page_cache.invalidate_site()
    assert page_queries.restricted_sections()["aliases"] is True
    assert page_queries.is_public(about) is False
    assert page_queries.is_public(demo_site_pages) is True


def test_the_home_page_announces_the_feeds_of_its_public_sections(client, demo_site_pages):
    home = client.get("/").content.decode()
    assert 'href="/actualites/rss/"' in home and 'href="/agenda/ical/"' in home
    news = demo_site_pages.get_children().get(slug="actualites")
    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.LOGIN)
    home = client.get("/").content.decode()
    assert 'href="/actualites/rss/"' not in home and 'href="/agenda/ical/"' in home
