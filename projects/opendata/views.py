"""/donnees/ (the open-data page), its catalogue and schema, and the project exports.

The exports are Django routes, not routes of the index page: Wagtail serves only paths
that end with a slash, and `export.csv` does not. They export the projects below the
site's project bank.
"""

from django.db.models import Max
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from wagtail.models import Site

from cms.site_address import absolute_url

from ..models import ProjectIndexPage, ProjectStatus, ProjectTheme
from .catalogue import FREQUENCY_LABEL, as_script_json, catalogue
from .exports import csv_response, json_response
from .schema import COLUMNS, LICENCE_NAME, LICENCE_URL, MULTI_VALUE_SEPARATOR, table_schema

NO_PROJECT_BANK = "Ce site n'a pas encore de banque de projets publiée : il n'y a rien à exporter."
JSON_LD_TYPE = "application/ld+json"


def project_index(request):
    site = Site.find_for_request(request)
    pages = ProjectIndexPage.objects.live().public()
    index = (pages.in_site(site) if site else pages).first()
    if index is None:
        raise Http404(NO_PROJECT_BANK)
    return index


def opendata_urls():
    return {
        "page": absolute_url(reverse("opendata")),
        "catalogue": absolute_url(reverse("opendata_catalogue")),
        "schema": absolute_url(reverse("opendata_project_schema")),
        "csv": absolute_url(reverse("project_export_csv")),
        "json": absolute_url(reverse("project_export_json")),
        "api": absolute_url("/api/v2/"),
    }


def _catalogue(index):
    modified = index.projects().aggregate(latest=Max("last_published_at"))["latest"]
    return catalogue(opendata_urls(), modified)


def export_csv(request):
    return csv_response(project_index(request).projects(), request)


def export_json(request):
    urls = opendata_urls()
    return json_response(project_index(request).projects(), request, urls["schema"], urls["page"])


def project_schema(request):
    return JsonResponse(
        table_schema(opendata_urls()["schema"]), json_dumps_params={"ensure_ascii": False}
    )


def catalogue_jsonld(request):
    return JsonResponse(
        _catalogue(project_index(request)),
        content_type=JSON_LD_TYPE,
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


def api_examples(projects):
    """Values of the API's filters for the examples of /donnees/: a collectivité and a theme
    that published projects have, a status and a date."""
    collectivity = (
        projects.exclude(collectivity=None)
        .order_by("collectivity__name")
        .values_list("collectivity__slug", flat=True)
        .first()
    )
    theme = (
        ProjectTheme.objects.filter(tagged_projects__content_object__in=projects)
        .order_by("name")
        .values_list("slug", flat=True)
        .first()
    )
    return {
        "collectivite": collectivity or "val-d-oise",
        "thematique": theme or "accueil",
        "statut": ProjectStatus.DEPLOYE,
        "statuts": ", ".join(ProjectStatus.values),
    }


def opendata_page(request):
    index = project_index(request)
    urls = opendata_urls()
    return render(
        request,
        "projects/opendata/opendata_page.html",
        {
            "urls": urls,
            "project_index": index,
            "project_count": index.projects().count(),
            "columns": [column.as_table_schema() for column in COLUMNS],
            "multi_value_separator": MULTI_VALUE_SEPARATOR.strip(),
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
            "frequency_label": FREQUENCY_LABEL,
            "catalogue_json": as_script_json(_catalogue(index)),
            "api_examples": api_examples(index.projects()),
        },
    )
