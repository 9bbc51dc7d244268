"""The API v2 (/api/v2/pages/) as an open-data client reads it: the full project (the
exports' columns, typed), events with their registration state, news; the site's filters
(collectivité, status, theme, dates) and their errors; live public content only, no
personal data; readable from any origin."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from news.models import EventIndexPage, EventRegistration, NewsIndexPage
from projects.models import ProjectStatus, ProjectTeamMember, ProjectUserQuote
from projects.opendata.schema import COLUMN_NAMES, COLUMNS
from tests.factories.news import EventPageFactory, NewsPageFactory
from tests.factories.projects import make_project

pytestmark = pytest.mark.django_db
PROJECTS = "/api/v2/pages/?type=projects.ProjectPage"
EVENTS = "/api/v2/pages/?type=news.EventPage"
NEWS = "/api/v2/pages/?type=news.NewsPage"
ORIGIN = "https://www.somme.example.test"


def items(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def titles(client, url):
    return {item["title"] for item in items(client, url)}


def refused(client, url):
    response = client.get(url)
    assert response.status_code == 400, response.content
    return response.json()["message"]


def restrict(page, kind):
    """A password or a group (the alumni's) in front of the page."""
    if kind == "password":
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        return page
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get_or_create(name="Alumni")[0])
    return page


@pytest.fixture
def projects(somme, nord, somme_cohort, nord_cohort):
    deployed = make_project(
        somme,
        "Un guichet unique pour les familles",
        status=ProjectStatus.DEPLOYE,
        cohort=somme_cohort,
        themes=["Accueil", "Protection de l'enfance"],
        with_details=True,
        sponsor_role="Directrice de l'enfance",
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
        published_at=timezone.make_aware(datetime.datetime(2025, 3, 10, 12)),
    )
    ProjectTeamMember.objects.create(
        page=deployed, role="Cheffe de projet", name="Camille Publiée", name_published=True
    )
    ProjectTeamMember.objects.create(
        page=deployed, role="Agent d'accueil", name="Dominique Secrète", name_published=False
    )
    ProjectUserQuote.objects.filter(page=deployed).update(name="Usagère Secrète")
    stopped = make_project(
        nord,
        "Un robot conversationnel",
        status=ProjectStatus.ABANDONNE,
        cohort=nord_cohort,
        themes=["Numérique"],
        published_at=timezone.make_aware(datetime.datetime(2024, 5, 2, 9)),
    )
    retained = make_project(
        nord,
        "Une cantine sans gaspillage",
        status=ProjectStatus.RETENU,
        cohort=nord_cohort,
        themes=["Restauration scolaire"],
        published_at=timezone.make_aware(datetime.datetime(2025, 9, 1, 9)),
    )
    return deployed, stopped, retained


@pytest.fixture
def hidden(somme, somme_cohort):
    """A draft, a project behind a password, one for the alumni: never in the API."""
    make_project(somme, "Brouillon jamais publié", cohort=somme_cohort, live=False)
    restrict(make_project(somme, "Projet protégé", cohort=somme_cohort), "password")
    restrict(make_project(somme, "Projet des alumni", cohort=somme_cohort), "group")


@pytest.fixture
def agenda(somme, nord):
    """Events of the Somme and of the Nord, in each registration state."""
    index = EventIndexPage.objects.get()
    soon = timezone.now() + datetime.timedelta(days=10)
    events = {
        "ouvertes": EventPageFactory(
            parent=index,
            title="Atelier design de service",
            collectivity=somme.collectivity,
            registration_mode="formulaire",
            capacity=2,
            start=soon,
        ),
        "complet": EventPageFactory(
            parent=index,
            title="Café-rencontre complet",
            collectivity=somme.collectivity,
            registration_mode="formulaire",
            capacity=1,
            start=soon + datetime.timedelta(days=30),
        ),
        "fermees": EventPageFactory(
            parent=index,
            title="Jury annulé",
            collectivity=nord.collectivity,
            event_type="jury",
            status="annule",
            status_note="Reporté à l'automne.",
            registration_mode="externe",
            registration_url="https://inscriptions.example.test/jury",
            start=soon,
        ),
        "aucune": EventPageFactory(parent=index, title="Restitution de l'EMI", start=soon),
    }
    EventRegistration.objects.create(
        event=events["ouvertes"], name="Alice Inscrite", email="alice@example.test"
    )
    EventRegistration.objects.create(
        event=events["complet"], name="Bruno Inscrit", email="bruno@example.test"
    )
    return events


