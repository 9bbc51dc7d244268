"""Template tags of the news app: home page sections and dates in words."""

from django import template
from wagtail.models import Site

from cms.covers import with_cover
from cms.page_queries import cached_by_generation

from ..events.listing import upcoming_events
from ..formatting import format_date, format_event_dates
from ..models import CallForCandidatesPage

register = template.Library()

HOME_EVENTS = 3


def _site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.inclusion_tag("news/trainings/includes/home_open_calls.html", takes_context=True)
def home_open_calls(context):
    """The calls for candidates open today (Paris time), closing soonest first."""
    root = _site_root(context)
    calls = []
    if root is not None:
        # Which calls exist is kept until the tree changes; which are open, read each time.
        candidates = cached_by_generation(
            f"home-calls:{root.pk}",
            lambda: list(
                with_cover(
                    CallForCandidatesPage.objects.live().public().descendant_of(root)
                ).order_by("closing_date", "pk")
            ),
        )
        calls = [call for call in candidates if call.is_open]
    return {"calls": calls, "request": context.get("request")}


@register.inclusion_tag("news/events/includes/home_upcoming_events.html", takes_context=True)
def home_upcoming_events(context, limit=HOME_EVENTS):
    root = _site_root(context)
    events = upcoming_events(limit, root) if root is not None else []
    return {"events": events, "request": context.get("request")}


@register.filter
def event_dates(event):
    """« mardi 1er décembre 2026, de 18h00 à 20h00 » (Paris time)."""
    return format_event_dates(event.start, event.end)


@register.filter
def date_in_words(value):
    return format_date(value) if value else ""


@register.filter
def news_kind(page):
    """« Actualité » or « Sujets retenus par le jury », from the page's own type."""
    page_class = page.specific_class
    return getattr(page_class, "KIND_LABEL", "Actualité")
