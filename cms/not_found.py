"""A 404 that tells the visitor, in French, what was not found (an unknown collectivité
in a feed's address, a theme that does not exist…).

A route raises `NotFound("message")` (an Http404); `answer_not_found` turns it into the
site's 404 page with the message, or into the template the route names (an embed has
its own small 404 page).
"""

from functools import wraps

from django.http import Http404
from django.template.response import TemplateResponse


class NotFound(Http404):
    """An Http404 whose message is French and written for the visitor."""


def not_found_response(request, message, template="404.html", context=None):
    return TemplateResponse(request, template, {"message": message, **(context or {})}, status=404)


def answer_not_found(template="404.html"):
    """Decorate a view (or a routable page's route) so that NotFound shows its message."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            try:
                return view(*args, **kwargs)
            except NotFound as error:
                request = next(arg for arg in args if hasattr(arg, "META"))
                return not_found_response(request, str(error), template)

        return wrapped

    return decorator
