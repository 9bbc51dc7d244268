from urllib.parse import quote, urlencode

from django import template
from django.apps import apps
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.images.models import Picture
from wagtail.models import Site

from cms import html_cache, membership, page_queries
from cms.publicity import is_used_publicly
from cms.renditions import picture_filter_specs, renditions_for_picture
from cms.sections import registered_sections
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
    # The site's sections, kept until the tree changes (cms.page_queries).
    sections = page_queries.live_children(site.root_page)
    return [page for page in sections if page.show_in_menus and page_queries.is_public(page)]


@register.simple_tag(takes_context=True)
def cards(context, items, template_name, name, **given):
    """One card per page of `items` (a listing's page, a CardList…): `template_name`
    rendered with the page as `name` and `given`, kept until the tree changes
    (cms.html_cache). Usage, for a listing's page of projects:
    {% cards listing.page.object_list "projects/includes/project_card.html" "project"
       heading="h3" %}
    """
    return html_cache.render_cards(context.get("request"), items, template_name, name, given)


class KeptNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context):
        values = [value.resolve(context) for value in self.values]
        key_values = [getattr(value, "pk", value) for value in values]
        return html_cache.kept_fragment(
            context.get("request"), self.name, key_values, lambda: self.nodelist.render(context)
        )


@register.tag
def kept(parser, token):
    """`{% kept "name" page %}…{% endkept %}`: the block's HTML kept until the tree
    changes, for each value given (a page: its id) and site; only for what depends on
    the tree alone (cms.html_cache)."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "'\"" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("{% kept %} : un nom entre guillemets d'abord.")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    values = [parser.compile_filter(bit) for bit in bits[2:]]
    return KeptNode(nodelist, bits[1][1:-1], values)


def _option_label(option):
    label = escape(option.label)
    return f"{label} ({option.count})" if option.count is not None else label


@register.simple_tag
def facet_options(facet):
    """The <option>s of a facet's select: written here rather than by a template loop,
    which costs a listing of 100 collectivités and 40 cohorts several milliseconds."""
    return mark_safe(
        "".join(
            f'<option value="{escape(option.value)}"{" selected" if option.selected else ""}>'
            f"{_option_label(option)}</option>"
            for option in facet.options
        )
    )


@register.simple_tag
def facet_checkboxes(facet, prefix):
    """The checkboxes of a facet that takes several values (see `facet_options`)."""
    key = escape(facet.key)
    parts = []
    for number, option in enumerate(facet.options, start=1):
        field_id = f"{escape(prefix)}-{key}-{number}"
        checked = " checked" if option.selected else ""
        parts.append(
            f'<li><input type="checkbox" id="{field_id}" name="{key}" '
            f'value="{escape(option.value)}"{checked}> '
            f'<label for="{field_id}">{_option_label(option)}</label></li>'
        )
    return mark_safe("".join(parts))


@register.simple_tag
def share_links(page):
    """The addresses of « Partager » (LinkedIn, e-mail), at the public address."""
    url = absolute_url(page.url)
    return {
        "url": url,
        "linkedin": "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        "mail": "mailto:?"
        + urlencode({"subject": page.title, "body": f"{page.title}\n{url}"}, quote_via=quote),
    }


@register.simple_tag
def collectivity_page(collectivity):
    """The live page that presents `collectivity` (/collectivites/<slug>/), or None: the
    section type that is indexed even when empty (home.CollectivityPage)."""
    if collectivity is None:
        return None
    for entry in registered_sections():
        if entry.section_model.indexed_when_empty:
            return (
                entry.section_model.objects.live()
                .filter(collectivity=collectivity)
                .only("url_path", "title")
                .first()
            )
    return None


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """Ancestors of the page below the site root (the home page comes first)."""
    if page is None or page.depth <= 2:
        return []
    return page_queries.ancestors(context.get("request"), page)


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
    request = context.get("request")

    def render():
        renditions = renditions_for_picture(image, picture_filter_specs(spec), request)
        renditions = distinct_widths(renditions)
        if len({rendition.width for rendition in renditions.values()}) == 1:
            attrs.pop("sizes", None)  # a single width: no srcset, so no sizes either
        return Picture(renditions, attrs).__html__()

    # Kept until the tree changes (an image saved, its focal point moved, renews it):
    # finding the renditions of a picture and writing its <picture> take a few ms.
    values = [image.pk, spec, sorted(attrs.items())]
    return mark_safe(html_cache.kept_fragment(request, "picture", values, render))


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
    """The site's chosen pages, with the pages themselves: read with the other site
    settings in one query per request (cms.page_queries); never created by a visit."""
    if request is None:
        return SitePages.objects.select_related(*SitePages.PAGE_SETTINGS).filter(
            site=site
        ).first() or SitePages(site=site)
    page_queries.load_site_settings(request)
    attr = SitePages.get_cache_attr_name()
    if not hasattr(request, attr):
        setattr(request, attr, SitePages(site=site))
    return getattr(request, attr)


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
            page = _first_live_page(site, page_type, filters)
    if request is not None:
        if cache is None:
            cache = request._cms_site_pages = {}
        cache[key] = page
    return page


def _first_live_page(site, page_type, filters):
    """The site's section of a type (its own fields not read), else the first live page
    of that type on the site; kept until the tree changes."""
    section = None if filters else page_queries.first_child_of_type(site.root_page, page_type)
    if section is not None:
        return section

    def first():
        model = apps.get_model(page_type)
        return model.objects.live().in_site(site).filter(**filters).order_by("path").first()

    name = f"first:{site.pk}:{page_type}:{sorted(filters.items())}"
    return page_queries.cached_by_generation(name, first)


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


@register.simple_tag
def page_numbers(page_obj):
    """The page links to show: the first and last pages, two on each side of the current
    one, `None` for each gap (Django's elided range, without a loop over every page)."""
    ellipsis = page_obj.paginator.ELLIPSIS
    return [
        None if number == ellipsis else number
        for number in page_obj.paginator.get_elided_page_range(
            page_obj.number, on_each_side=2, on_ends=1
        )
    ]
