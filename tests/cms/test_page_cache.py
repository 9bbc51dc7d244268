"""The page cache (cms.page_cache): who gets a stored page, and what is never stored.

A second anonymous visit is served from the cache without a single query; logged-in
visitors, previews, forms (they set the CSRF cookie), the admin, the health check and
documents always reach the app.
"""

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from cms import page_cache
from cms.page_cache import PageCacheMiddleware, entry_key
from projects.models import ProjectStatus
from tests.cms.outage import CONTACT, public_urls
from tests.factories.alumni import PASSWORD, make_member
from tests.factories.whole_site import build_every_page_type

pytestmark = pytest.mark.django_db


@pytest.fixture
def whole_site(home_page, settings):
    settings.PAGE_CACHE_ENABLED = True
    return build_every_page_type(home_page)


def test_second_anonymous_visit_is_served_without_a_query(
    whole_site, client, django_assert_num_queries
):
    first = client.get("/")
    assert first.status_code == 200
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    # Each answer keeps its own request id and the security headers of the outer layers.
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


@pytest.mark.parametrize("name", ["projets", "projet", "actualites", "agenda", "ressources"])
def test_every_public_page_type_is_cached(whole_site, client, name, django_assert_num_queries):
    url = public_urls()[name]
    assert client.get(url)["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        assert client.get(url)["X-Cache"] == "hit"


def test_feeds_and_sitemap_are_cached(whole_site, client):
    for url in ("/actualites/rss/", "/agenda/ical/", "/sitemap.xml", "/robots.txt"):
        assert client.get(url)["X-Cache"] == "miss", url
        assert client.get(url)["X-Cache"] == "hit", url


def test_head_is_answered_from_the_stored_page(whole_site, client):
    client.get("/projets/")
    assert client.head("/projets/")["X-Cache"] == "hit"


def test_query_string_is_part_of_the_key_in_any_order(rf):
    a = entry_key(rf.get("/projets/?statut=deploye&promotion=1"))
    assert a == entry_key(rf.get("/projets/?promotion=1&statut=deploye"))
    assert a != entry_key(rf.get("/projets/?statut=deploye"))
    assert a != entry_key(rf.get("/projets/?statut=deploye&promotion=1", secure=True))
    # Several values of one filter keep their order.
    assert entry_key(rf.get("/projets/?statut=a&statut=b")) != entry_key(
        rf.get("/projets/?statut=b&statut=a")
    )


def test_filtered_listing_is_not_served_the_unfiltered_page(whole_site, client):
    client.get("/projets/")
    filtered = client.get("/projets/?statut=deploye")
    assert filtered["X-Cache"] == "miss"


def test_logged_in_visitors_never_get_nor_leave_a_stored_page(whole_site, client):
    member = make_member("camille")
    assert client.login(username=member.user.username, password=PASSWORD)
    response = client.get("/")
    assert response.status_code == 200
    assert "X-Cache" not in response
    # What the member saw was not stored for the others.
    assert Client().get("/")["X-Cache"] == "miss"
    assert "X-Cache" not in client.get("/")


def test_a_pending_message_is_shown_rather_than_a_stored_page(whole_site, client):
    client.get("/")
    client.cookies["messages"] = "x"
    assert "X-Cache" not in client.get("/")


@pytest.mark.parametrize("name", ["evenement", "appel", "contact", "projet_feedback"])
def test_pages_with_a_form_are_not_stored_and_carry_their_token(whole_site, client, name):
    """Registration, application, contact and feedback: the CSRF cookie is set with the
    page, so each visitor gets a page of their own and the form needs no JavaScript."""
    if name == "projet_feedback":
        project = whole_site["project"]
        project.status = ProjectStatus.DEPLOYE
        project.save_revision().publish()
        url = project.url
    else:
        url = public_urls()[name]
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert response["X-Cache"] == "bypass"
        assert "csrftoken" in response.cookies
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_contact_form_works_without_javascript_with_the_cache_on(whole_site, settings):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/contact/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    answer = browser.post("/contact/", {**CONTACT, "csrfmiddlewaretoken": token}, follow=True)
    assert answer.status_code == 200
    assert "Merci" in answer.content.decode() or "merci" in answer.content.decode()


def test_admin_health_check_and_documents_are_never_stored(whole_site, client):
    client.get("/admin/login/")
    assert "X-Cache" not in client.get("/admin/login/")
    assert "X-Cache" not in client.get(reverse("health"))
    assert "X-Cache" not in client.get("/documents/1/fiche.pdf")


@pytest.mark.parametrize(
    "headers, status, stored",
    [
        ({}, 200, True),
        ({}, 301, True),
        ({}, 404, False),
        ({"Cache-Control": "private"}, 200, False),
        ({"Cache-Control": "max-age=0, no-cache, no-store, must-revalidate, private"}, 200, False),
        ({"Vary": "Cookie, Accept-Language"}, 200, True),
        ({"Vary": "Origin"}, 200, False),
        ({"Set-Cookie": "a=b"}, 200, False),
    ],
)
def test_what_answers_are_shareable(headers, status, stored):
    response = HttpResponse("x", status=status, headers=headers)
    assert page_cache._shareable(response) is stored


def test_preview_is_never_answered_from_the_cache(whole_site):
    project = whole_site["project"]
    Client().get(project.url)  # stored
    project.title = "Titre en cours de relecture"
    response = project.make_preview_request()
    assert "Titre en cours de relecture" in response.content.decode()
    assert "X-Cache" not in response


def test_cache_off_leaves_every_answer_alone(whole_site, client, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get("/")
    response = client.get("/")
    assert "X-Cache" not in response and "X-Site" not in response
    # With Varnish in front, it still learns which site a shareable page belongs to.
    settings.EDGE_CACHE_URLS = ["http://127.0.0.1:9/"]
    response = client.get("/")
    assert "X-Cache" not in response
    assert response["X-Site"].isdigit()


def test_a_page_computed_across_a_publication_is_kept_by_no_cache(site, rf, settings):
    """The page may hold the old version: neither the page cache nor Varnish keeps it."""
    settings.PAGE_CACHE_ENABLED = True

    def render_while_publishing(request):
        page_cache.invalidate_site(site)
        return HttpResponse("ancienne version")

    response = PageCacheMiddleware(render_while_publishing)(rf.get("/"))
    assert response["X-Cache"] == "bypass"
    assert "X-Site" not in response
    response = PageCacheMiddleware(lambda request: HttpResponse("nouvelle"))(rf.get("/"))
    assert (response["X-Cache"], response["X-Site"]) == ("miss", str(site.pk))
