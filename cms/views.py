import logging
import mimetypes
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from . import page_queries
from .html_cache import CardList
from .listing import paginate, search_ids
from .models import CustomRendition
from .publicity import user_may_see_private_file
from .robots import robots_txt_lines
from .search import search_words
from .storage import PRIVATE_RENDITIONS_FOLDER

SEARCH_RESULTS_PER_PAGE = 10
logger = logging.getLogger(__name__)


def serve_page(request, path):
    """Wagtail's page view, the pages along the path read at once (cms.page_queries)."""
    page_queries.route_for_request(request, path)
    return wagtail_views.serve(request, path)


def _ranked_page_ids(site, query):
    """Ids of the site's live public pages matching `query`, best first: one full-text
    query (the count is its length), kept until the tree changes (the index follows
    publications, which give a new generation)."""

    def read():
        pages = Page.objects.live().public()
        if site is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        return search_ids(pages, query)

    return page_queries.cached_by_generation(f"search:{site.pk if site else ''}:{query}", read)


def _search_results(ids):
    return {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}


def search(request):
    query = search_words(request.GET.get("q"))
    results_page = None
    total = 0
    if query:
        ranked = _ranked_page_ids(Site.find_for_request(request), query)
        results_page = paginate(ranked, request.GET.get("page"), SEARCH_RESULTS_PER_PAGE)
        # One card a result, kept until the tree changes: the pages are read only for
        # the results whose card is not kept (cms.html_cache).
        results_page.object_list = CardList(results_page.object_list, _search_results)
        total = results_page.paginator.count
    return render(
        request,
        "cms/search.html",
        {"search_query": query, "results": results_page, "total": total},
    )


def robots_txt(request):
    """The lines every app contributed (cms.robots), then the sitemap's address."""
    return HttpResponse("\n".join(robots_txt_lines()), content_type="text/plain; charset=utf-8")


@never_cache
def health(request):
    """For the load balancer and monitoring: 200 when the site can serve, 503 when not.

    The database is required; the cache is not (a Redis failure is a cache miss), so a
    failing cache is reported without failing the check.
    """
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError:
        logger.warning("Health check: the database is unreachable.", exc_info=True)
        checks["database"] = "indisponible"
    key = f"health:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", 10)
        checks["cache"] = "ok" if cache.get(key) == "ok" else "indisponible"
        cache.delete(key)
    except Exception:  # noqa: BLE001 - any cache failure is reported, never a 500
        logger.warning("Health check: the cache is unreachable.", exc_info=True)
        checks["cache"] = "indisponible"
    healthy = checks["database"] == "ok"
    checks["status"] = "ok" if healthy else "indisponible"
    return JsonResponse(checks, status=200 if healthy else 503)


@requires_csrf_token
def server_error(request):
    """The 500 page, with the request's id so a visitor can quote it to the team."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(
        template.render({"request_id": getattr(request, "request_id", "")})
    )


def private_rendition(request, filename):
    """A rendition of an image no live public page uses yet, for those who may see it.

    Anyone else gets a 404, as if the file did not exist (cms.publicity).
    """
    if "/" in filename or "\\" in filename:
        raise Http404
    rendition = (
        CustomRendition.objects.select_related("image")
        .filter(file=f"{PRIVATE_RENDITIONS_FOLDER}/{filename}")
        .first()
    )
    if rendition is None or not user_may_see_private_file(request, rendition.image):
        raise Http404
    try:
        handle = rendition.file.storage.open(rendition.file.name, "rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=_rendition_content_type(filename))
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ("Cookie",))
    return response


def _rendition_content_type(filename):
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"
