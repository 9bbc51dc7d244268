"""The project bank's Django routes: the open data (its page, catalogue, schema, exports)."""

from django.urls import path

from .opendata import views

urlpatterns = [
    path("donnees/", views.opendata_page, name="opendata"),
    path("donnees/catalogue.jsonld", views.catalogue_jsonld, name="opendata_catalogue"),
    path("donnees/schema-projets.json", views.project_schema, name="opendata_project_schema"),
    path("projets/export.csv", views.export_csv, name="project_export_csv"),
    path("projets/export.json", views.export_json, name="project_export_json"),
]