@pytest.fixture
def news(somme, nord):
    index = NewsIndexPage.objects.get()
    somme_news = NewsPageFactory(
        parent=index,
        title="La Somme ouvre son guichet",
        collectivity=somme.collectivity,
        date=datetime.date(2025, 4, 2),
        body=[{"type": "paragraph", "value": "<p>Le guichet est ouvert.</p>"}],
    )
    somme_news.tags.add("Accueil", "Usagers")
    somme_news.save()
    nord_news = NewsPageFactory(
        parent=index,
        title="Le Nord mesure son impact",
        collectivity=nord.collectivity,
        date=datetime.date(2024, 11, 20),
    )
    emi_news = NewsPageFactory(parent=index, title="L'EMI recrute", date=datetime.date(2025, 6, 1))
    return somme_news, nord_news, emi_news


# --- The project, as the exports give it ---------------------------------------------------


def test_a_project_carries_every_column_of_the_exports_under_its_name(client, projects):
    deployed = projects[0]
    (item,) = items(client, f"{PROJECTS}&fields=*&statut=deploye")
    assert [name for name in COLUMN_NAMES if name in item] == list(COLUMN_NAMES)
    assert item["identifiant"] == deployed.pk
    assert item["url"] == "http://127.0.0.1:8000" + deployed.url
    assert item["collectivite"] == "Département de la Somme"
    assert item["collectivite_identifiant"] == "somme"
    assert item["thematiques"] == ["Accueil", "Protection de l'enfance"]
    assert item["solutions"] == [
        "Un annuaire en ligne (Mise en œuvre : Intégré au site du Département.)"
    ]
    assert (item["indicateur_une_valeur_depart"], item["indicateur_une_valeur"]) == (35, 12)
    assert item["indicateur_une_date"] == "2024-03-01"
    assert item["date_jury"] == "2023-06-20"
    assert item["equipe"] == ["Cheffe de projet (Camille Publiée)", "Agent d'accueil"]
    assert item["autre_programme"] is None


def test_a_project_in_the_api_says_what_its_csv_row_says(client, projects):
    rows = {
        row["identifiant"]: row
        for row in csv.DictReader(
            io.StringIO(b"".join(client.get("/projets/export.csv").streaming_content).decode())
        )
    }
    listed = items(client, f"{PROJECTS}&fields=*")
    assert len(listed) == len(rows) == 3
    for item in listed:
        row = rows[str(item["identifiant"])]
        for column in COLUMNS:
            assert str(column.as_text(item[column.name])) == row[column.name], column.name
    stopped = next(item for item in listed if item["statut"] == "abandonne")
    assert stopped["indicateur_une"] is None and stopped["autres_indicateurs"] == []


def test_a_project_page_alone_gives_the_same_fields(client, projects):
    deployed = projects[0]
    (listed,) = items(client, f"{PROJECTS}&fields=*&statut=deploye")
    detail = client.get(f"/api/v2/pages/{deployed.pk}/").json()
    assert {name: detail[name] for name in COLUMN_NAMES} == {
        name: listed[name] for name in COLUMN_NAMES
    }


def test_no_personal_data_goes_out_with_the_projects(client, projects):
    for url in (f"{PROJECTS}&fields=*", f"/api/v2/pages/{projects[0].pk}/"):
        text = client.get(url).content.decode()
        assert "Secrète" not in text
        assert "Directrice de l'enfance" not in text
        assert "@" not in text


# --- Events and news -------------------------------------------------------------------


