"""Listings of news and events: one queryset per listing, whatever the number of items.

Everything is aggregated by type below the index or section (`live()`, `public()`), with
what the cards touch fetched up front, so the number of queries never grows with data.
"""

import datetime

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from taggit.models import Tag

from cms.listing import paginate as shared_paginate
from cms.models import CustomImage

from .common import PARIS
from .forms import EventFilterForm, NewsFilterForm, collectivity_filter_choices
from .models import (
    EventIndexPage,
    EventPage,
    EventRegistration,
    NewsIndexPage,
    NewsPage,
    PostJuryAnnouncementPage,
)

PER_PAGE = 12


def paginate(request, items, per_page=PER_PAGE):
    """A page of items; a page number that is not one gives the first or the last page."""
    return shared_paginate(items, request.GET.get("page"), per_page)


def _images_with_renditions():
    return Prefetch("image", queryset=CustomImage.objects.prefetch_related("renditions"))


def news_kind_filter(queryset, kind):
    if kind == "actualite":
        return queryset.exact_type(NewsPage)
    if kind == "post-jury":
        return queryset.type(PostJuryAnnouncementPage)
    return queryset


def live_news(root):
    return NewsPage.objects.live().public().descendant_of(root)


def news_listing_context(request, root, section=None):
    base = live_news(root)
    themes = (
        Tag.objects.filter(news_newspagetag_items__content_object__in=base.values("pk"))
        .distinct()
        .order_by("name")
    )
    form = NewsFilterForm(
        request.GET,
        collectivities=collectivity_filter_choices() if section is None else [],
        themes=list(themes),
        with_collectivity=section is None,
    )
    values = form.values()
    items = news_kind_filter(base, values["type"])
    if values.get("collectivite"):
        items = items.filter(collectivity__slug=values["collectivite"])
    if values["thematique"]:
        items = items.filter(tagged_items__tag__slug=values["thematique"])
    items = (
        items.select_related("collectivity")
        .prefetch_related(_images_with_renditions(), "tagged_items__tag")
        .order_by("-date", "-first_published_at", "-pk")
    )
    index_page = root if isinstance(root, NewsIndexPage) else root.get_parent().specific
    return {
        "items": paginate(request, items),
        "filter_form": form,
        "active_filters": {k: v for k, v in values.items() if v},
        "ignored_filters": form.ignored,
        "news_index": index_page,
        "feed_urls": index_page.feed_urls(),
    }


def live_events(root):
    return EventPage.objects.live().public().descendant_of(root)


def _month_choices(queryset, past):
    months = queryset.datetimes("start", "month", order="DESC" if past else "ASC", tzinfo=PARIS)
    return [(f"{month:%Y-%m}", date_format(month, "F Y").capitalize()) for month in months]


def _month_bounds(value):
    year, month = (int(part) for part in value.split("-"))
    start = datetime.datetime(year, month, 1, tzinfo=PARIS)
    end = datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=PARIS)
    return start, end


def with_registration_counts(queryset):
    return queryset.annotate(
        n_confirmed=Count(
            "registrations",
            filter=Q(registrations__status=EventRegistration.Status.CONFIRMED),
        )
    )


def event_listing_context(request, root, section=None, past=False):
    now = timezone.now()
    base = live_events(root)
    base = base.filter(end__lt=now) if past else base.filter(end__gte=now)
    form = EventFilterForm(
        request.GET,
        collectivities=collectivity_filter_choices() if section is None else [],
        months=_month_choices(base, past),
        with_collectivity=section is None,
    )
    values = form.values()
    items = base
    if values["type"]:
        items = items.filter(event_type=values["type"])
    if values.get("collectivite"):
        items = items.filter(collectivity__slug=values["collectivite"])
    if values["mois"]:
        month_start, month_end = _month_bounds(values["mois"])
        items = items.filter(start__lt=month_end, end__gte=month_start)
    items = (
        with_registration_counts(items)
        .select_related("collectivity")
        .prefetch_related(_images_with_renditions())
        .order_by("-start" if past else "start", "pk")
    )
    index_page = root if isinstance(root, EventIndexPage) else root.get_parent().specific
    return {
        "events": paginate(request, items),
        "filter_form": form,
        "active_filters": {k: v for k, v in values.items() if v},
        "ignored_filters": form.ignored,
        "past": past,
        "event_index": index_page,
        "upcoming_url": index_page.url,
        "archives_url": index_page.route_url("archives"),
        "ical_url": index_page.route_url("ical"),
    }


def upcoming_events(limit, root):
    """The next live public events below `root` (the home page of the current site)."""
    return list(
        with_registration_counts(live_events(root).filter(end__gte=timezone.now()))
        .select_related("collectivity")
        .order_by("start", "pk")[:limit]
    )
