"""Render times of the resource library for 100 and 500 resources (printed, never asserted).

Run it with `make bench`, or by path:
    DJANGO_SETTINGS_MODULE=cms.settings.test .venv/bin/pytest \\
        tests/benchmarks/bench_resources.py -p no:cacheprovider -o addopts="" -s
Add DATABASE_URL=postgres://… to measure on PostgreSQL.
"""

import time

import pytest
from django.db import connection

from alumni.models import ResourceType
from tests.factories.alumni import make_member
from tests.factories.cms import make_document
from tests.factories.resources import build_library, make_resource

from .bench_projects import RUNS, measure

TYPES = list(ResourceType)
THEMES = ["accueil", "évaluation", "participation", "insertion", "collèges"]
URLS = [
    "/ressources/",
    "/ressources/?module=mesure-d-impact",
    "/ressources/?type=kit&thematique=accueil",
    "/ressources/?q=ressource&module=design-de-service",
    "/ressources/?page=5",
]


def grow_to(total, state, shelf):
    while state["count"] < total:
        i = state["count"]
        members = i % 3 == 0
        collection = shelf["members_collection" if members else "public_collection"]
        kind = TYPES[i % len(TYPES)]
        files = []
        if kind in (ResourceType.KIT, ResourceType.FICHE_OUTIL, ResourceType.GUIDE):
            files = [make_document(f"Fichier {i}-{n}", collection) for n in range(1 + i % 3)]
        make_resource(
            shelf["index"],
            f"Ressource de banc d'essai {i:04d}",
            resource_type=kind,
            audience="membres" if members else "public",
            modules=[shelf["impact"] if i % 2 else shelf["design"]],
            themes=[THEMES[i % len(THEMES)]],
            files=files,
        )
        state["count"] += 1


@pytest.mark.django_db
def test_bench_resource_library(client, home_page):
    shelf = build_library(home_page)
    state = {"count": 0}
    client.force_login(make_member("Inès", "Martin").user)

    print(f"\nBibliothèque de ressources — {connection.vendor}, membre connecté, {RUNS} rendus")
    for total in (100, 500):
        start = time.perf_counter()
        grow_to(total, state, shelf)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"\n{total} ressources (création : {time.perf_counter() - start:.1f} s)")
        for url in URLS:
            median, best, queries = measure(client, url)
            print(f"  {url:<55} {median:7.1f} ms (min {best:6.1f} ms), {queries} requêtes")
