"""The demo's legal pages are complete: the host named, third-party content told as it
is, the accessibility statement after the official model."""

import html

import pytest

from cms.models import SiteSettings
from home.demo import site as demo_site
from tests.demo_report import quiet_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages():
    demo_site.load(quiet_report())


def text_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_legal_notice_names_the_host_and_the_video_exception(client, site_pages):
    html = text_of(client, "/mentions-legales/")
    assert "Département du Val-d&#x27;Oise, direction du numérique" in html
    assert "seront publiées ici" not in html
    assert "Contenus de sites tiers" in html and "que lorsque vous cliquez" in html
    assert "ne charge aucun contenu de sites tiers" not in html


def test_the_accessibility_statement_follows_the_official_model(client, site_pages):
    html = text_of(client, "/accessibilite/")
    for section in (
        "État de conformité",
        "Contenus non accessibles",
        "Établissement de cette déclaration",
        "Technologies utilisées",
        "Environnement de test",
        "Pages vérifiées",
        "Retour d&#x27;information et contact",
        "Voies de recours",
        "Schéma pluriannuel et plan d&#x27;actions",
    ):
        assert f">{section}</h" in html, section
    assert "établie le 1er novembre 2026" in html
    assert "Défenseur des droits" in html and "Libre réponse 71120" in html


def test_an_editor_s_own_host_is_kept_by_a_second_load(site_pages):
    settings = SiteSettings.objects.get()
    settings.host_name = "Hébergeur choisi par l'éditeur"
    settings.save()
    report = quiet_report()
    demo_site.load(report)
    assert SiteSettings.objects.get().host_name == "Hébergeur choisi par l'éditeur"
    assert report.created == 0


def test_the_accessibility_scheme_and_this_year_s_plan_are_linked_from_every_page(
    client, site_pages
):
    footer = html.unescape(text_of(client, "/contact/").split('class="site-footer"')[1])
    assert 'href="/schema-pluriannuel-accessibilite/">Schéma pluriannuel d\'accessibilité' in footer
    assert (
        "href=\"/plan-actions-accessibilite-2026/\">Plan d'actions d'accessibilité 2026" in footer
    )
    scheme = html.unescape(text_of(client, "/schema-pluriannuel-accessibilite/"))
    for section in ("Organisation", "Ce qui est couvert", "Les trois années", "Suivi"):
        assert f">{section}</h2>" in scheme, section
    assert "décret n° 2019-768" in scheme
    plan = html.unescape(text_of(client, "/plan-actions-accessibilite-2026/"))
    assert ">Actions de l'année</h2>" in plan and "audit de conformité au RGAA" in plan
