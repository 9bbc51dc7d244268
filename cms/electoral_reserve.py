"""The pre-election period (« période de réserve électorale », Code électoral, art. L.52-1).

In the six months before an election, a collectivité may not promote its record. The
moderators set the dates of the period in the site settings (`SiteSettings`
`electoral_reserve_start` and `electoral_reserve_end`, both included, Paris dates); the
period runs from 00:00 on its first day to 24:00 on its last (with no end date, until
one is set). While it runs, the blocks that editors marked « promotion institutionnelle »
(`MARK`, see cms.blocks) are left out of the public site and the API; the admin's preview
still shows them, under a note. Three things follow the boundaries without a
publication: the page cache keeps no page past the next boundary (`next_boundary`,
cms.page_cache), the `apply_electoral_reserve` command (cron, every minute) clears the
page cache and bans the edge cache of a site whose period just started or ended, and
the admin shows a banner while the period runs.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.fields import StreamField
from wagtail.models import Page, Site

# The module, not the class: cms.models imports the page cache, which imports this module.
from . import models as cms_models

PARIS = ZoneInfo("Europe/Paris")
# The key of the boolean child of a block that editors may mark.
MARK = "institutional_promotion"
# How a marked block reads in a stream field's stored JSON (PostgreSQL and SQLite alike).
MARK_JSON = f'"{MARK}": true'
PREVIEW_NOTE = "Masqué au public pendant la période de réserve"

# What a marked block becomes where it is rendered (`display_of`).
SHOWN, HIDDEN, NOTED = "shown", "hidden", "noted"


def now():
    """The current time (one place, so that tests can move the clock)."""
    return timezone.now()


def today():
    """Today's date in Paris: the dates of the period are French calendar days."""
    return timezone.localtime(now(), PARIS).date()


def midnight(day):
    """00:00 in Paris at the start of `day` (an aware datetime)."""
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=PARIS)


def french_date(day):
    """« 1er mars 2027 », « 15 mars 2027 »."""
    text = date_format(day, "j F Y")
    return "1er" + text[1:] if day.day == 1 else text


@dataclass(frozen=True)
class Period:
    start: datetime.date | None = None
    end: datetime.date | None = None

    def running_on(self, day):
        return (
            self.start is not None and self.start <= day and (self.end is None or day <= self.end)
        )

    def next_boundary(self, day):
        """When the period next starts or ends after `day` (an aware datetime), or None."""
        if self.start is None:
            return None
        if day < self.start:
            return midnight(self.start)
        if self.end is not None and day <= self.end:
            return midnight(self.end + datetime.timedelta(days=1))
        return None

    @property
    def label(self):
        """« du 1er mars 2027 au 15 mars 2027 », or « à partir du 1er mars 2027 »."""
        if self.end is None:
            return f"à partir du {french_date(self.start)}"
        return f"du {french_date(self.start)} au {french_date(self.end)}"


def period_of(site_settings):
    if site_settings is None:
        return Period()
    return Period(site_settings.electoral_reserve_start, site_settings.electoral_reserve_end)


def period_for_site(site):
    """The period set for `site` (none set: a Period that never runs)."""
    if site is None:
        return Period()
    return period_of(cms_models.SiteSettings.for_site(site))


def period_for_request(request):
    """The period of the request's site, from the settings the page already read."""
    if request is None:
        return period_for_site(Site.objects.filter(is_default_site=True).first())
    if not hasattr(request, "_electoral_reserve_period"):
        site = Site.find_for_request(request)
        request._electoral_reserve_period = (
            period_of(cms_models.SiteSettings.for_request(request)) if site else Period()
        )
    return request._electoral_reserve_period


def is_running(site, day=None):
    """Whether the period of `site` runs on `day` (today in Paris by default)."""
    return period_for_site(site).running_on(day or today())


def running_period(request):
    """The period of the request's site if it runs today, else None."""
    period = period_for_request(request)
    return period if period.running_on(today()) else None


def next_boundary(request, day=None):
    """When the period of the request's site next starts or ends after `day` (today by
    default), or None."""
    return period_for_request(request).next_boundary(day or today())


def is_editor_view(request):
    """An editor's view: a page preview, or any render inside the admin."""
    if getattr(request, "is_preview", False):
        return True
    path = getattr(request, "path_info", "") or ""
    return path.startswith(settings.ADMIN_PATH_PREFIXES)


def display_of(context):
    """How a marked block is rendered in `context` (a template context or the API's
    serializer context): SHOWN outside the period, NOTED in a preview during it (shown,
    under a note), HIDDEN elsewhere during it. Without a request, the default site's
    period applies."""
    request = context.get("request") if context else None
    if running_period(request) is None:
        return SHOWN
    return NOTED if request is not None and is_editor_view(request) else HIDDEN


def is_marked(value):
    return bool(value and hasattr(value, "get") and value.get(MARK))


def is_hidden(child, context):
    """Whether a stream child (a StreamValue's item) is left out in `context`."""
    return is_marked(child.value) and display_of(context) == HIDDEN


def marked_pages():
    """The live pages whose stream fields hold a marked block, by title (one query per
    page type with a stream field): what the period hides, for the dashboard."""
    found = []
    for model in apps.get_models():
        if not issubclass(model, Page):
            continue
        names = [field.name for field in model._meta.local_fields if isinstance(field, StreamField)]
        if not names:
            continue
        marked = Q()
        for name in names:
            marked |= Q(**{f"{name}__icontains": MARK_JSON})
        found += model.objects.live().filter(marked).only("pk", "title")
    return sorted(found, key=lambda page: (page.title.lower(), page.pk))
