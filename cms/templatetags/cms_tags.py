from django import template
from django.apps import apps
from wagtail.images.models import Picture
from wagtail.models import Page, Site

from cms import membership
from cms.publicity import is_used_publicly
from cms.renditions import picture_filter_specs, renditions_for_picture
from cms.site_address import absolute_url
from cms.site_pages import SitePages

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Top-level live pages marked "show in menus", so the menu links only to what exists."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return list(
        site.root_page.get_children().live().public().in_menu().only("title", "url_path", "path")
    )


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """Ancestors of the page below the site root (the home page comes first)."""
    if page is None or page.depth <= 2:
        return []
    return list(Page.objects.ancestor_of(page).filter(depth__gte=2).order_by("depth"))


@register.simple_tag(takes_context=True)
def responsive_picture(context, image, spec, **attrs):
    """Wagtail's <picture> in the formats the settings allow (tests skip slow AVIF).

    `spec` must be declared in cms.renditions (a test checks every template): the
    renditions are then made when the image is saved, never during a visitor's request
    (one that still has to make one logs a warning). The alt text always comes from the
    image's own field (empty when decorative).
    """
    if not image:
        return ""
    renditions = renditions_for_picture(image, picture_filter_specs(spec), context.get("request"))
    renditions = distinct_widths(renditions)
    if len({rendition.width for rendition in renditions.values()}) == 1:
        attrs.pop("sizes", None)  # a single width: no srcset, so no sizes either
    return Picture(renditions, attrs).__html__()


def distinct_widths(renditions):
    """One rendition per width and format: Wagtail never enlarges, so a small original
    gives the same width for several sizes, and a srcset listing a width twice is
    invalid HTML."""
    kept, seen = {}, set()
    for filter_spec, rendition in renditions.items():
        key = (filter_spec.rsplit("|", 1)[-1], rendition.width)
        if key not in seen:
            seen.add(key)
            kept[filter_spec] = rendition
    return kept


@register.filter
def is_external(url):
    return (
        isinstance(url, str)
        and url.startswith(("http://", "https://"))
        and "//127.0.0.1" not in url
    )


def _chosen_site_pages(request, site):
    """The site's chosen pages, with the pages themselves, in one query per request."""
    chosen = getattr(request, "_cms_chosen_site_pages", None) if request else None
    if chosen is None:
        chosen = SitePages.objects.select_related(*SitePages.PAGE_SETTINGS).filter(
            site=site
        ).first() or SitePages(site=site)
        if request is not None:
            request._cms_chosen_site_pages = chosen
    return chosen


@register.simple_tag(takes_context=True)
def site_page(context, page_type, setting=None, **filters):
    """A page linked by what it is, never by slug (slugs repeat across sections).

    `setting` names a page chosen in the site's settings (cms.site_pages.SitePages);
    when it is empty, or without it, the first live page of `page_type` ("app.Model",
    narrowed by `filters`) on the current site. None when there is none: link it with
    `{% pageurl page fallback="/" %}`. Looked up once per request.
    Usage: {% site_page "home.ContactPage" setting="contact_page" as contact_page %}
    """
    request = context.get("request")
    cache = getattr(request, "_cms_site_pages", None) if request else None
    key = (page_type, setting, tuple(sorted(filters.items())))
    if cache is not None and key in cache:
        return cache[key]
    site = Site.find_for_request(request) if request else None
    site = site or Site.objects.filter(is_default_site=True).first()
    page = None
    if site is not None:
        if setting:
            chosen = getattr(_chosen_site_pages(request, site), setting)
            page = chosen if chosen and chosen.live else None
        if page is None:
            model = apps.get_model(page_type)
            page = model.objects.live().in_site(site).filter(**filters).order_by("path").first()
    if request is not None:
        if cache is None:
            cache = request._cms_site_pages = {}
        cache[key] = page
    return page


@register.simple_tag
def collectivity_of(page):
    """The collectivité whose section holds `page`, or None for EMI's own content.

    Usage: {% collectivity_of page as collectivity %}
    """
    return membership.collectivity_of(page)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This address without its query string: filtered listings point to the listing,
    routes of an index (/projets/chiffres/, /agenda/archives/) to themselves."""
    request = context.get("request")
    return absolute_url(request.path) if request else ""


@register.simple_tag
def file_is_public(obj):
    """Admin edit views: can any visitor reach this image or document? (cms.publicity)

    True, False, or "restricted" for a document of a restricted (members-only) collection.
    """
    if obj is None:
        return False
    if hasattr(obj, "is_public"):
        return obj.is_public
    if obj.collection.get_view_restrictions().exists():
        return "restricted"
    return is_used_publicly(obj)
