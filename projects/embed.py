"""/projets/embed/?collectivite=<slug>[&thematique=<slug>]: the last published projects
of a collectivité (of a theme), as a small page another site frames (cms.embeds)."""

from urllib.parse import urlencode

from django.template.response import TemplateResponse

from cms.embeds import EMBED_LENGTH, frameable
from cms.feeds import collectivity_from_query, scope_title, tag_from_query
from cms.site_address import absolute_url

from .models.vocabularies import ProjectTheme


def embed_filters(collectivity, theme):
    """The query string of the listing filters the embed follows (?collectivite=…)."""
    pairs = []
    if collectivity is not None:
        pairs.append(("collectivite", collectivity.slug))
    if theme is not None:
        pairs.append(("thematique", theme.slug))
    return "?" + urlencode(pairs) if pairs else ""


@frameable
def project_embed(index, request):
    collectivity = collectivity_from_query(request)
    theme = tag_from_query(request, ProjectTheme)
    projects = index.projects()
    if collectivity is not None:
        projects = projects.filter(collectivity=collectivity)
    if theme is not None:
        projects = projects.filter(tagged_items__tag=theme)
    shown = list(
        projects.select_related("collectivity").order_by("-first_published_at", "-pk")[
            :EMBED_LENGTH
        ]
    )
    for project in shown:
        project.embed_url = absolute_url(project.get_url(request))
    scope = [collectivity.name if collectivity else "", theme.name if theme else ""]
    return TemplateResponse(
        request,
        "projects/embed.html",
        {
            "embed_title": scope_title("Projets de l'EMI", *scope),
            "projects": shown,
            "total": projects.count() if len(shown) == EMBED_LENGTH else len(shown),
            "collectivity": collectivity,
            "theme": theme,
            "full_list_url": absolute_url(index.get_url(request))
            + embed_filters(collectivity, theme),
            "site_url": absolute_url("/"),
        },
    )
