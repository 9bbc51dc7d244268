"""What the embeds (/projets/embed/, /agenda/embed/) share: the framing rule and their
own small 404 page.

Only these routes may be framed, by any origin: `frameable` lifts X-Frame-Options and
replaces the CSP's `frame-ancestors 'none'` with `*` for the view it decorates (through
django-csp's per-view decorator); every other answer of the site keeps DENY and 'none'.
"""

from csp.decorators import csp_replace
from django.views.decorators.clickjacking import xframe_options_exempt

from .not_found import answer_not_found

EMBED_LENGTH = 10
EMBED_HEIGHT = 480
NOT_FOUND_TEMPLATE = "cms/embed/not_found.html"


def frameable(view):
    """Let any site frame this view's answer (and show a NotFound in the embed style)."""

    wrapped = answer_not_found(NOT_FOUND_TEMPLATE)(view)
    return xframe_options_exempt(csp_replace({"frame-ancestors": ["*"]})(wrapped))
