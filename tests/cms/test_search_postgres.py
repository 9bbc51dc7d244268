"""Accent-insensitive French search: PostgreSQL only (the production database)."""

import pytest
from django.db import connection
from wagtail.models import Page

from home.models import StandardPage

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
]


@pytest.fixture
def pages(home_page):
    if connection.vendor != "postgresql":
        pytest.skip("recherche française sans accents : PostgreSQL requis (DATABASE_URL)")
    for title, intro in [
        ("Parole d'élève", "Ce que chaque élève attend de la cantine."),
        ("Sanitaires des collèges", "Rénover les toilettes dans tous les collèges du département."),
        ("Accueil du public", "Un guichet unique pour les familles."),
    ]:
        page = StandardPage(title=title, intro=intro)
        home_page.add_child(instance=page)
        page.save_revision().publish()
    return home_page


def titles(query):
    return {p.title for p in Page.objects.live().specific().search(query)}


def test_french_search_config_exists():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL requis")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent'")
        assert cursor.fetchone() is not None


def test_eleve_without_accents_finds_eleve(pages):
    assert "Parole d'élève" in titles("eleve")


def test_colleges_without_accents_finds_college(pages):
    assert "Sanitaires des collèges" in titles("colleges")
    assert "Sanitaires des collèges" in titles("collège")


def test_unrelated_words_do_not_match(pages):
    assert "Parole d'élève" not in titles("guichet")


def test_a_search_can_read_the_full_text_index_instead_of_the_whole_table(pages):
    """The index on `title || body` (cms migration 0010) matches what Wagtail's
    PostgreSQL backend asks for (`(title || body) @@ query`)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'emi_search_title_body_gin'"
        )
        [definition] = cursor.fetchone()
        assert "gin" in definition and "(title || body)" in definition
        # On a table this small the planner reads it whole: forbid that to see the index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT object_id FROM wagtailsearch_indexentry "
            "WHERE (title || body) @@ to_tsquery('french_unaccent', 'college')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "emi_search_title_body_gin" in plan
    assert titles("college") == {"Sanitaires des collèges"}
