"""The soak (issue 11 §9): several minutes under gunicorn, PostgreSQL and Redis.

Anonymous reads of every page type with concurrent registrations, applications and
story submissions, the SMTP sink stopped for the middle third of the run. It prints
the figures (zero 5xx, saved == accepted, delivered == queued) and asserts them; the
timings it prints are never asserted. `make bench` runs it; loopback only, bounded.

    SOAK_SECONDS=300 SOAK_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        DJANGO_SETTINGS_MODULE=cms.settings.test .venv/bin/pytest \\
        tests/benchmarks/bench_soak.py -p no:cacheprovider -o addopts="" -s

SOAK_REDIS_URL=redis://127.0.0.1:6379/9 uses the system Redis (a db number of its own)
instead of starting redis-server.
"""

import os
import shutil

import pytest

from tests.soak.run import assert_nothing_lost, print_figures, run_soak

BASE_URL = os.environ.get(
    "SOAK_DATABASE_URL",
    os.environ.get("DATABASE_URL", "")
    if os.environ.get("DATABASE_URL", "").startswith("postgres")
    else "postgres://postgres@127.0.0.1:5432/postgres",
)


def test_soak_loses_nothing():
    if not os.environ.get("SOAK_REDIS_URL") and not shutil.which("redis-server"):
        pytest.skip("redis-server absent (apt-get install redis-server) ou SOAK_REDIS_URL")
    figures = run_soak(
        BASE_URL,
        int(os.environ.get("SOAK_SECONDS", "300")),
        redis_url=os.environ.get("SOAK_REDIS_URL"),
        readers=int(os.environ.get("SOAK_READERS", "6")),
        writers=int(os.environ.get("SOAK_WRITERS", "2")),
    )
    print_figures(figures)
    assert_nothing_lost(figures)
