import re

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from wagtail.models import Page

from tests.sitemap_reader import sitemap_text

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = [
    "/",
    "/l-emi/",
    "/l-emi/methode/",
    "/contact/",
    "/mentions-legales/",
    "/accessibilite/",
    "/donnees-personnelles/",
    "/plan-du-site/",
    "/recherche/",
    "/recherche/?q=innovation",
]


def h1_count(html):
    return len(re.findall(r"<h1[\s>]", html))


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_every_page_renders_in_french_with_one_h1(client, demo_site_pages, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert h1_count(html) == 1
    assert 'href="#contenu"' in html and 'id="contenu"' in html
    assert "Accessibilité : non conforme" in html


def test_home_shows_trainings_and_historical_figures_labelled_as_such(client, demo_site_pages):
    html = client.get("/").content.decode()
    for training in ("Découverte", "Courte", "Longue"):
        assert training in html
    assert "L'EMI depuis 2015" in html or "L&#x27;EMI depuis 2015" in html
    assert "Chiffres historiques" in html
    assert ">300<" in html and ">62<" in html and ">14<" in html


def test_historical_figures_come_from_site_settings(client, demo_site_pages):
    from cms.models import SiteSettings

    settings = SiteSettings.objects.get()
    settings.figures_agents_trained = 412
    settings.save()
    assert ">412<" in client.get("/").content.decode()


def test_main_menu_links_only_to_pages_shown_in_menus(client, demo_site_pages):
    html = client.get("/").content.decode()
    nav = html.split('aria-label="Menu principal"')[1].split("</nav>")[0]
    assert 'href="/l-emi/"' in nav
    assert 'href="/mentions-legales/"' not in nav
    Page.objects.get(slug="l-emi").specific.unpublish()
    nav = client.get("/").content.decode().split('aria-label="Menu principal"')[1]
    assert 'href="/l-emi/"' not in nav.split("</nav>")[0]


def test_breadcrumbs_on_a_nested_page(client, demo_site_pages):
    html = client.get("/l-emi/methode/").content.decode()
    crumbs = html.split('aria-label="Fil d\'Ariane"')[1].split("</nav>")[0]
    assert 'href="/"' in crumbs and 'href="/l-emi/"' in crumbs
    assert 'aria-current="page">Notre méthode' in crumbs


def test_legal_notice_shows_settings_values(client, demo_site_pages):
    from cms.models import SiteSettings

    settings = SiteSettings.objects.get()
    settings.host_name = "Hébergeur Exemple SAS"
    settings.publication_director = "Mme la Présidente"
    settings.save()
    html = client.get("/mentions-legales/").content.decode()
    assert "Hébergeur Exemple SAS" in html
    assert "Mme la Présidente" in html


def test_404_is_in_french(client, demo_site_pages):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    assert '<html lang="fr">' in html


def test_500_page_renders_without_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Le site rencontre un problème" in html
    assert '<html lang="fr">' in html


def test_site_map_lists_live_public_pages_only(client, demo_site_pages):
    Page.objects.get(slug="methode").specific.unpublish()
    html = client.get("/plan-du-site/").content.decode()
    assert 'href="/l-emi/"' in html
    assert 'href="/mentions-legales/"' in html
    assert 'href="/l-emi/methode/"' not in html


def test_sitemap_xml_and_robots(client, demo_site_pages):
    from wagtail.models import PageViewRestriction

    restricted = Page.objects.get(slug="methode")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    body = sitemap_text(client)
    assert "/l-emi/</loc>" in body
    assert "/methode/" not in body
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    text = robots.content.decode()
    assert "Disallow: /admin/" in text
    assert "Disallow: /alumni/mon-profil/" in text
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text


def test_noindex_page_leaves_sitemap(client, demo_site_pages):
    page = Page.objects.get(slug="l-emi").specific
    page.noindex = True
    page.save_revision().publish()
    assert "/l-emi/</loc>" not in sitemap_text(client)
    assert '<meta name="robots" content="noindex">' in client.get("/l-emi/").content.decode()


def test_public_pages_send_a_strict_csp_and_the_admin_its_own(
    client, admin_client, demo_site_pages
):
    public = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in public
    assert "unsafe-inline" not in public
    assert "http" not in public  # no third-party origin
    admin = admin_client.get("/admin/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in admin
    assert "nonce-" not in admin


def test_load_demo_is_idempotent(demo_site_pages):
    from cms.models import CustomImage, SiteSettings

    call_command("load_demo", stdout=open("/dev/null", "w"))
    count = Page.objects.count()
    ids = sorted(Page.objects.values_list("id", flat=True))
    images = CustomImage.objects.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert Page.objects.count() == count
    assert CustomImage.objects.count() == images, "the illustrations are made once"
    assert sorted(Page.objects.values_list("id", flat=True)) == ids
    assert SiteSettings.objects.count() == 1


def test_load_demo_prints_progress(capsys, db):
    from tests.conftest import ensure_wagtail_roots

    ensure_wagtail_roots()
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "→ Site" in out
    assert "Contenu de démonstration prêt" in out


def test_ensure_admin_prints_the_password_once(capsys, db):
    from django.contrib.auth import get_user_model

    call_command("ensure_admin")
    first = capsys.readouterr().out
    assert "identifiant : admin" in first and "mot de passe :" in first
    password = first.split("mot de passe :")[1].strip().split()[0]
    assert get_user_model().objects.get(username="admin").check_password(password)
    call_command("ensure_admin")
    second = capsys.readouterr().out
    assert "mot de passe :" not in second
    assert get_user_model().objects.get(username="admin").check_password(password)


def test_api_lists_live_pages_only(client, demo_site_pages):
    Page.objects.get(slug="methode").specific.unpublish()
    response = client.get("/api/v2/pages/?limit=50")
    assert response.status_code == 200
    slugs = {item["meta"]["slug"] for item in response.json()["items"]}
    assert "l-emi" in slugs
    assert "methode" not in slugs


def test_header_offers_the_alumni_space(client, demo_site_pages, django_user_model):
    html = client.get("/").content.decode()
    assert 'href="/alumni/connexion/">Espace alumni : se connecter' in html
    client.force_login(django_user_model.objects.create_user("alice", "alice@example.org"))
    assert 'href="/alumni/mon-profil/">Mon espace alumni' in client.get("/").content.decode()


def test_canonical_link_is_the_address_without_query(client, demo_site_pages):
    html = client.get("/l-emi/?utm=x").content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1:8000/l-emi/">' in html


def test_search_survives_full_text_syntax(client, demo_site_pages):
    for query in ['"', '"innovation', "innov*", "(a OR b", "-", "%00"]:
        assert client.get("/recherche/", {"q": query}).status_code == 200


@pytest.mark.parametrize("slug", ["chiffres", "archives", "ical", "rss", "atom", "embed"])
def test_no_page_may_take_a_reserved_route_slug(demo_site_pages, slug):
    from django.core.exceptions import ValidationError

    from home.models import StandardPage

    page = StandardPage(title="Une page", slug=slug)
    with pytest.raises(ValidationError, match="réservé"):
        page.full_clean()
