"""The site frame the page tests hang from: home page, default site, indexes, contact
and legal pages, as an editor sets them up (the demo content is not involved)."""

from wagtail.models import Page, Site

from cms.models import SiteSettings
from cms.site_address import DEFAULT_SITE_NAME, parse_public_address, sync_default_site
from cms.site_pages import SitePages
from home.models import HomePage, LegalPageKind
from home.site_pages import choose_missing_site_pages

from .news import EventIndexPageFactory, NewsIndexPageFactory
from .pages import (
    CollectivityIndexPageFactory,
    ContactPageFactory,
    HomePageFactory,
    LegalPageFactory,
    StandardPageFactory,
    child,
)
from .projects import ProjectIndexPageFactory


def build_home(root):
    """The home page under Wagtail's root, served by the default site at the public
    address; Wagtail's welcome page removed."""
    home = HomePage.objects.filter(depth=2).first() or HomePageFactory(parent=root)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        address = parse_public_address()
        site = Site.objects.create(
            hostname=address.hostname,
            port=address.port,
            root_page=home,
            is_default_site=True,
            site_name=DEFAULT_SITE_NAME,
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = DEFAULT_SITE_NAME
        site.save()
    sync_default_site()
    Page.objects.filter(depth=2, content_type__model="page").delete()
    return home


def build_indexes(home):
    """/projets/, /actualites/ and /agenda/, shown in the menus; /collectivites/."""
    indexes = (
        child(home, ProjectIndexPageFactory, "projets", title="Projets", show_in_menus=True),
        child(home, NewsIndexPageFactory, "actualites", title="Actualités", show_in_menus=True),
        child(home, EventIndexPageFactory, "agenda", title="Agenda", show_in_menus=True),
    )
    child(home, CollectivityIndexPageFactory, "collectivites")
    return indexes


LEGAL_PAGES = [
    ("mentions-legales", "Mentions légales", LegalPageKind.LEGAL_NOTICE, []),
    ("accessibilite", "Déclaration d'accessibilité", LegalPageKind.ACCESSIBILITY, []),
    (
        "donnees-personnelles",
        "Données personnelles",
        LegalPageKind.PERSONAL_DATA,
        [{"type": "retention_table", "value": None}],
    ),
]


def build_site_frame(home):
    """What every public page needs around it: site settings, /l-emi/ (in the menus) and
    /l-emi/methode/, the indexes, /contact/ and the three legal pages."""
    SiteSettings.objects.get_or_create(site=Site.objects.get(is_default_site=True))
    about = child(
        home,
        StandardPageFactory,
        "l-emi",
        title="L'EMI",
        show_in_menus=True,
        body=[{"type": "paragraph", "value": "<p>Une école inter-collectivités.</p>"}],
    )
    child(about, StandardPageFactory, "methode", title="Notre méthode")
    build_indexes(home)
    child(home, ContactPageFactory, "contact")
    for slug, title, kind, body in LEGAL_PAGES:
        child(home, LegalPageFactory, slug, title=title, kind=kind, body=body)
    choose_missing_site_pages(SitePages.for_site(Site.objects.get(is_default_site=True)), home)
    return home
