"""Who may download a document, and what the others see instead.

Members-only files sit in a collection restricted to groups (Wagtail's
CollectionViewRestriction). Wagtail's serve view sends anyone who fails a restriction
to the login page; a visitor who is already logged in (a contributor, say) would be
sent there again and again, so they get a clear French page instead.
"""

from django.http import Http404
from django.template.response import TemplateResponse
from wagtail.models import BaseViewRestriction

from .publicity import is_used_publicly, user_may_see_private_file

RESTRICTED_TEMPLATE = "cms/document_restricted.html"


def failed_restriction(document, request):
    """The first view restriction the request does not satisfy, or None."""
    for restriction in document.collection.get_view_restrictions():
        if not restriction.accept_request(request):
            return restriction
    return None


def refuse_logged_in_non_members(document, request):
    """`before_serve_document` hook: a 403 page for logged-in users outside the groups."""
    if not request.user.is_authenticated:
        return None  # Wagtail redirects to the login page, then back to the file.
    restriction = failed_restriction(document, request)
    if restriction is None or restriction.restriction_type == BaseViewRestriction.PASSWORD:
        return None
    return TemplateResponse(
        request,
        RESTRICTED_TEMPLATE,
        {"document": document, "groups": list(restriction.groups.order_by("name"))},
        status=403,
    )


def refuse_unpublished_documents(document, request):
    """`before_serve_document` hook: a document that no live public page uses answers
    404, as if it did not exist, to everyone but those who may see it (cms.publicity).

    Documents of a restricted collection (members-only resources) keep Wagtail's own
    handling of the restriction and the page above.
    """
    if document.collection.get_view_restrictions().exists():
        return None
    if is_used_publicly(document) or user_may_see_private_file(request, document):
        return None
    raise Http404
