"""The site's frame: home page, about pages, contact and legal pages, site settings.

Texts in data/site.yaml.
"""

from wagtail.models import Page, Site

from cms.models import SiteSettings
from cms.site_address import (
    DEFAULT_SITE_NAME,
    parse_public_address,
    public_base_url,
    sync_default_site,
)
from cms.site_pages import SitePages
from home.models import (
    CollectivityIndexPage,
    ContactPage,
    HomePage,
    LegalPage,
    StandardPage,
)
from home.site_pages import choose_missing_site_pages
from news.models import EventIndexPage, NewsIndexPage
from projects.models import ProjectIndexPage

from .helpers import (
    add_form_fields,
    child_from_record,
    fields_for,
    load_data,
    root_page,
)

# The indexes of data/site.yaml, by slug.
INDEX_TYPES = {
    "projets": ProjectIndexPage,
    "actualites": NewsIndexPage,
    "agenda": EventIndexPage,
    "collectivites": CollectivityIndexPage,
}


def load_site_settings(report):
    site = Site.objects.get(is_default_site=True)
    settings, created = SiteSettings.objects.get_or_create(site=site)
    if created:
        report.created_item("paramètres du site (contact, mentions légales, chiffres historiques)")
    # Filled in only while empty: an editor's own values are never overwritten.
    missing = {
        name: value
        for name, value in load_data("site")["site_settings"].items()
        if not getattr(settings, name)
    }
    if missing:
        for name, value in missing.items():
            setattr(settings, name, value)
        settings.save()
        report.created_item("hébergeur du site (mentions légales)")
    return settings


def load_site_pages(home, report):
    """The pages every page links to (footer, forms), chosen in the site's settings."""
    site_pages = SitePages.for_site(Site.objects.get(is_default_site=True))
    if choose_missing_site_pages(site_pages, home):
        report.created_item("pages du pied de page choisies (contact, mentions légales…)")


def load_home(report):
    """Replace Wagtail's welcome page by the EMI home page and point the site at it."""
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        record = dict(load_data("site")["home"])
        record["trainings"] = [{"type": "training", "value": t} for t in record["trainings"]]
        home = child_from_record(root_page(), HomePage, record, report)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        address = parse_public_address()
        Site.objects.create(
            hostname=address.hostname,
            port=address.port,
            root_page=home,
            is_default_site=True,
            site_name=DEFAULT_SITE_NAME,
        )
        report.created_item(f"site par défaut ({public_base_url()}/)")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = DEFAULT_SITE_NAME
        site.save()
        report.created_item("le site pointe vers la page d'accueil EMI")
    # Every absolute URL names the public address (WAGTAILADMIN_BASE_URL).
    for change in sync_default_site():
        report.created_item(f"adresse du site : {change}")
    # Wagtail's own welcome page has no use once the EMI home page exists.
    for welcome in Page.objects.filter(depth=2, content_type__model="page"):
        welcome.delete()
        report.created_item("page de bienvenue de Wagtail supprimée")
    return home


def load_about_pages(home, report):
    record = load_data("site")["about"]
    about = child_from_record(home, StandardPage, record, report, exclude={"children"})
    for child in record["children"]:
        child_from_record(about, StandardPage, child, report)
    return about


def load_contact(home, report):
    contact = home.get_children().filter(slug="contact").first()
    if contact is not None:
        return contact.specific
    record = load_data("site")["contact"]
    contact = ContactPage(**fields_for(ContactPage, record, exclude={"form_fields"}))
    add_form_fields(contact, record["form_fields"])
    home.add_child(instance=contact)
    contact.save_revision().publish()
    report.created_item("page de contact (/contact/)")
    return contact


def load_legal_pages(home, report):
    for record in load_data("site")["legal_pages"]:
        child_from_record(home, LegalPage, record, report)


def load_indexes(home, report):
    """The indexes that projects, news and events hang from (one each)."""
    for record in load_data("site")["indexes"]:
        child_from_record(home, INDEX_TYPES[record["slug"]], record, report)


def load_home_calls_to_action(home, report):
    """The hero's two buttons, once every page they lead to exists (the trainings index
    comes with the news loader, which calls this again)."""
    if home.calls_to_action:
        return
    buttons = []
    for button in load_data("site")["home_calls_to_action"]:
        page = home.get_children().filter(slug=button["page"]).first()
        if page is None:
            return
        buttons.append({"type": "button", "value": {"label": button["label"], "page": page.pk}})
    home.calls_to_action = buttons
    home.save_revision().publish()
    report.created_item("boutons d'appel à l'action de l'accueil")


def load(report):
    home = load_home(report)
    load_site_settings(report)
    load_about_pages(home, report)
    load_indexes(home, report)
    load_contact(home, report)
    load_legal_pages(home, report)
    load_site_pages(home, report)
    load_home_calls_to_action(home, report)
    return home
