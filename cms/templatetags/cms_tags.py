from django import template
from django.conf import settings
from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.models import Page, Site

from cms import membership
from cms.publicity import is_used_publicly
from cms.site_address import absolute_url

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


@register.simple_tag
def responsive_picture(image, spec, **attrs):
    """Wagtail's <picture> in the formats the settings allow (tests skip slow AVIF).

    The alt text always comes from the image's own field (empty when decorative).
    """
    if not image:
        return ""
    specs = Filter.expand_spec(f"{spec}|{settings.EMI_PICTURE_FORMATS}")
    renditions = get_renditions_or_not_found(image, [Filter(spec=s) for s in specs])
    return Picture(renditions, attrs).__html__()


@register.filter
def is_external(url):
    return (
        isinstance(url, str)
        and url.startswith(("http://", "https://"))
        and "//127.0.0.1" not in url
    )


@register.filter
def described_widget(field):
    """The field's widget, tied to its help text and errors with aria-describedby."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_errors")
    attrs = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


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
