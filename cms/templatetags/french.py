"""French typography for texts that quote a title."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

NBSP = "\u00a0"


@register.filter(needs_autoescape=True)
def guillemets(text, autoescape=True):
    """« text », with the quotes inside it turned into second-level “ ” quotes.

    A title that quotes something (« l'expérience agent ») would otherwise read
    « Atelier « l'expérience agent » », which French typography does not allow.
    """
    inner = str(text).strip()
    for opening in ("«" + NBSP, "« ", "«"):
        inner = inner.replace(opening, "“")
    for closing in (NBSP + "»", " »", "»"):
        inner = inner.replace(closing, "”")
    if autoescape:
        inner = conditional_escape(inner)
    return mark_safe(f"« {inner} »")
