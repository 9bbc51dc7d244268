"""A project card is rendered once until the tree changes (cms.html_cache): a second
visit of the bank reads no project for its cards, and a publication, an edit of a
collectivité or a theme, or an unpublication shows on the next visit of every page
that shows the card (the bank, the home page, another project)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import ProjectStatus
from tests.factories.projects import make_project

pytestmark = pytest.mark.django_db


def cards_of(client, url):
    content = client.get(url).content.decode()
    return content.count('class="card project-card"'), content


def test_a_second_visit_reads_no_project_for_its_cards(client, somme, somme_cohort):
    for number in range(5):
        make_project(somme, f"Projet gardé {number}", cohort=somme_cohort)
    client.get("/")  # the first visit of the site creates its missing settings
    with CaptureQueriesContext(connection) as first:
        assert cards_of(client, "/projets/")[0] == 5
    with CaptureQueriesContext(connection) as second:
        count, content = cards_of(client, "/projets/")
    assert count == 5 and "Projet gardé 4" in content
    # The cards' projects, covers, themes and indicators are not read again.
    assert len(second) < len(first)
    assert not [q for q in second if "projects_projectimpactindicator" in q["sql"]]


def test_an_edit_shows_on_the_next_visit_of_every_page_with_the_card(client, somme, somme_cohort):
    project = make_project(
        somme,
        "Guichet unique",
        cohort=somme_cohort,
        status=ProjectStatus.RETENU,
        themes=["accueil"],
    )
    other = make_project(somme, "Accueil des familles", cohort=somme_cohort, themes=["accueil"])
    assert "Guichet unique" in cards_of(client, other.url)[1]  # a related project
    assert "Guichet unique" in cards_of(client, "/projets/")[1]
    project.title = "Guichet unique des familles"
    project.save_revision().publish()
    assert "Guichet unique des familles" in cards_of(client, "/projets/")[1]
    assert "Guichet unique des familles" in cards_of(client, "/")[1]
    assert "Guichet unique des familles" in cards_of(client, other.url)[1]
    somme.collectivity.name = "Département de la Somme (80)"
    somme.collectivity.save()
    _count, bank = cards_of(client, "/projets/")
    assert "Département de la Somme (80)" in bank
    project.unpublish()
    count, bank = cards_of(client, "/projets/")
    assert count == 1 and "Guichet unique" not in bank
    assert "Guichet unique" not in cards_of(client, other.url)[1]


def test_cards_are_rendered_when_the_cache_does_not_answer(
    client, somme, somme_cohort, monkeypatch
):
    from cms import page_cache

    make_project(somme, "Sans cache", cohort=somme_cohort)
    monkeypatch.setattr(page_cache, "tree_generation", lambda: None)
    count, content = cards_of(client, "/projets/")
    assert count == 1 and "Sans cache" in content


def test_a_second_visit_of_the_bank_reads_no_table_and_follows_publications(
    client, somme, somme_cohort
):
    for number in range(14):
        make_project(somme, f"Projet en rayon {number:02}", cohort=somme_cohort)
    client.get("/")  # the first visit of the site creates its missing settings
    cards_of(client, "/projets/")
    with CaptureQueriesContext(connection) as second:
        count, _content = cards_of(client, "/projets/")
    assert count == 12
    # The page's ids, its counts and its cards are kept until the tree changes.
    assert len(second) == 0, [query["sql"][:120] for query in second]
    assert cards_of(client, "/projets/?page=2")[0] == 2
    newest = make_project(somme, "Projet tout juste publié", cohort=somme_cohort)
    count, content = cards_of(client, "/projets/")
    assert count == 12 and "Projet tout juste publié" in content
    assert cards_of(client, "/projets/?page=2")[0] == 3
    newest.unpublish()
    assert "Projet tout juste publié" not in cards_of(client, "/projets/")[1]
