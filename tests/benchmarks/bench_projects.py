"""Render times of the project bank for 100 and 1,000 projects (printed, never asserted).

Run it by path (the `make bench` pattern collects test_*.py files only):
    DJANGO_SETTINGS_MODULE=cms.settings.test .venv/bin/pytest \\
        tests/benchmarks/bench_projects.py -p no:cacheprovider -o addopts="" -s
Add DATABASE_URL=postgres://… to measure on PostgreSQL.
"""

import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.demo import site as demo_site
from projects.models import ProjectStatus
from tests.demo_report import quiet_report
from tests.factories.projects import make_cohort, make_project, make_section

RUNS = 15
STATUSES = list(ProjectStatus)
THEMES = ["accueil", "collèges", "solidarités", "petite enfance", "routes", "insertion"]
URLS = [
    "/projets/",
    "/projets/?collectivite=somme&statut=deploye",
    "/projets/?thematique=accueil&annee=2023&tri=titre",
    "/projets/?q=projet&collectivite=nord",
    "/projets/?page=5",
    "/projets/chiffres/",
]


def grow_to(total, state):
    while state["count"] < total:
        i = state["count"]
        section, cohort = state["sections"][i % len(state["sections"])]
        make_project(
            section,
            f"Projet de banc d'essai {i:04d}",
            status=STATUSES[i % len(STATUSES)],
            cohort=cohort,
            themes=[THEMES[i % len(THEMES)], THEMES[(i * 7) % len(THEMES)]],
            with_details=i % 10 == 0,
        )
        state["count"] += 1


def measure(client, url):
    client.get(url)  # warm-up
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url  # a broken page is not a benchmark
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), min(timings), len(queries)


@pytest.mark.django_db
def test_bench_project_bank(client, home_page):
    from projects.models import ProjectIndexPage

    demo_site.load_indexes(home_page, quiet_report())
    index = ProjectIndexPage.objects.get()
    sections = []
    for number, (name, slug) in enumerate(
        [
            ("Département de la Somme", "somme"),
            ("Département du Nord", "nord"),
            ("Département de l'Oise", "oise"),
            ("Département du Val-d'Oise", "val-d-oise"),
        ],
        start=1,
    ):
        section = make_section(index, name, slug=slug)
        sections.append((section, make_cohort(section.collectivity, number=number)))
    state = {"count": 0, "sections": sections}

    print(f"\nBanque de projets — {connection.vendor}, médiane et minimum sur {RUNS} rendus")
    for total in (100, 1000):
        start = time.perf_counter()
        grow_to(total, state)
        if connection.vendor == "postgresql":
            # Statistics as autovacuum would have them in production after such growth.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"\n{total} projets (création : {time.perf_counter() - start:.1f} s)")
        for url in URLS:
            median, best, queries = measure(client, url)
            print(f"  {url:<55} {median:7.1f} ms (min {best:6.1f} ms), {queries} requêtes")
