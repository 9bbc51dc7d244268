"""Read-only Wagtail API v2 at /api/v2/: live public pages only.

Wagtail's images and documents endpoints are not registered: their `download_url`
would list every original, used by a published page or not (cms.publicity). Images of
a page reach API clients as the page's own fields; files are downloaded from the site.

Wagtail's endpoints, with the input the site reads everywhere else read the same way:
search words through the site's one sanitiser (cms.search), operators checked, page
offsets that no database can hold answered with an empty page, and any invalid query
answered 400 with a message, never 500. The JSON never holds a raw `<`, `>` or `&`.

The site's own filters (`collectivite`, `statut`, `thematique`, `depuis`, `jusqu_au`) are
declared by each page type (`api_filters`, cms.api_filters). A page type's fields too
costly to read for a whole listing (a body whose blocks fetch their images, pages and
documents one page at a time) are named in its `api_detail_only_fields`: they are given
by the page's own address, /api/v2/pages/<id>/.
"""

import logging

from django.conf import settings
from django.db import DataError
from rest_framework.filters import BaseFilterBackend
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from .api_filters import FILTER_PARAMS, FilterError, page_filters_condition
from .search import search_words

logger = logging.getLogger(__name__)

SEARCH_OPERATORS = ("and", "or")
# Same escapes as Django's json_script: the JSON stays equal, and no browser that
# sniffed it as HTML could find a tag in it.
_HTML_ESCAPES = ((b"<", b"\\u003c"), (b">", b"\\u003e"), (b"&", b"\\u0026"))


class HTMLSafeJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        content = super().render(data, accepted_media_type, renderer_context)
        for raw, escaped in _HTML_ESCAPES:
            content = content.replace(raw, escaped)
        return content


class SanitisedSearchFilter(SearchFilter):
    """Wagtail's search filter, fed with the words the site's search boxes would keep.

    Quotes, brackets and control characters mean something to the full-text engines
    (an unbalanced quote is an SQLite error); an operator other than and/or is a
    ValueError deep in the backend.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError("search is disabled")
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        operator = request.GET.get("search_operator") or None
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        words = search_words(request.GET["search"])
        if not words:
            return queryset.none()
        try:
            return get_search_backend().search(
                words,
                queryset,
                operator=operator,
                order_by_relevance="order" not in request.GET,
            )
        except FilterFieldError as error:
            raise BadRequestError(
                f"cannot filter by '{error.field_name}' while searching (field is not indexed)"
            ) from error
        except OrderByFieldError as error:
            raise BadRequestError(
                f"cannot order by '{error.field_name}' while searching (field is not indexed)"
            ) from error


class PageFilters(BaseFilterBackend):
    """The site's filters that the listing's page type declares (cms.api_filters)."""

    def filter_queryset(self, request, queryset, view):
        try:
            condition = page_filters_condition(request, queryset.model)
        except FilterError as error:
            raise BadRequestError(str(error)) from error
        return queryset if condition is None else queryset.filter(condition)


def _non_negative_int(raw, name):
    try:
        value = int(raw)
    except (TypeError, ValueError) as error:
        raise BadRequestError(f"{name} must be a positive integer") from error
    if value < 0:
        raise BadRequestError(f"{name} must be a positive integer")
    return value


class BoundedPagination(WagtailPagination):
    """Wagtail's offset/limit pages; an offset past the last item is an empty page,
    however large (SQLite and PostgreSQL stop at 2⁶³)."""

    def paginate_queryset(self, queryset, request, view=None):
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
        offset = _non_negative_int(request.GET.get("offset", 0), "offset")
        limit_default = min(20, limit_max) if limit_max else 20
        limit = _non_negative_int(request.GET.get("limit", limit_default), "limit")
        if limit_max and limit > limit_max:
            raise BadRequestError(f"limit cannot be higher than {limit_max}")
        self.view = view
        self.total_count = queryset.count()
        start = min(offset, self.total_count)
        return queryset[start : start + limit]


def _replace(backends, old, new):
    return [new if backend is old else backend for backend in backends]


class SafeInputMixin:
    pagination_class = BoundedPagination
    renderer_classes = [HTMLSafeJSONRenderer, BrowsableAPIRenderer]

    @classmethod
    def site_filter_backends(cls, backends):
        """Wagtail's filters, the site's before the search (which must come last)."""
        backends = _replace(backends, SearchFilter, SanitisedSearchFilter)
        return [*backends[:-1], PageFilters, backends[-1]]

    def find_object(self, queryset, request):
        if "id" in request.GET:
            try:
                number = int(request.GET["id"])
            except ValueError as error:
                raise BadRequestError("id must be a positive integer") from error
            if number < 0:
                raise BadRequestError("id must be a positive integer")
        return super().find_object(queryset, request)

    def handle_exception(self, exc):
        # A value no column can hold (a number past 2⁶³, a string too long for an
        # index...) is the client's mistake, not the site's.
        if isinstance(exc, DataError | OverflowError):
            logger.info("API query refused: %s", exc)
            exc = BadRequestError("a query parameter is out of range")
        return super().handle_exception(exc)


class SitePagesAPIViewSet(SafeInputMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint; a listing takes the same few queries whatever its limit:
    the view restrictions read once, and what a page type's fields read (its
    `api_select_related`, `api_prefetch_related`) fetched with the pages."""

    filter_backends = SafeInputMixin.site_filter_backends(PagesAPIViewSet.filter_backends)
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(FILTER_PARAMS)

    @classmethod
    def _get_serializer_class(cls, router, model, fields_config, show_details=False, nested=False):
        detail_only = getattr(model, "api_detail_only_fields", ())
        if detail_only and not show_details:
            cls = type(  # noqa: PLW0642 -- the same view, with the page type's detail-only fields
                cls.__name__,
                (cls,),
                {"detail_only_fields": [*cls.detail_only_fields, *detail_only]},
            )
        return super()._get_serializer_class(
            router, model, fields_config, show_details=show_details, nested=nested
        )

    def get_base_queryset(self):
        # Wagtail asks for it up to three times a request, reading every restriction.
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset()
        return self._base_queryset

    def get_queryset(self):
        queryset = super().get_queryset()
        model = queryset.model
        return (
            queryset.select_related("locale", *getattr(model, "api_select_related", ()))
            .prefetch_related(*getattr(model, "api_prefetch_related", tuple)())
            .annotate(**getattr(model, "api_annotations", dict)())
        )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", SitePagesAPIViewSet)
