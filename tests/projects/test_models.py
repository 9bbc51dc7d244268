"""Validation of cohorts and project pages: the "why" is required, origins are coherent."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.images.tests.utils import get_test_image_file

from cms.models import CustomImage
from projects.models import Cohort, ProjectOrigin, ProjectPage, ProjectStatus, StoppedStage
from tests.factories.projects import make_cohort, make_project, make_section

pytestmark = pytest.mark.django_db


def project_in(section, **fields):
    """An unsaved project placed under `section` (as the admin form validates it)."""
    defaults = {
        "title": "Un projet",
        "slug": "un-projet",
        "summary": "Résumé.",
        "problem": "<p>Problème.</p>",
        "origin": ProjectOrigin.OTHER,
        "other_programme": "Forum d'Amiens",
    }
    defaults.update(fields)
    page = ProjectPage(**defaults)
    page._cached_parent_obj = section  # lets Wagtail's slug check know the parent
    return page


# Tree fields are set when the page is added to its parent, after validation.
TREE_FIELDS = ["path", "depth"]


def validate(page):
    page.full_clean(exclude=TREE_FIELDS)


def errors_of(page):
    with pytest.raises(ValidationError) as error:
        validate(page)
    return error.value.message_dict


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (ProjectStatus.NON_RETENU, "pourquoi le projet n'a pas été retenu"),
        (ProjectStatus.ABANDONNE, "pourquoi le projet a été abandonné"),
    ],
)
def test_explanation_is_required_when_not_retained_or_abandoned(somme, status, message):
    page = project_in(somme, status=status, stopped_stage=StoppedStage.JURY)
    errors = errors_of(page)
    assert message in errors["status_explanation"][0]

    page.status_explanation = "   "
    assert "status_explanation" in errors_of(page)

    page.status_explanation = "Le jury a préféré un autre sujet."
    validate(page)


@pytest.mark.parametrize(
    "status",
    [
        ProjectStatus.PROPOSE,
        ProjectStatus.RETENU,
        ProjectStatus.EXPERIMENTATION,
        ProjectStatus.DEPLOYE,
    ],
)
def test_other_statuses_need_no_explanation(somme, status):
    page = project_in(somme, status=status)
    validate(page)  # raises ValidationError if an explanation or a stage were required
    assert page.status_explanation == "" and page.stopped_stage == ""


def test_not_retained_project_says_where_it_stopped(somme):
    page = project_in(somme, status=ProjectStatus.NON_RETENU, status_explanation="Hors sujet.")
    assert "aux appetizers ou devant le jury" in errors_of(page)["stopped_stage"][0]
    page.stopped_stage = StoppedStage.APPETIZER
    validate(page)


def test_stopped_stage_is_dropped_for_other_statuses(somme):
    page = project_in(somme, status=ProjectStatus.DEPLOYE, stopped_stage=StoppedStage.JURY)
    validate(page)
    assert page.stopped_stage == ""


def test_emi_projects_need_a_cohort_other_projects_a_programme(somme):
    emi = project_in(somme, origin=ProjectOrigin.EMI, other_programme="")
    assert "promotion de l'EMI" in errors_of(emi)["cohort"][0]
    emi.cohort = make_cohort(somme.collectivity)
    validate(emi)

    other = project_in(somme, other_programme="")
    assert "programme d'où vient le projet" in errors_of(other)["other_programme"][0]


def test_summary_is_limited_to_300_characters(somme):
    page = project_in(somme, summary="x" * 301)
    assert "summary" in errors_of(page)


def test_cover_image_must_have_alternative_text(somme):
    decorative = CustomImage.objects.create(
        title="Fond", file=get_test_image_file(filename="fond.png"), is_decorative=True
    )
    page = project_in(somme, cover_image=decorative)
    assert "texte alternatif" in errors_of(page)["cover_alt_text"][0]
    described = CustomImage.objects.create(
        title="Atelier",
        file=get_test_image_file(filename="atelier.png"),
        alt_text="Des agents autour d'un tableau",
    )
    page.cover_image = described
    validate(page)


def test_publishing_an_invalid_project_is_refused(somme):
    page = make_project(somme, status=ProjectStatus.DEPLOYE, other_programme="Forum")
    page.status = ProjectStatus.ABANDONNE
    page.status_explanation = ""
    with pytest.raises(ValidationError):
        page.save_revision().publish()


def test_project_takes_the_collectivity_of_its_section_and_follows_a_move(index, somme):
    nord = make_section(index, "Département du Nord", slug="nord")
    page = make_project(somme, other_programme="Forum")
    assert page.collectivity == somme.collectivity

    page.move(nord, pos="last-child")
    page.refresh_from_db()
    assert page.collectivity == nord.collectivity

    # Publishing again recomputes it from the tree, whatever the revision said.
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.collectivity == nord.collectivity


def test_cohort_dates_are_checked_and_slug_is_derived(somme):
    cohort = Cohort(
        number=3,
        training_type="courte",
        host_collectivity=somme.collectivity,
        start_date=datetime.date(2024, 3, 1),
        end_date=datetime.date(2024, 2, 1),
        jury_date=datetime.date(2024, 1, 15),
    )
    with pytest.raises(ValidationError) as error:
        cohort.full_clean()
    assert "fin de la promotion" in error.value.message_dict["end_date"][0]
    assert "avant le début" in error.value.message_dict["jury_date"][0]

    cohort.end_date = datetime.date(2024, 4, 12)
    cohort.jury_date = datetime.date(2024, 4, 12)
    cohort.full_clean(exclude=["slug"])
    cohort.save()
    assert cohort.slug == "somme-courte-3"
    assert str(cohort) == "Promotion 3 · Somme · formation courte (2024)"


def test_a_cohort_cannot_be_registered_twice(somme):
    make_cohort(somme.collectivity, number=4)
    duplicate = Cohort(
        number=4,
        training_type="longue",
        host_collectivity=somme.collectivity,
        start_date=datetime.date(2020, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean(exclude=["slug"])
    assert "existe déjà" in str(error.value)
