"""Project bank fragments for other pages (the home page): live figures, latest projects."""

from django import template
from django.db.models import Exists, OuterRef
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from wagtail.models import Site

from cms.html_cache import CardList
from cms.page_queries import cached_by_generation, cached_for_queryset, first_child_of_type
from projects.figures import headline_figures
from projects.models import (
    ProjectImpactIndicator,
    ProjectIndexPage,
    ProjectStatus,
    published_projects,
    with_card_data,
)
from projects.team_links import team_links

register = template.Library()


def _site_projects(context):
    """Published projects of the request's site (all of them without a request)."""
    projects = published_projects()
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is not None:
        projects = projects.descendant_of(site.root_page)
    return projects, site


def _index_page(site):
    """The project bank's index of the site: its section, else the first one below it;
    kept until the tree changes (the home page asks for it twice)."""
    section = first_child_of_type(site.root_page, ProjectIndexPage) if site else None
    if section is not None:
        return section

    def read():  # a bank below a section, or no site
        indexes = ProjectIndexPage.objects.live()
        if site is not None:
            indexes = indexes.descendant_of(site.root_page)
        return indexes.only("id", "url_path", "path", "depth").first()

    return cached_by_generation(f"project-index:{site.pk if site else ''}", read)


@register.inclusion_tag("projects/tags/key_figures.html", takes_context=True)
def project_key_figures(context):
    projects, site = _site_projects(context)
    index_page = _index_page(site)
    return {
        "request": context.get("request"),
        "figures": headline_figures(projects),
        "index_page": index_page,
        "key_figures_url": (
            index_page.get_url(context.get("request")) + index_page.reverse_subpage("key_figures")
            if index_page
            else None
        ),
    }


def kept_cards(name, ordered, count):
    """The first `count` projects of `ordered` as cards: which ones is kept until the tree
    changes (sorting 10,000 projects for three is the home page's slowest read), and the
    projects are read only for cards not kept (cms.html_cache)."""
    read = {}

    def first_ones():  # the cards' projects read with the choice, for the cards to come
        read.update((project.pk, project) for project in with_card_data(ordered)[:count])
        return list(read)

    ids = cached_for_queryset(f"project-cards:{name}:{count}", ordered, first_ones)
    return CardList(
        ids, lambda wanted: with_card_data(ordered.filter(pk__in=wanted)).in_bulk(), read
    )


@register.inclusion_tag("projects/tags/latest_projects.html", takes_context=True)
def latest_projects(context, count=3):
    projects, site = _site_projects(context)
    try:
        count = max(1, min(int(count), 12))
    except (TypeError, ValueError):
        count = 3
    latest = kept_cards("latest", projects.order_by("-first_published_at", "-pk"), count)
    return {
        "request": context.get("request"),
        "projects": latest,
        "index_page": _index_page(site),
    }


@register.inclusion_tag("projects/tags/latest_projects.html", takes_context=True)
def projects_that_changed_something(context, count=3):
    """For the home page: deployed or experimented projects with a measured result
    ("avant → après"), the latest first; the latest projects when none has one yet."""
    projects, site = _site_projects(context)
    measured = ProjectImpactIndicator.objects.filter(page=OuterRef("pk"), baseline__isnull=False)
    changed = projects.filter(
        Exists(measured), status__in=[ProjectStatus.DEPLOYE, ProjectStatus.EXPERIMENTATION]
    )
    chosen = kept_cards("changed", changed.order_by("-first_published_at", "-pk"), count)
    if not chosen:
        return latest_projects(context, count)
    return {
        "request": context.get("request"),
        "projects": chosen,
        "index_page": _index_page(site),
        "heading": "Des projets qui ont changé quelque chose",
    }


@register.simple_tag
def project_team_links(project):
    """Public pages of team members, from the apps that registered a provider; kept
    until the tree or what pages show changes (a profile, its projects, its account)."""
    if not getattr(project, "pk", None):
        return team_links(project)
    return cached_by_generation(f"team-links:{project.pk}", lambda: team_links(project))


@register.filter
def measure(value, unit):
    """An indicator's number as the site writes it, with its unit after a non-breaking
    space: "41 jours", "18,5 %". Usage: {{ indicator.value|measure:indicator.unit }}"""
    number = floatformat(value, "-2g")
    return format_html("{}&nbsp;{}", number, unit) if unit else number
