import re
import uuid

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
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
