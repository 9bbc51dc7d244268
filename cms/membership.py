"""Who and what belongs to which collectivité.

A person belongs to the collectivités whose groups they are in (`user_collectivities`);
a page to the collectivité whose section holds it, found through the tree (for the
public listings: `annotate_collectivities`, `collectivity_of`). The admin's choosers
show a collectivité's members only their own pages and what is live outside any other
collectivité's section (`chooser_filter_for`).
"""

from django.db.models import Q
from wagtail.models import Page

from .models import Collectivity
from .roles import is_moderator
from .sections import section_models

# --- who belongs where ---------------------------------------------------------------


def user_collectivities(user):
    """The collectivités whose contributors or référents include `user`."""
    if not user.is_authenticated:
        return Collectivity.objects.none()
    groups = user.groups.all()
    return Collectivity.objects.filter(
        Q(contributors_group__in=groups) | Q(referents_group__in=groups)
    ).distinct()


def chooser_filter_for(user):
    """A filter restricting page listings to what a collectivité member may see.

    None for users who see everything (administrators, EMI moderators, anyone outside
    the collectivités). For a member: the pages of their own sections, plus live pages
    outside any other collectivité's section.
    """
    if not user.is_authenticated or is_moderator(user):
        return None
    own_ids = list(user_collectivities(user).values_list("pk", flat=True))
    if not own_ids:
        return None
    own_paths, other_paths = [], []
    for model in section_models():
        for path, collectivity_id in model.objects.values_list("path", "collectivity_id"):
            (own_paths if collectivity_id in own_ids else other_paths).append(path)
    in_own = Q(pk__in=[])
    for path in own_paths:
        in_own |= Q(path__startswith=path)
    in_other = Q(pk__in=[])
    for path in other_paths:
        in_other |= Q(path__startswith=path)
    return in_own | (Q(live=True) & ~in_other)


# --- where a page belongs (public listings) ------------------------------------------


def annotate_collectivities(pages):
    """Set `section_collectivity` on each page: the collectivité whose section holds it.

    One query per registered section type, whatever the number of pages.
    """
    pages = list(pages)
    steplen = Page.steplen
    prefixes = {
        page.path[:end] for page in pages for end in range(steplen, len(page.path) + 1, steplen)
    }
    by_path = {}
    if prefixes:
        for model in section_models():
            for section in model.objects.filter(path__in=prefixes).select_related(
                "collectivity", "collectivity__logo"
            ):
                by_path[section.path] = section.collectivity
    for page in pages:
        page.section_collectivity = None
        for end in range(len(page.path), 0, -steplen):
            collectivity = by_path.get(page.path[:end])
            if collectivity is not None:
                page.section_collectivity = collectivity
                break
    return pages


def collectivity_of(page):
    """The collectivité whose section holds `page` (or is `page`), else None."""
    if page is None or not getattr(page, "path", None):
        return None
    return annotate_collectivities([page])[0].section_collectivity
