"""The admin's banner while the pre-election period runs (templates/wagtailadmin/base.html)."""

from django import template
from django.urls import reverse
from wagtail.models import Site

from cms import electoral_reserve

register = template.Library()


@register.inclusion_tag("cms/admin/electoral_reserve_banner.html", takes_context=True)
def electoral_reserve_banner(context):
    """The period of the request's site when it runs today, and where to change it (for
    those who may edit the site settings)."""
    request = context.get("request")
    period = electoral_reserve.running_period(request) if request is not None else None
    settings_url = ""
    if period is not None and request.user.has_perm("cms.change_sitesettings"):
        site = Site.find_for_request(request)
        if site is not None:
            settings_url = reverse("wagtailsettings:edit", args=["cms", "sitesettings", site.pk])
    return {"period": period, "settings_url": settings_url}
