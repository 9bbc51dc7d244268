"""Open data of the project bank: /projets/export.csv and .json, their Table Schema, the
DCAT-AP catalogue and /donnees/; what goes out (live public projects only, no personal
data) and what it costs (a query count that does not grow with the projects)."""

import csv
import html
import io
import json
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.api_filters import FILTER_PARAMS
from news.events.models import AttendanceMode, EventStatus, EventType, RegistrationState
from news.models import EventPage, NewsPage
from projects.models import ProjectStatus, ProjectTeamMember, ProjectUserQuote
from projects.opendata.schema import COLUMN_NAMES
from tests.factories.cms import UserFactory
from tests.factories.projects import make_project

pytestmark = pytest.mark.django_db
BASE = "http://127.0.0.1:8000"


def streamed(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(client):
    response = client.get("/projets/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = streamed(response)
    assert not text.startswith("\ufeff"), "UTF-8 without a byte order mark"
    reader = csv.DictReader(io.StringIO(text))
    return reader.fieldnames, list(reader)


def json_export(client):
    response = client.get("/projets/export.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(streamed(response))


def schema(client):
    response = client.get("/donnees/schema-projets.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def published(somme, nord, somme_cohort, nord_cohort):
    """Two live public projects, with details, and what must never go out."""
    owner = UserFactory(email="contributrice@somme.example.test")
    deployed = make_project(
        somme,
        "Un guichet unique pour les familles",
        status=ProjectStatus.DEPLOYE,
        cohort=somme_cohort,
        themes=["Accueil", "Protection de l'enfance"],
        with_details=True,
        owner=owner,
        solutions=[
            {
                "type": "solution",
                "value": {
                    "title": "Un annuaire en ligne",
                    "outcome": "mise-en-oeuvre",
                    "outcome_note": "Intégré au site du Département.",
                },
            }
        ],
    )
    ProjectTeamMember.objects.create(
        page=deployed, role="Cheffe de projet", name="Camille Publiée", name_published=True
    )
    ProjectTeamMember.objects.create(
        page=deployed, role="Agent d'accueil", name="Dominique Secrète", name_published=False
    )
    ProjectUserQuote.objects.filter(page=deployed).update(name="Usagère Secrète")
    stopped = make_project(
        nord, "Un robot conversationnel", status=ProjectStatus.ABANDONNE, cohort=nord_cohort
    )
    return deployed, stopped


@pytest.fixture
def hidden(somme, somme_cohort):
    """A draft, a project behind a password and one for a group: never exported."""
    draft = make_project(somme, "Brouillon jamais publié", cohort=somme_cohort, live=False)
    private = make_project(somme, "Projet protégé par mot de passe", cohort=somme_cohort)
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    members = make_project(somme, "Projet réservé à un groupe", cohort=somme_cohort)
    restriction = PageViewRestriction.objects.create(
        page=members, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Lecteurs réservés"))
    return draft, private, members


def test_csv_columns_are_the_schema_fields_in_order(client, published):
    fields, rows = csv_rows(client)
    assert tuple(fields) == COLUMN_NAMES
    assert [field["name"] for field in schema(client)["fields"]] == list(fields)
    assert len(rows) == 2


def test_json_rows_carry_the_schema_fields(client, published):
    data = json_export(client)
    assert data["licence"].startswith("Licence Ouverte")
    assert data["schema"] == BASE + "/donnees/schema-projets.json"
    assert [list(row) for row in data["projets"]] == [list(COLUMN_NAMES)] * 2


def test_schema_documents_every_field(client):
    table_schema = schema(client)
    assert table_schema["primaryKey"] == "identifiant"
    assert table_schema["licenses"][0]["name"] == "etalab-2.0"
    for field in table_schema["fields"]:
        assert set(field) >= {"name", "title", "description", "type"}
        assert field["type"] in {"string", "integer", "number", "date", "datetime"}


def test_a_row_says_what_the_project_page_shows(client, published):
    deployed, _stopped = published
    _fields, rows = csv_rows(client)
    row = next(row for row in rows if row["identifiant"] == str(deployed.pk))
    assert row["url"] == BASE + deployed.url
    assert row["collectivite"] == "Département de la Somme"
    assert row["collectivite_identifiant"] == "somme"
    assert row["formation"] == "Longue"
    assert row["statut"] == "deploye" and row["statut_libelle"] == "Déployé"
    assert row["thematiques"] == "Accueil | Protection de l'enfance"
    assert row["probleme"] == "Un problème rencontré par les usagers."
    assert row["solutions"] == (
        "Un annuaire en ligne (Mise en œuvre : Intégré au site du Département.)"
    )
    assert row["indicateur_une"] == "Délai moyen de réponse"
    assert (row["indicateur_une_valeur_depart"], row["indicateur_une_valeur"]) == ("35", "12")
    assert row["indicateur_une_source"] == "Logiciel de suivi des demandes"
    assert row["equipe"] == "Cheffe de projet (Camille Publiée) | Agent d'accueil"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", row["date_mise_a_jour"])
    stopped = next(row for row in rows if row["statut"] == "abandonne")
    assert stopped["statut_explication"]
    assert stopped["indicateur_une"] == "" and stopped["indicateur_une_valeur"] == ""


def test_only_live_public_projects_are_exported(client, published, hidden):
    _fields, rows = csv_rows(client)
    exported = {row["titre"] for row in rows}
    assert exported == {project.title for project in published}
    assert {row["titre"] for row in json_export(client)["projets"]} == exported


def test_no_personal_data_in_any_export(client, published):
    texts = [
        streamed(client.get("/projets/export.csv")),
        streamed(client.get("/projets/export.json")),
    ]
    for text in texts:
        assert "@" not in text
        assert "Secrète" not in text


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        streamed(client.get(url))
    return len(queries)


@pytest.mark.parametrize("url", ["/projets/export.csv", "/projets/export.json"])
def test_query_count_does_not_grow_with_the_projects(client, somme, somme_cohort, url):
    make_project(somme, cohort=somme_cohort, with_details=True, themes=["Accueil"])
    few = query_count(client, url)
    for number in range(6):
        make_project(somme, cohort=somme_cohort, with_details=True, themes=[f"Thème {number}"])
    assert query_count(client, url) == few


def test_catalogue_is_dcat_ap(client, published):
    response = client.get("/donnees/catalogue.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    data = response.json()
    assert data["@type"] == "dcat:Catalog"
    assert data["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    (dataset,) = data["dcat:dataset"]
    assert dataset["@type"] == "dcat:Dataset"
    assert dataset["dct:license"]["@id"].startswith("https://www.etalab.gouv.fr/")
    assert dataset["dct:accrualPeriodicity"]["@id"].endswith("/frequency/UPDATE_CONT")
    assert "dct:modified" in dataset
    urls = {}
    for distribution in dataset["dcat:distribution"]:
        assert distribution["@type"] == "dcat:Distribution"
        assert distribution["dcat:accessURL"] == distribution["dcat:downloadURL"]
        assert distribution["dct:license"] == dataset["dct:license"]
        media_type = distribution["dcat:mediaType"]["@id"].rsplit("/", 1)[-1]
        urls[media_type] = distribution["dcat:downloadURL"]["@id"]
    assert urls == {"csv": BASE + "/projets/export.csv", "json": BASE + "/projets/export.json"}
    assert data["dcat:service"][0]["dcat:endpointURL"]["@id"] == BASE + "/api/v2/"
    assert "collectivite=" in data["dcat:service"][0]["dct:description"]


def test_opendata_page_describes_the_dataset_from_the_schema(client, published):
    response = client.get("/donnees/")
    assert response.status_code == 200
    html = response.content.decode()
    for field in schema(client)["fields"]:
        assert f"<code>{field['name']}</code>" in html
    assert "Licence Ouverte" in html
    assert 'href="http://127.0.0.1:8000/projets/export.csv"' in html
    assert "/api/v2/pages/?type=projects.ProjectPage" in html
    embedded = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL
    ).group(1)
    assert json.loads(embedded) == client.get("/donnees/catalogue.jsonld").json()


def test_opendata_is_linked_from_the_footer_the_site_map_and_the_projects(client, published):
    for url in ("/", "/plan-du-site/", "/projets/"):
        assert 'href="/donnees/"' in client.get(url).content.decode(), url


def test_opendata_page_documents_the_api_fields_and_filters(client, published):
    html_text = html.unescape(client.get("/donnees/").content.decode())
    for model in (EventPage, NewsPage):
        for field in model.api_fields:
            assert f"<code>{field.name}</code>" in html_text, field.name
    for choices in (EventType, EventStatus, AttendanceMode, RegistrationState, ProjectStatus):
        for value in choices.values:
            assert value in html_text, value
    for param in FILTER_PARAMS:
        assert f"<code>{param}</code>" in html_text, param


def test_every_example_of_the_api_on_the_opendata_page_answers(client, published):
    page = client.get("/donnees/").content.decode()
    examples = {
        html.unescape(url)
        for url in re.findall(r'href="(http://127\.0\.0\.1:8000/api/v2/pages/\?[^"]+)"', page)
    }
    assert len(examples) == 7
    assert any("collectivite=somme" in url for url in examples), "a real collectivité"
    for url in examples:
        response = client.get(url.removeprefix(BASE))
        assert response.status_code == 200, (url, response.content)
    (themed,) = [url for url in examples if "thematique=" in url]
    assert client.get(themed.removeprefix(BASE)).json()["meta"]["total_count"] == 1
