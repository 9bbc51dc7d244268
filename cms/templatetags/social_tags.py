"""{% social_meta %}: Open Graph, Twitter card and JSON-LD of the page (cms.social)."""

from django import template

from cms.social import SITE_NAME, share_image, structured_data

from .cms_tags import breadcrumbs

register = template.Library()


@register.inclusion_tag("cms/includes/social_meta.html", takes_context=True)
def social_meta(context, page, canonical="", description=""):
    if page is None or not getattr(page, "pk", None):
        return {"page": None}
    image = share_image(page)
    crumbs = breadcrumbs(context, page) if page.depth > 2 else []
    return {
        "page": page,
        "site_name": SITE_NAME,
        "title": page.seo_title or page.title,
        "description": description,
        "url": canonical,
        "image": image,
        "og_type": "article" if getattr(page, "json_ld_kind", "") == "NewsArticle" else "website",
        "json_ld": structured_data(page, crumbs, image),
        "CSP_NONCE": context.get("CSP_NONCE", ""),
    }
