"""Every page type at 100 and 10,000 projects (issue 14, "Benchmark suite"): query count,
median and 95th percentile in process, then throughput and latency under gunicorn with
wrk, page cache off and on, next to a static file and a trivial view (/robots.txt: no
query, no template) served by the same server. Printed, written to
tests/benchmarks/results/latest.json, compared with baseline.json; never asserted but
for the pages answering 200.

`make bench` restores (or builds) the databases first (tests/benchmarks/pages/dataset.py).
By hand:
    .venv/bin/python -m tests.benchmarks.pages.dataset
    .venv/bin/pytest tests/benchmarks/bench_pages.py -p no:cacheprovider -o addopts="" -s
BENCH_WRITE_BASELINE=1 makes this run the baseline. BAKERYDEMO_PATH=… adds the side-by-side
run against wagtail/bakerydemo (README, « Performance »).
"""

import json
import os
import statistics
import subprocess
import sys

import pytest

from tests.benchmarks.pages import bakery, dataset, inprocess, load, report

RUNS = int(os.environ.get("BENCH_RUNS", "10"))
SIDE_BY_SIDE_ROUNDS = int(os.environ.get("BENCH_SIDE_BY_SIDE_ROUNDS", "3"))


def require_postgresql():
    """The bench measures PostgreSQL, which every machine of the project runs: without it
    the run fails and says so, rather than passing on nothing."""
    ready = subprocess.run(["pg_isready", "-h", "127.0.0.1"], capture_output=True)
    if ready.returncode != 0:
        pytest.fail("PostgreSQL ne répond pas sur 127.0.0.1:5432 : le banc d'essai en a besoin.")


def run_inprocess(database, *args):
    env = {
        **os.environ,
        "DATABASE_URL": dataset.database_url(database),
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
    }
    command = [sys.executable, "-c", inprocess.LAUNCH, *args]
    done = subprocess.run(
        command, env=env, cwd=dataset.ROOT, capture_output=True, text=True, check=False
    )
    sys.stderr.write(done.stderr)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


def member_cookie(database):
    env = load.production_env(dataset.database_url(database), False)
    command = [sys.executable, "-c", inprocess.LAUNCH, "session"]
    done = subprocess.run(
        command, env=env, cwd=dataset.ROOT, capture_output=True, text=True, check=True
    )
    return f"sessionid={done.stdout.strip().splitlines()[-1]}"


def load_run(base_url, pages, cookie, paired=False):
    """wrk on every page; `paired`: the trivial view is run again just before each page,
    which is compared with that run (a 3 s run varies by 10 to 20 % on this machine, and
    its speed drifts over the minute or two of a pass)."""
    trivial_url = base_url + "/robots.txt"
    rows = [
        {"page": "fichier statique", **load.wrk_or_error(base_url + load.static_file_path())},
        {"page": "vue triviale", **load.wrk_or_error(trivial_url)},
    ]
    for page in pages:
        if page.get("in_process_only"):
            continue
        beside = load.wrk_or_error(trivial_url).get("rps") if paired else None
        figures = load.wrk_or_error(base_url + page["url"], cookie if page["member"] else None)
        if beside:
            figures["trivial_rps"] = beside
        rows.append({"page": page["page"], **figures})
        print(f"  {page['page']:<20} {figures}", flush=True)
    # The trivial view again at the end: a 3 s run varies by 10 to 20 % on this machine,
    # and every page is compared with it; its reference is the mean of both runs.
    trivial, again = rows[1], load.wrk_or_error(base_url + "/robots.txt")
    if trivial.get("rps") and again.get("rps"):
        trivial["rps_runs"] = [trivial["rps"], again["rps"]]
        trivial["rps"] = round((trivial["rps"] + again["rps"]) / 2, 1)
    return rows


def side_by_side(database_url, pages):
    """Our comparable pages and bakerydemo's, uncached, both servers up: each pair run one
    after the other, SIDE_BY_SIDE_ROUNDS times; a page's ratio is the median of its
    rounds (a 3 s run varies by 10 to 20 %, and the machine's speed drifts over a pass:
    taken in turns, the drift counts for both)."""
    path = bakery.checkout()
    if path is None:
        return None
    ours = {page["page"]: page["url"] for page in pages}
    rounds = []
    with load.emi_server(database_url, False) as our_base, bakery.bakery_server(path) as base:
        theirs = bakery.pages(base)
        for _ in range(SIDE_BY_SIDE_ROUNDS):
            for page, other in bakery.COMPARABLE.items():
                rounds.append(
                    {
                        "page": page,
                        "ours": load.wrk_or_error(our_base + ours[page]),
                        "theirs": load.wrk_or_error(base + theirs[other]),
                    }
                )
    ratios, bakerydemo = {}, {}
    for page, other in bakery.COMPARABLE.items():
        pairs = [
            (row["ours"]["rps"], row["theirs"]["rps"])
            for row in rounds
            if row["page"] == page and row["ours"].get("rps") and row["theirs"].get("rps")
        ]
        if pairs:
            ratios[page] = round(statistics.median(mine / their for mine, their in pairs), 2)
            bakerydemo[other] = round(statistics.median(their for _mine, their in pairs), 1)
    return {"rounds": rounds, "bakerydemo_rps": bakerydemo, "ratios": ratios}


def test_bench_every_page():
    require_postgresql()
    large_db, small_db = "emi_bench", "emi_bench_100"
    print(f"\nEn processus, {RUNS} rendus par page", flush=True)
    results = {"inprocess": {}, "load": {}}
    for key, database in (("small", small_db), ("large", large_db)):
        results["inprocess"][key] = json.loads(run_inprocess(database, "measure", str(RUNS)))
    pages = results["inprocess"]["large"]["pages"]
    database_url = dataset.database_url(large_db)
    load.collectstatic(database_url)
    cookie = member_cookie(large_db)
    results["load"] = {"seconds": load.WRK_SECONDS, "connections": load.WRK_CONNECTIONS}
    for label, page_cache in (("off", False), ("on", True)):
        print(f"\nSous gunicorn, cache des pages {label}", flush=True)
        with load.emi_server(database_url, page_cache) as base_url:
            results["load"][label] = load_run(base_url, pages, cookie, paired=page_cache)
    results["side_by_side"] = side_by_side(database_url, pages)
    results["machine"] = {"cpus": os.cpu_count(), "load_average": os.getloadavg()}
    rows = report.merge(results)
    results["rows"] = rows
    print("\n" + report.table(rows, results))
    if results["side_by_side"]:
        theirs = results["side_by_side"]
        print(
            f"\nAu regard de bakerydemo (requêtes/s sans cache, {SIDE_BY_SIDE_ROUNDS} tours "
            f"en alternance) : rapports {theirs['ratios']}, bakerydemo {theirs['bakerydemo_rps']}"
        )
    for line in report.regressions(rows, report.baseline()) or ["aucune"]:
        print(f"Recul de plus de 20 % sur la référence : {line}")
    report.write(results)
    if os.environ.get("BENCH_WRITE_BASELINE") == "1":
        report.BASELINE.write_text(report.LATEST.read_text())
    failures = [
        f"{row['page']} : {row.get(key)}"
        for row in rows
        for key in ("failure_off", "failure_on", "errors_off", "errors_on")
        if row.get(key)
    ]
    assert not failures, failures
