"""`python manage.py check --database default`: no page hides a route of the site.

A page whose slug is a route name of its index (rss, ical, embed, export.json...), or,
just below the home page, a route of the site (donnees, s-abonner, recherche...), could
never be reached: the route answers first. Editors cannot choose those names any more
(BasePage.clean), but a page made before a route existed may still hold one.
"""

from django.core.checks import Error, Tags, register
from django.db import DatabaseError
from django.db.models import Q
from wagtail.models import Page

from .models import RESERVED_SLUGS, TOP_LEVEL_ROUTES


@register(Tags.database)
def check_reserved_slugs(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    collisions = Page.objects.filter(
        Q(slug__in=RESERVED_SLUGS) | Q(depth=3, slug__in=TOP_LEVEL_ROUTES)
    ).only("url_path", "title", "slug")
    try:
        collisions = list(collisions)
    except DatabaseError:
        return []  # `migrate` checks before it creates the tables
    return [
        Error(
            f"La page « {page.title} » ({page.url_path}) porte l'identifiant « {page.slug} », "
            "réservé à une adresse du site : elle est inaccessible.",
            hint="Donnez-lui un autre identifiant dans l'onglet « Promotion » de la page.",
            obj=page,
            id="emi.E001",
        )
        for page in collisions
    ]
