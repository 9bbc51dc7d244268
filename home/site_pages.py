"""The site's contact and legal pages, chosen in its settings (cms.site_pages.SitePages)."""

from .models import ContactPage, LegalPage, LegalPageKind

LEGAL_PAGE_SETTINGS = {
    "legal_notice_page": LegalPageKind.LEGAL_NOTICE,
    "accessibility_page": LegalPageKind.ACCESSIBILITY,
    "personal_data_page": LegalPageKind.PERSONAL_DATA,
    "accessibility_scheme_page": LegalPageKind.ACCESSIBILITY_SCHEME,
    "accessibility_plan_page": LegalPageKind.ACCESSIBILITY_PLAN,
}


def choose_missing_site_pages(site_pages, home):
    """Fill the settings left empty with the pages under `home`; the names filled in."""
    legal = LegalPage.objects.child_of(home)
    found = {"contact_page": ContactPage.objects.child_of(home).first()}
    found |= {name: legal.filter(kind=kind).first() for name, kind in LEGAL_PAGE_SETTINGS.items()}
    chosen = [
        name for name, page in found.items() if page and getattr(site_pages, f"{name}_id") is None
    ]
    for name in chosen:
        setattr(site_pages, name, found[name])
    if chosen:
        site_pages.save()
    return chosen
