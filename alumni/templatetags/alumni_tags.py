"""Template tags of the alumni network.

`public_alumni_for_project` is meant for the project pages: the public profiles of the
alumni who list the project. The projects app never imports alumni (DESIGN.md), so it
is offered here, for a template (or a registry of the projects app) to call.
"""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import Page

from cms import page_queries

from ..links import public_profiles_for_project
from ..membership import member_profile
from ..models import AlumniIndexPage, ClubIndexPage, StoryIndexPage

register = template.Library()

# Pages after which going back makes no sense: logging in from them lands on the profile.
ACCOUNT_PATHS = ("/alumni/connexion/", "/alumni/mot-de-passe", "/alumni/activer/")


DEFAULT_URLS = {
    AlumniIndexPage: "/alumni/",
    StoryIndexPage: "/alumni/temoignages/",
    ClubIndexPage: "/alumni/clubs/",
}


def index_urls(request=None):
    """URLs of the network's three index pages, in one query kept until the tree changes
    (cms.page_queries), cached on the request."""
    cached = getattr(request, "_alumni_index_urls", None)
    if cached is not None:
        return cached
    urls = {model: fallback for model, fallback in DEFAULT_URLS.items()}
    type_ids = {ContentType.objects.get_for_model(model).pk: model for model in DEFAULT_URLS}
    pages = page_queries.cached_by_generation(
        "alumni_indexes",
        lambda: list(
            Page.objects.filter(content_type_id__in=type_ids)
            .live()
            .public()
            .order_by("path")
            .only("pk", "url_path", "path", "depth", "content_type_id")
        ),
    )
    found = set()
    for page in pages:
        model = type_ids[page.content_type_id]
        if model not in found:
            urls[model] = page.get_url(request) or urls[model]
            found.add(model)
    if request is not None:
        request._alumni_index_urls = urls
    return urls


@register.inclusion_tag("alumni/includes/nav.html", takes_context=True)
def alumni_nav(context):
    """The network's own navigation, with the member's links or the login link."""
    request = context.get("request")
    user = getattr(request, "user", None)
    member = member_profile(user) if user is not None else None
    path = request.path if request is not None else ""
    urls = index_urls(request)
    items = [
        ("Le réseau", urls[AlumniIndexPage], True),
        ("Témoignages", urls[StoryIndexPage], False),
        ("Clubs", urls[ClubIndexPage], False),
        ("Annuaire", reverse("alumni:directory"), False),
    ]
    if member is not None:
        items.append(("Parrains et marraines", reverse("alumni:mentors"), False))
    entries = []
    for label, url, exact in items:
        current = path == url if exact else path.startswith(url)
        entries.append({"label": label, "url": url, "current": current})
    return {
        "entries": entries,
        "member": member,
        "user": user,
        "my_profile_url": reverse("alumni:my_profile"),
        "login_url": reverse("alumni:login"),
        "logout_url": reverse("alumni:logout"),
        "next_path": "" if path.startswith(ACCOUNT_PATHS) else path,
        "csrf_token": context.get("csrf_token"),
        "on_my_profile": path.startswith(reverse("alumni:my_profile")),
    }


@register.simple_tag(takes_context=True)
def alumni_index_url(context):
    return index_urls(context.get("request"))[AlumniIndexPage]


@register.simple_tag
def public_alumni_for_project(project):
    """Usage: {% public_alumni_for_project page as alumni %} — name and profile URL each."""
    return public_profiles_for_project(project)
