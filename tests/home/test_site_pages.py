"""Footer and notices link the contact and legal pages by what they are, never by slug."""

import re
from pathlib import Path

from django.conf import settings as django_settings
from wagtail.models import Site

from cms.site_pages import SitePages
from home.models import ContactPage, LegalPage, LegalPageKind


def footer_links(html):
    footer = html[html.index('<footer class="site-footer">') :]
    return re.findall(r'<a href="([^"]+)"', footer)


def test_without_settings_the_footer_finds_the_pages_by_their_type(client, demo_site_pages):
    links = footer_links(client.get("/").content.decode())
    assert links[:5] == [
        "/accessibilite/",
        "/mentions-legales/",
        "/donnees-personnelles/",
        "/plan-du-site/",
        "/contact/",
    ]


def test_the_pages_chosen_in_the_site_settings_win(client, demo_site_pages):
    site = Site.objects.get(is_default_site=True)
    legal = LegalPage.objects.get(kind=LegalPageKind.LEGAL_NOTICE)
    settings = SitePages.for_site(site)
    # Any page may be chosen: here the legal notice stands in for the contact page.
    settings.contact_page = legal
    settings.save()
    html = client.get("/").content.decode()
    assert footer_links(html)[4] == "/mentions-legales/"
    assert ContactPage.objects.live().exists()


def test_a_chosen_page_that_is_no_longer_live_falls_back_to_the_type(client, demo_site_pages):
    site = Site.objects.get(is_default_site=True)
    legal = LegalPage.objects.get(kind=LegalPageKind.LEGAL_NOTICE)
    SitePages.objects.update_or_create(site=site, defaults={"contact_page": legal})
    legal.unpublish()
    assert footer_links(client.get("/").content.decode())[4] == "/contact/"


def test_the_notices_link_the_personal_data_page(client, demo_site_pages):
    html = client.get("/contact/").content.decode()
    assert 'voir la page <a href="/donnees-personnelles/">données personnelles</a>' in html


def test_no_template_hard_codes_a_path_but_the_home_page():
    hits = []
    for path in (Path(django_settings.BASE_DIR) / "templates").rglob("*.html"):
        for href in re.findall(r'href="(/[^"]*)"', path.read_text()):
            if href != "/":
                hits.append(f"{path}: {href}")
    assert hits == []
