"""What every alumni view shares: the member check and the page frame."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse

from cms import page_queries

from ..membership import member_profile
from ..models import AlumniIndexPage
from ..templatetags.alumni_tags import index_urls


def crumbs(request, *items):
    """Breadcrumbs below the home page: the network's home, then `items` (label, url)."""
    return [("Alumni", index_urls(request)[AlumniIndexPage]), *items]


def render_page(request, template, context=None, *, title, trail=(), status=200):
    # The site with its settings and footer pages, in one query (cms.page_queries).
    page_queries.find_site(request)
    context = dict(context or {})
    context.setdefault("title", title)
    context.setdefault("crumbs", crumbs(request, *trail))
    return render(request, template, context, status=status)


def member_required(view):
    """Members only: anonymous visitors log in first, other accounts are told why not."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("alumni:login"))
        profile = member_profile(request.user)
        if profile is None:
            return render_page(
                request,
                "alumni/members_only.html",
                title="Réservé aux membres du réseau",
                status=403,
            )
        request.alumni_profile = profile
        return view(request, *args, **kwargs)

    return wrapper
