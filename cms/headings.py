"""Headings in editors' rich text follow the page's outline: no level is skipped.

The page's title is its only h1. A rich text shown right under it starts at h2; one shown
under a heading of its own (a StreamField heading block, a section's h2) starts one level
below that. From there a heading goes at most one level deeper than the one before it
(h2 → h3 → h4, back up at will). Screen-reader users move through a page by its
headings: a skipped level reads as a missing section.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

HEADING = re.compile(r"<h([1-6])\b", re.IGNORECASE)


def heading_levels(html):
    return [int(level) for level in HEADING.findall(str(html or ""))]


def heading_order_error(levels, after):
    """The French message for the first heading out of order, or None. `after` is the
    level of the heading the text sits under (1: the page's title)."""
    previous = after
    for level in levels:
        if level <= 1:
            return "Le titre de niveau 1 est celui de la page : commencez au niveau 2."
        if level > previous + 1:
            wanted = previous + 1
            start = (
                "Ce texte"
                if previous == after
                else f"Après un titre de niveau {previous}, ce texte"
            )
            return (
                f"{start} doit passer par un titre de niveau {wanted} avant un titre de "
                f"niveau {level} : aucun niveau ne se saute (les lecteurs d'écran parcourent "
                "la page par ses titres)."
            )
        previous = level
    return None


@deconstructible
class HeadingOrderValidator:
    """For a RichTextField: its headings start at `after + 1` and skip no level."""

    def __init__(self, after=1):
        self.after = after

    def __call__(self, value):
        error = heading_order_error(heading_levels(value), self.after)
        if error:
            raise ValidationError(error, code="heading_order")

    def __eq__(self, other):
        return isinstance(other, HeadingOrderValidator) and other.after == self.after


def stream_heading_errors(children, after=1):
    """{index: message} for a stream's heading and rich-text children out of order.

    `children` are (block_type, level_or_html) pairs in order: a heading block gives its
    level as an int, a rich-text block its HTML.
    """
    errors = {}
    previous = after
    for index, (kind, value) in enumerate(children):
        levels = [value] if kind == "heading" else heading_levels(value)
        error = heading_order_error(levels, previous)
        if error:
            errors[index] = error
        elif levels:
            previous = levels[-1]
    return errors