def test_events_say_their_registration_state_never_their_registrants(client, agenda):
    listed = {item["title"]: item for item in items(client, f"{EVENTS}&fields=*")}
    states = {title: item["registration_state"] for title, item in listed.items()}
    assert states == {event.title: state for state, event in agenda.items()}
    workshop = listed["Atelier design de service"]
    assert workshop["places_left"] == 1
    assert workshop["collectivity"] == {"slug": "somme", "name": "Département de la Somme"}
    assert workshop["attendance_mode"] == "presentiel"
    assert workshop["place_name"] == "Hôtel du Département"
    jury = listed["Jury annulé"]
    assert (jury["status"], jury["display_status"]) == ("annule", "annule")
    assert jury["status_note"] == "Reporté à l'automne."
    assert jury["registration_url"] == "https://inscriptions.example.test/jury"
    assert listed["Restitution de l'EMI"]["collectivity"] is None
    text = client.get(f"{EVENTS}&fields=*").content.decode()
    assert "Inscrit" not in text and "example.test/jury" in text
    assert "alice@" not in text and "bruno@" not in text


def test_news_give_their_date_collectivity_and_tags_and_their_body_alone(client, news):
    somme_news = news[0]
    listed = {item["title"]: item for item in items(client, f"{NEWS}&fields=*")}
    item = listed["La Somme ouvre son guichet"]
    assert item["date"] == "2025-04-02"
    assert item["collectivity"] == {"slug": "somme", "name": "Département de la Somme"}
    assert item["tags"] == ["Accueil", "Usagers"]
    assert "body" not in item
    detail = client.get(f"/api/v2/pages/{somme_news.pk}/").json()
    assert detail["body"][0]["type"] == "paragraph"
    assert "Le guichet est ouvert." in detail["body"][0]["value"]
    assert "unknown fields: body" in refused(client, f"{NEWS}&fields=body")


# --- Filters ---------------------------------------------------------------------------


def test_filters_by_collectivity_on_every_type(client, projects, agenda, news):
    assert titles(client, f"{PROJECTS}&collectivite=somme") == {projects[0].title}
    assert titles(client, f"{EVENTS}&collectivite=nord") == {"Jury annulé"}
    assert titles(client, f"{NEWS}&collectivite=somme") == {"La Somme ouvre son guichet"}
    both = titles(client, f"{NEWS}&collectivite=somme&collectivite=nord")
    assert both == {"La Somme ouvre son guichet", "Le Nord mesure son impact"}


def test_filters_by_status_and_theme_several_values_each(client, projects, agenda):
    deployed, stopped, retained = projects
    assert titles(client, f"{PROJECTS}&statut=deploye&statut=retenu") == {
        deployed.title,
        retained.title,
    }
    assert titles(client, f"{PROJECTS}&thematique=accueil&thematique=numerique") == {
        deployed.title,
        stopped.title,
    }
    # OR within a facet, AND across facets.
    either_theme = f"{PROJECTS}&thematique=accueil&thematique=numerique"
    assert titles(client, f"{either_theme}&statut=abandonne") == {stopped.title}
    assert titles(client, f"{PROJECTS}&thematique=accueil&collectivite=nord") == set()
    assert titles(client, f"{EVENTS}&statut=annule") == {"Jury annulé"}


def test_filters_by_dates_both_days_included(client, projects, agenda, news):
    deployed, _stopped, retained = projects
    assert titles(client, f"{PROJECTS}&depuis=2025-03-10") == {deployed.title, retained.title}
    assert titles(client, f"{PROJECTS}&depuis=2025-01-01&jusqu_au=2025-03-10") == {deployed.title}
    assert titles(client, f"{NEWS}&depuis=2025-04-02&jusqu_au=2025-06-01") == {
        "La Somme ouvre son guichet",
        "L'EMI recrute",
    }
    today = timezone.localdate()
    later = today + datetime.timedelta(days=20)
    assert titles(client, f"{EVENTS}&jusqu_au={later.isoformat()}") == {
        "Atelier design de service",
        "Jury annulé",
        "Restitution de l'EMI",
    }
    assert titles(client, f"{EVENTS}&depuis={later.isoformat()}") == {"Café-rencontre complet"}


@pytest.mark.parametrize(
    ("bounds", "found"),
    [
        ("depuis=0001-01-01", True),
        ("jusqu_au=9999-12-31", True),
        ("jusqu_au=0001-01-01", False),
        ("depuis=9999-12-31", False),
    ],
)
def test_the_first_and_last_days_are_dates_like_any_other(client, agenda, bounds, found):
    assert len(items(client, f"{EVENTS}&{bounds}")) == (len(agenda) if found else 0)


