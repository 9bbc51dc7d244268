import logging
import re
import uuid
from urllib.parse import parse_qsl

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers
from django_permissions_policy import PermissionsPolicyMiddleware

from .log import request_id_var, request_path_var

# What a proxy may pass as X-Request-ID (anything else is replaced by a fresh id).
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class RequestIdMiddleware:
    """Each request has an id: the proxy's X-Request-ID, or a new one.

    It is sent back in the X-Request-ID header, shown on the error page and written in
    every log line of the request (cms.log.RequestContextFilter).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        id_token = request_id_var.set(request.request_id)
        path_token = request_path_var.set(request.path)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            return response
        finally:
            request_id_var.reset(id_token)
            request_path_var.reset(path_token)


class NoIndexMiddleware:
    """Staging and review hosts (SITE_NOINDEX=1) ask search engines not to index them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SITE_NOINDEX:
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


def allow_player_features(response, origin, features=("fullscreen", "picture-in-picture")):
    """Let this response's page, and a player framed from `origin`, use `features`.

    Every other feature keeps the site's policy (PERMISSIONS_POLICY: denied everywhere).
    """
    policy = dict(settings.PERMISSIONS_POLICY)
    for feature in features:
        policy[feature] = ["self", origin]
    response._permissions_policy_override = PermissionsPolicyMiddleware.compute_header_value(
        policy, name="allow_player_features"
    )
    return response


logger = logging.getLogger(__name__)


class SiteCSPMiddleware(CSPMiddleware):
    """The strict public policy everywhere, except the Wagtail admin's own looser one."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.ADMIN_PATH_PREFIXES):
            # No nonce in the admin: a nonce would make browsers ignore 'unsafe-inline'.
            return PolicyParts(config=settings.ADMIN_CONTENT_SECURITY_POLICY, nonce=None)
        if not report_only and getattr(request, "is_preview", False):
            # Wagtail renders a preview through the whole middleware chain with the page's
            # own path, to show it in a frame of the admin: that frame must be allowed.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts


class PrivateDocumentsCacheMiddleware:
    """Documents are served per user (some are members-only): no shared cache keeps them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(settings.DOCUMENTS_PATH_PREFIX):
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ("Cookie",))
        return response


# Characters no address of the site may hold: C0 and C1 controls and DEL. NUL in a
# query reaches PostgreSQL as an error; the others are never typed by a person.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# A query value may hold a tab or a line break (a pasted search), nothing else of those.
_QUERY_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MALFORMED_REQUEST_MESSAGE = (
    "L'adresse demandée contient des caractères que le site ne peut pas lire "
    "(caractère de contrôle ou encodage invalide)."
)


def _raw_query_string(request):
    """The query string as the client sent it: WSGI hands over its bytes as latin-1."""
    query = request.META.get("QUERY_STRING", "")
    if isinstance(request, WSGIRequest):
        return query.encode("iso-8859-1", errors="replace").decode("utf-8")
    return query


def malformed_reason(request):
    """Why the path or query string cannot be read, or None when it can.

    An undecodable path never gets here as such: Django percent-encodes the broken
    bytes again (/%FF/ stays /%FF/), and no page has such an address (404).
    """
    if _CONTROL_CHARACTERS.search(request.path_info):
        return "path control character"
    try:
        pairs = parse_qsl(
            _raw_query_string(request),
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        )
    except UnicodeDecodeError:
        return "query encoding"
    except ValueError:
        # Too many fields: Django's own QueryDict answers 400 (TooManyFieldsSent).
        return None
    for key, value in pairs:
        if _CONTROL_CHARACTERS.search(key) or _QUERY_CONTROL_CHARACTERS.search(value):
            return "query control character"
    return None


class MalformedRequestMiddleware:
    """Addresses the site cannot read answer a French 400, before any view or query runs.

    One gate for every route (pages, their sub-routes, the API, documents, the admin):
    a query string that is not UTF-8, or a control character in the path or the query
    (NUL breaks PostgreSQL queries), never reaches a view. The answer never repeats the address.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reason = malformed_reason(request)
        if reason is None:
            return self.get_response(request)
        logger.info("Malformed request refused (%s)", reason)
        if request.path_info.startswith(settings.API_PATH_PREFIX):
            return JsonResponse({"message": MALFORMED_REQUEST_MESSAGE}, status=400)
        return HttpResponseBadRequest(render_to_string("400.html"))
