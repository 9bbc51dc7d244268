"""Who may read and who may frame: CORS headers only on the open data (API, exports,
schema, catalogue, iCal), any origin, GET only, no credentials; only the embeds may be
framed, by any site; every other answer keeps X-Frame-Options DENY and
frame-ancestors 'none'."""

import html

import pytest

from tests.factories.site import build_site_frame

pytestmark = pytest.mark.django_db
ORIGIN = "https://www.somme.example.test"

OPEN_DATA_URLS = [
    "/api/v2/pages/",
    "/projets/export.csv",
    "/projets/export.json",
    "/donnees/schema-projets.json",
    "/donnees/catalogue.jsonld",
    "/agenda/ical/",
]
OTHER_URLS = ["/", "/projets/", "/donnees/", "/s-abonner/", "/actualites/rss/", "/plan-du-site/"]
EMBED_URLS = ["/projets/embed/", "/agenda/embed/"]


@pytest.fixture
def site_frame(home_page):
    return build_site_frame(home_page)


def frame_ancestors(response):
    policy = response["Content-Security-Policy"]
    directive = next(part.strip() for part in policy.split(";") if "frame-ancestors" in part)
    return directive.split()[1:]


@pytest.mark.parametrize("url", OPEN_DATA_URLS)
def test_open_data_is_readable_from_any_origin(client, site_frame, url):
    response = client.get(url, headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.parametrize("url", OPEN_DATA_URLS[:3])
def test_preflight_allows_get_only(client, site_frame, url):
    response = client.options(
        url, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"}
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "OPTIONS"}


@pytest.mark.parametrize("url", OTHER_URLS + EMBED_URLS)
def test_other_routes_send_no_cors_header(client, site_frame, url):
    response = client.get(url, headers={"Origin": ORIGIN})
    assert response.status_code == 200, url
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("url", EMBED_URLS)
def test_embeds_are_frameable_by_any_site(client, site_frame, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert frame_ancestors(response) == ["*"]


def test_an_unknown_collectivity_in_an_embed_is_a_frameable_french_404(client, site_frame):
    response = client.get("/projets/embed/?collectivite=atlantide")
    assert response.status_code == 404
    assert "X-Frame-Options" not in response
    assert frame_ancestors(response) == ["*"]
    text = html.unescape(response.content.decode())
    assert "Aucune collectivité n'a l'identifiant « atlantide »" in text


@pytest.mark.parametrize("url", OTHER_URLS + ["/projets/chiffres/", "/agenda/"])
def test_every_other_page_stays_unframeable(client, site_frame, url):
    response = client.get(url)
    assert response["X-Frame-Options"] == "DENY"
    assert frame_ancestors(response) == ["'none'"]