def test_filters_combine_with_search_order_fields_and_pages(client, projects):
    deployed, stopped, retained = projects
    url = f"{PROJECTS}&collectivite=nord&order=-title&fields=statut,thematiques&limit=1"
    response = client.get(url).json()
    assert response["meta"]["total_count"] == 2
    (item,) = response["items"]
    assert (item["title"], item["statut"], item["thematiques"]) == (
        retained.title,
        "retenu",
        ["Restauration scolaire"],
    )
    second = items(client, url + "&offset=1")
    assert [item["title"] for item in second] == [stopped.title]
    assert titles(client, f"{PROJECTS}&collectivite=somme&search=guichet") == {deployed.title}
    assert titles(client, f"{PROJECTS}&collectivite=nord&search=guichet") == set()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            f"{PROJECTS}&collectivite=atlantide",
            "aucune collectivité n'a l'identifiant « atlantide »",
        ),
        (
            f"{PROJECTS}&thematique=accueil&thematique=zzz",
            "aucune thématique n'a l'identifiant « zzz »",
        ),
        (
            f"{PROJECTS}&statut=programme",
            "« programme » n'est pas un statut de projects.ProjectPage",
        ),
        (f"{EVENTS}&statut=deploye", "les statuts sont programme, reporte, annule, complet"),
        (f"{NEWS}&depuis=2025-13-01", "depuis : « 2025-13-01 » n'est pas une date"),
        (
            f"{EVENTS}&jusqu_au=demain",
            "jusqu_au : « demain » n'est pas une date au format AAAA-MM-JJ",
        ),
        (f"{NEWS}&depuis=20250101", "n'est pas une date au format AAAA-MM-JJ"),
        (
            f"{EVENTS}&thematique=accueil",
            "thematique : ce filtre ne s'applique pas au type news.EventPage",
        ),
        (f"{NEWS}&statut=deploye", "il s'applique aux types projects.ProjectPage, news.EventPage"),
        ("/api/v2/pages/?collectivite=somme", "ce filtre demande un seul type de page"),
        ("/api/v2/pages/?type=news.NewsPage,news.EventPage&collectivite=somme", "un seul type"),
    ],
)
def test_a_filter_it_cannot_apply_is_a_400_that_says_why(client, projects, query, message):
    assert message in refused(client, query)


# --- Only live public content, readable from anywhere ------------------------------------


def test_drafts_and_private_pages_never_appear(client, projects, hidden, agenda, news):
    index_news, index_events = NewsIndexPage.objects.get(), EventIndexPage.objects.get()
    restrict(NewsPageFactory(parent=index_news, title="Actualité des alumni"), "group")
    restrict(EventPageFactory(parent=index_events, title="Soirée protégée"), "password")
    draft = NewsPageFactory(parent=index_news, title="Actualité en brouillon")
    draft.unpublish()
    secret = {"Brouillon jamais publié", "Projet protégé", "Projet des alumni"}
    secret |= {"Actualité des alumni", "Soirée protégée", "Actualité en brouillon"}
    for url in (
        "/api/v2/pages/?limit=100",
        f"{PROJECTS}&collectivite=somme&fields=*",
        f"{EVENTS}&fields=*",
        f"{NEWS}&fields=*&depuis=2000-01-01",
        "/api/v2/pages/?search=alumni",
    ):
        assert not titles(client, url) & secret, url
    assert len(items(client, f"{PROJECTS}&collectivite=somme")) == 1


def test_a_filtered_request_is_readable_from_any_origin_without_credentials(client, projects):
    response = client.get(f"{PROJECTS}&collectivite=somme&fields=*", headers={"Origin": ORIGIN})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("listing", [PROJECTS, EVENTS, NEWS])
def test_a_listing_costs_the_same_queries_whatever_its_limit(
    client, projects, agenda, news, listing
):
    client.get(f"{listing}&fields=*&limit=1")
    one = query_count(client, f"{listing}&fields=*&limit=1")
    assert query_count(client, f"{listing}&fields=*&limit=50") == one
    filtered = f"{listing}&fields=*&collectivite=somme&collectivite=nord&depuis=2000-01-01"
    assert query_count(client, f"{filtered}&limit=1") == query_count(client, f"{filtered}&limit=50")
