"""The site's filters on the API's pages endpoint: /api/v2/pages/?type=…&collectivite=…

A page type declares the filters it takes in `api_filters` (a list of the kinds below);
the filters read slugs, as the site's listings do (cms.listing), and take several values
of one facet as any of them (?thematique=a&thematique=b), every facet still applying:

- `collectivite=<slug>` (CollectivityFilter): the collectivité of the page;
- `statut=<value>` (ChoiceFilter): the stored status of the page type;
- `thematique=<slug>` (TagFilter): a tag of the page type's vocabulary;
- `depuis=AAAA-MM-JJ`, `jusqu_au=AAAA-MM-JJ` (DateFilter): the page type's date, both
  days included, read in the site's time zone for a date and time.

Where a listing of the site ignores a value that matches nothing and says so, the API,
which has no page to say it on, answers 400 with the reason: an unknown slug or status,
a date that is not a date, a filter that the page type does not take, or a filter without
one `type` (each page type has its own statuses and dates). They combine with Wagtail's
own parameters (`type`, `fields`, `search`, `order`, `limit`, `offset`).
"""

import datetime
import re

from django.db.models import DateTimeField, Q
from django.utils import timezone
from wagtail.models import get_page_models

from .listing import raw_param, raw_params
from .models import Collectivity

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class FilterError(ValueError):
    """A filter's value the API answers 400 to, with this message (cms.api)."""


def _quoted(values):
    return ", ".join(f"« {value} »" for value in values)


class ApiFilter:
    """A filter of the pages endpoint: the parameters it reads, the condition it puts."""

    params = ()

    def condition(self, request, model):
        raise NotImplementedError


class CollectivityFilter(ApiFilter):
    params = ("collectivite",)

    def __init__(self, field="collectivity"):
        self.field = field

    def condition(self, request, model):
        slugs = raw_params(request.GET, "collectivite")
        if not slugs:
            return Q()
        found = dict(Collectivity.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise FilterError(
                f"collectivite : aucune collectivité n'a l'identifiant {_quoted(unknown)}."
            )
        return Q(**{f"{self.field}_id__in": list(found.values())})


class ChoiceFilter(ApiFilter):
    params = ("statut",)

    def __init__(self, field, choices):
        self.field = field
        self.choices = choices

    def condition(self, request, model):
        values = raw_params(request.GET, "statut")
        if not values:
            return Q()
        unknown = [value for value in values if value not in self.choices.values]
        if unknown:
            raise FilterError(
                f"statut : {_quoted(unknown)} n'est pas un statut de {type_name(model)} ; "
                f"les statuts sont {', '.join(self.choices.values)}."
            )
        return Q(**{f"{self.field}__in": values})


class TagFilter(ApiFilter):
    """A tag given by its slug, through the tagged item model `item_model`."""

    params = ("thematique",)

    def __init__(self, item_model):
        self.item_model = item_model

    def condition(self, request, model):
        slugs = raw_params(request.GET, "thematique")
        if not slugs:
            return Q()
        tag_model = self.item_model._meta.get_field("tag").related_model
        found = dict(tag_model.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise FilterError(
                f"thematique : aucune thématique n'a l'identifiant {_quoted(unknown)}."
            )
        tagged = self.item_model.objects.filter(tag_id__in=found.values())
        return Q(pk__in=tagged.values("content_object_id"))


def read_date(request, param):
    value = raw_param(request.GET, param)
    if not value:
        return None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise FilterError(
            f"{param} : « {value} » n'est pas une date au format AAAA-MM-JJ "
            "(par exemple 2025-01-31)."
        ) from error


class DateFilter(ApiFilter):
    """From `depuis` to `jusqu_au`, both days included, on `field`."""

    params = ("depuis", "jusqu_au")

    def __init__(self, field):
        self.field = field

    def condition(self, request, model):
        since, until = read_date(request, "depuis"), read_date(request, "jusqu_au")
        is_datetime = isinstance(model._meta.get_field(self.field), DateTimeField)
        condition = Q()
        if since:
            start = _day_start(since) if is_datetime else since
            if start is not None:
                condition &= Q(**{f"{self.field}__gte": start})
        if until:
            if not is_datetime:
                condition &= Q(**{f"{self.field}__lte": until})
            elif until < datetime.date.max:
                end = _day_start(until + datetime.timedelta(days=1))
                condition &= Q(**{f"{self.field}__lt": end}) if end else Q(pk__in=[])
        return condition


def _day_start(day):
    """Midnight of the day in the site's time zone; None before the first instant a
    database can store (1 January of year 1, in UTC)."""
    start = datetime.datetime.combine(
        day, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    try:
        start.astimezone(datetime.UTC)
    except OverflowError:
        return None
    return start


FILTER_PARAMS = frozenset(
    param
    for kind in (CollectivityFilter, ChoiceFilter, TagFilter, DateFilter)
    for param in kind.params
)


def type_name(model):
    return f"{model._meta.app_label}.{model.__name__}"


def types_taking(param):
    """The page types whose API takes the parameter, by their `type=` name."""
    return [
        type_name(model)
        for model in get_page_models()
        if any(param in declared.params for declared in getattr(model, "api_filters", ()))
    ]


def filters_by_param(model):
    return {
        param: declared
        for declared in getattr(model, "api_filters", ())
        for param in declared.params
    }


def page_filters_condition(request, model):
    """The condition of the filters in the request (None: no filter asked), for a
    listing of `model`; FilterError when the listing cannot take them."""
    used = sorted(param for param in FILTER_PARAMS if param in request.GET)
    if not used:
        return None
    declared = filters_by_param(model)
    if not declared:
        raise FilterError(
            f"{used[0]} : ce filtre demande un seul type de page, "
            f"par exemple type={types_taking(used[0])[0]} "
            f"(types possibles : {', '.join(types_taking(used[0]))})."
        )
    refused = [param for param in used if param not in declared]
    if refused:
        raise FilterError(
            f"{refused[0]} : ce filtre ne s'applique pas au type {type_name(model)} ; "
            f"il s'applique aux types {', '.join(types_taking(refused[0]))}."
        )
    condition = Q()
    for api_filter in dict.fromkeys(declared[param] for param in used):
        condition &= api_filter.condition(request, model)
    return condition
