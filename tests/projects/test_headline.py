"""A project's headline result, "avant → après": chosen by the editor among its
indicators, shown at the top of its page and on its card."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from projects.models import ProjectImpactIndicator, ProjectPage, ProjectStatus
from projects.page_form import HEADLINE_NEEDS_BASELINE, ONE_HEADLINE
from tests.factories.projects import make_project

pytestmark = pytest.mark.django_db


def indicator(label, value, baseline=None, unit="jours", **fields):
    return ProjectImpactIndicator(
        label=label,
        value=value,
        baseline=baseline,
        unit=unit,
        measured_on=datetime.date(2024, 12, 1),
        source="Logiciel financier",
        **fields,
    )


def with_indicators(project, *indicators):
    project.impact_indicators = list(indicators)
    project.save_revision().publish()
    return ProjectPage.objects.get(pk=project.pk)


@pytest.fixture
def project(somme, somme_cohort):
    return make_project(
        somme, "Subventions versées plus vite", cohort=somme_cohort, status=ProjectStatus.DEPLOYE
    )


def test_the_editor_s_choice_comes_first(project):
    project = with_indicators(
        project,
        indicator("Délai de versement", 41, baseline=78),
        indicator("Dossiers incomplets", 18, baseline=42, unit="%", is_headline=True),
    )
    assert project.headline_indicator.label == "Dossiers incomplets"


def test_without_a_choice_the_first_indicator_with_a_starting_value(project):
    project = with_indicators(
        project,
        indicator("Usagers rappelés", 93, unit="%"),
        indicator("Délai de versement", 41, baseline=78),
    )
    assert project.headline_indicator.label == "Délai de versement"


def test_no_headline_without_a_starting_value(client, project):
    project = with_indicators(project, indicator("Usagers rappelés", 93, unit="%"))
    assert project.headline_indicator is None
    page = client.get(project.url).content.decode()
    assert "Usagers rappelés" in page and "project-headline" not in page


def test_the_page_opens_on_the_result_and_the_card_shows_it(client, project):
    project = with_indicators(project, indicator("Délai de versement", 41, baseline=78))
    page = re.sub(r"[ \t\n]+", " ", html.unescape(client.get(project.url).content.decode()))
    header = page.split('class="project__header"')[1].split("</header>")[0]
    assert "Délai de versement" in header
    assert "78\xa0jours →, mesuré ensuite : 41\xa0jours" in re.sub(r"<[^>]+>", "", header)
    assert "avant le projet : " in header  # read in words by screen readers
    assert "source : Logiciel financier" in header
    assert header.index("project-headline") < header.index("project__facts")

    listing = re.sub(r"[ \t\n]+", " ", html.unescape(client.get("/projets/").content.decode()))
    card = listing.split("Subventions versées plus vite")[1].split("</article>")[0]
    assert "<strong>41\xa0jours</strong>" in card and "source :" not in card


def edit(admin_client, project, **checked):
    url = reverse("wagtailadmin_pages:edit", args=[project.pk])
    data = querydict_from_html(admin_client.get(url).content.decode(), form_id="page-edit-form")
    data.update(nested_form_data({"solutions": streamfield([]), "documents": streamfield([])}))
    for name, value in checked.items():
        data[f"impact_indicators-{name}"] = value
    return admin_client.post(url, data)


def test_the_form_refuses_two_headlines(admin_client, project):
    project = with_indicators(
        project,
        indicator("Délai de versement", 41, baseline=78),
        indicator("Dossiers incomplets", 18, baseline=42, unit="%"),
    )
    response = edit(admin_client, project, **{"0-is_headline": "on", "1-is_headline": "on"})
    assert response.status_code == 200
    assert ONE_HEADLINE in html.unescape(response.content.decode())

    response = edit(admin_client, project, **{"1-is_headline": "on"})
    assert response.status_code == 302
    draft = ProjectPage.objects.get(pk=project.pk).get_latest_revision().as_object()
    assert draft.headline_indicator.label == "Dossiers incomplets"


def test_the_form_asks_a_starting_value_for_the_headline(admin_client, project):
    project = with_indicators(project, indicator("Usagers rappelés", 93, unit="%"))
    response = edit(admin_client, project, **{"0-is_headline": "on"})
    assert response.status_code == 200
    assert HEADLINE_NEEDS_BASELINE in html.unescape(response.content.decode())


def test_the_home_page_opens_on_projects_that_changed_something(client, project, somme):
    with_indicators(project, indicator("Délai de versement", 41, baseline=78))
    make_project(
        somme,
        "Un projet plus récent, non retenu",
        status=ProjectStatus.NON_RETENU,
        status_explanation="Trop tôt.",
        stopped_stage="jury",
        other_programme="Forum",
    )
    content = html.unescape(client.get("/").content.decode())
    section = content[content.index("Des projets qui ont changé quelque chose") :]
    section = section[: section.index("</section>")]
    assert "Subventions versées plus vite" in section
    assert re.search(r"78\s+jours.*41\s+jours", section, re.S), "its headline result"
    assert "Un projet plus récent, non retenu" not in section
