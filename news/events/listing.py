"""The agenda's listings (/agenda/, /agenda/archives/ and the collectivités' agendas):
configurations of cms.listing's faceted listing, with the type, the collectivité and the
month as filters; and the next events shown on the home page.

One queryset per listing, whatever the number of events: everything is aggregated below
the index or section (`live()`, `public()`), with what the cards touch fetched up front.
The event page model is looked up by name (`event_model`): its module imports this one.
"""

import datetime

from django.apps import apps
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format

from cms import page_queries
from cms.covers import with_cover
from cms.listing import FacetedListing, Sort
from cms.listing_filters import OfferedFilter
from cms.site_address import absolute_url
from news.articles.listing import PER_PAGE, collectivity_filter
from news.common import PARIS
from news.forms import FilterForm

from .calendars import webcal_url
from .models import EventRegistration, EventType, confirmed_count_subquery

UPCOMING = "prochains"
PAST = "passes"


def event_model():
    return apps.get_model("news", "EventPage")


def live_events(root):
    return event_model().objects.live().public().descendant_of(root)


def with_registration_counts(queryset):
    return queryset.annotate(n_confirmed=confirmed_count_subquery())


def month_bounds(value):
    year, month = (int(part) for part in value.split("-"))
    start = datetime.datetime(year, month, 1, tzinfo=PARIS)
    end = datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=PARIS)
    return start, end


def month_condition(listing, value):
    """The events of a month: those it overlaps."""
    month_start, month_end = month_bounds(value)
    return Q(start__lt=month_end, end__gte=month_start)


def month_choices(listing):
    """The months of the pool's events, in the listing's order."""
    order = "DESC" if listing.past else "ASC"
    months = listing.base.datetimes("start", "month", order=order, tzinfo=PARIS)
    return [(f"{month:%Y-%m}", date_format(month, "F Y").capitalize()) for month in months]


class EventListing(FacetedListing):
    """Upcoming events, soonest first; no search, filters offered without counts."""

    past = False
    declared_filters = [
        OfferedFilter(
            "type",
            "Type d'événement",
            "Tous les types",
            offered=lambda listing: EventType.choices,
            condition=lambda listing, value: Q(event_type=value),
        ),
        collectivity_filter(),
        OfferedFilter(
            "mois", "Mois", "Tous les mois", offered=month_choices, condition=month_condition
        ),
    ]
    search_param = None
    per_page = PER_PAGE
    sorts = [Sort(UPCOMING, "Les prochains", ("start", "pk"))]
    default_sort = UPCOMING

    def with_card_data(self, queryset):
        return with_cover(with_registration_counts(queryset).select_related("collectivity"))


class PastEventListing(EventListing):
    """Past events, most recent first."""

    past = True
    sorts = [Sort(PAST, "Les plus récents", ("-start", "pk"))]
    default_sort = PAST


def event_listing_context(request, root, section=None, past=False):
    """The context of the agenda (`root`) or of a collectivité's agenda (`section`, the
    root too), upcoming or `past` events: a section has no collectivité filter."""
    now = timezone.now()
    events = live_events(root)
    events = events.filter(end__lt=now) if past else events.filter(end__gte=now)
    listing_class = PastEventListing if past else EventListing
    listing = listing_class(
        events, request.GET, omit=("collectivite",) if section is not None else ()
    )
    index_page = root if section is None else root.get_parent().specific
    return {
        "events": listing.page,
        "filter_form": FilterForm(listing),
        "active_filters": listing.active_filters,
        "ignored_filters": listing.ignored,
        "past": past,
        "event_index": index_page,
        "upcoming_url": index_page.url,
        "archives_url": index_page.route_url("archives"),
        "ical_url": (section or index_page).route_url("ical"),
        "webcal_url": webcal_url(absolute_url((section or index_page).route_url("ical"))),
    }


def upcoming_events(limit, root):
    """The next live public events below `root` (the home page of the current site).

    Which ones, and their cards' data, are kept until one of them starts or ends (or the
    tree changes: cms.page_queries.cached_until); their registrations are counted on
    every call (one small query), as they come in without a publication."""

    def read():
        now = timezone.now()
        events = list(
            with_cover(live_events(root).filter(end__gte=now))
            .select_related("collectivity")
            .order_by("start", "pk")[:limit]
        )
        changes = [event.start if event.start > now else event.end for event in events]
        return events, min(changes, default=None)

    events = page_queries.cached_until(f"upcoming-events:{root.pk}:{limit}", read)
    return with_confirmed_counts(events)


def with_confirmed_counts(events):
    """`events` (a list), each given its confirmed registrations (`n_confirmed`)."""
    ids = [event.pk for event in events if event.uses_registration_form]
    counts = (
        dict(
            EventRegistration.objects.filter(
                event_id__in=ids, status=EventRegistration.Status.CONFIRMED
            )
            .order_by()
            .values("event")
            .annotate(n=Count("pk"))
            .values_list("event", "n")
        )
        if ids
        else {}
    )
    for event in events:
        event.n_confirmed = counts.get(event.pk, 0)
    return events
