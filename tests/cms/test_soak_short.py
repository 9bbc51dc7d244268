"""The short soak (issue 11 §9), in CI: nothing is lost under load and an SMTP outage.

About 45 seconds of load under gunicorn on PostgreSQL (a database of its own) and a
redis-server started on a free port; the full run is tests/benchmarks/bench_soak.py.
Asserts counts, never timings.
"""

import os
import shutil

import pytest
from django.db import connection

from tests.soak.run import assert_nothing_lost, print_figures, run_soak

pytestmark = pytest.mark.postgres


def test_short_soak_loses_nothing():
    if connection.vendor != "postgresql":
        pytest.skip("soak : PostgreSQL requis (DATABASE_URL)")
    if not shutil.which("redis-server"):
        pytest.fail("redis-server absent : apt-get install redis-server")
    figures = run_soak(
        os.environ["DATABASE_URL"],
        int(os.environ.get("SOAK_SHORT_SECONDS", "45")),
        readers=3,
        writers=1,
    )
    print_figures(figures)
    assert figures["page_types"] >= 20
    assert_nothing_lost(figures)
