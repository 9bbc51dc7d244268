"""What a page says of itself when it is shared or read by a machine: Open Graph and
Twitter card tags, and JSON-LD (Organization on the home page, BreadcrumbList on every
page below it, NewsArticle on news).

The picture of a shared link is the page's cover image (cms.covers), cropped to the
1200 × 630 that LinkedIn, Mastodon and the others show, as a JPEG (their common format);
a page without one gets the card of its section, drawn by cms.social_cards. Every URL is
absolute, at the site's public address (cms.site_address).
"""

import json

from django.templatetags.static import static
from django.utils.safestring import mark_safe

from . import page_queries
from .renditions import register_specs
from .site_address import absolute_url
from .social_cards import section_card_url

SHARE_SPEC = "fill-1200x630|format-jpeg|jpegquality-80"
SHARE_WIDTH, SHARE_HEIGHT = 1200, 630
ORGANIZATION_NAME = "École du management par l'innovation (EMI)"
PUBLISHER_NAME = "Département du Val-d'Oise"
SITE_NAME = "EMI Val-d'Oise"

register_specs(SHARE_SPEC, formats=False)


def json_for_script(data):
    """JSON safe inside <script>: no "</script>" or comment can be closed by the data."""
    return json.dumps(data, ensure_ascii=False).translate(
        {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
    )


def share_image(page):
    """{url, width, height, alt} of the picture a shared link of `page` shows."""
    image = getattr(page, "cover_image", None)
    if image is not None:
        alt = getattr(page, "cover_alt", None)
        return {
            **_share_rendition(image),
            "alt": alt if alt is not None else (image.alt_text or ""),
        }
    url, label = section_card_url(page)
    return {"url": url, "width": SHARE_WIDTH, "height": SHARE_HEIGHT, "alt": label}


def _share_rendition(image):
    """{url, width, height} of the image's share card, kept until the tree or an image
    changes (Wagtail writes its rendition cache again on every get_rendition)."""

    def read():
        rendition = image.get_rendition(SHARE_SPEC)
        return {"url": rendition.url, "width": rendition.width, "height": rendition.height}

    found = page_queries.cached_by_generation(f"share-rendition:{image.pk}", read)
    return {**found, "url": absolute_url(found["url"])}


def _breadcrumb_list(page, crumbs):
    items = [
        {
            "@type": "ListItem",
            "position": position,
            "name": "Accueil" if crumb.depth == 2 else crumb.title,
            "item": absolute_url(crumb.url),
        }
        for position, crumb in enumerate(crumbs, start=1)
    ]
    items.append(
        {
            "@type": "ListItem",
            "position": len(items) + 1,
            "name": page.title,
            "item": absolute_url(page.url),
        }
    )
    return {"@type": "BreadcrumbList", "itemListElement": items}


def organization():
    return {
        "@type": "EducationalOrganization",
        "@id": absolute_url("/") + "#organisation",
        "name": ORGANIZATION_NAME,
        "alternateName": "EMI",
        "url": absolute_url("/"),
        "logo": absolute_url(static("img/logo-emi.svg")),
        "parentOrganization": {"@type": "GovernmentOrganization", "name": PUBLISHER_NAME},
        "areaServed": "FR",
    }


def _author_name(page):
    if getattr(page, "collectivity_id", None):
        return page.collectivity.name
    return ORGANIZATION_NAME


def news_article(page, image):
    article = {
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "url": absolute_url(page.url),
        "inLanguage": "fr",
        "image": [image["url"]],
        "publisher": {"@id": absolute_url("/") + "#organisation", "name": ORGANIZATION_NAME},
        "author": {"@type": "Organization", "name": _author_name(page)},
    }
    summary = getattr(page, "summary", "")
    if summary:
        article["description"] = summary
    if page.first_published_at:
        article["datePublished"] = page.first_published_at.isoformat()
    if page.last_published_at:
        article["dateModified"] = page.last_published_at.isoformat()
    return article


def structured_data(page, crumbs, image):
    """The JSON-LD graph of `page` (None when there is nothing to say)."""
    graph = []
    if page.depth == 2:
        graph.append(organization())
    else:
        graph.append(_breadcrumb_list(page, crumbs))
    if getattr(page, "json_ld_kind", "") == "NewsArticle":
        graph.append(news_article(page, image))
    return mark_safe(json_for_script({"@context": "https://schema.org", "@graph": graph}))
