"""The bench's table (tests/benchmarks/pages/report.py) compares each cached page with
the trivial view run just before it, when the run paired them."""

from tests.benchmarks.pages import report


def wrk(rps, **more):
    return {"rps": rps, "p99_ms": 5.0, "errors": 0, **more}


def results(on_page):
    inprocess = {"pages": [{"page": "projets", "queries": 0, "median_ms": 5, "p95_ms": 6}]}
    return {
        "inprocess": {"small": inprocess, "large": inprocess},
        "load": {
            "off": [
                {"page": "fichier statique", **wrk(4000)},
                {"page": "vue triviale", **wrk(2000)},
                {"page": "projets", **wrk(200)},
            ],
            "on": [
                {"page": "fichier statique", **wrk(4000)},
                {"page": "vue triviale", **wrk(2000)},
                {"page": "projets", **on_page},
            ],
        },
    }


def test_a_cached_page_is_compared_with_the_trivial_view_run_beside_it():
    rows = report.by_page(report.merge(results(wrk(1500, trivial_rps=1600))))
    assert rows["projets"]["vs_trivial_on"] == round(1500 / 1600, 3)
    assert rows["projets"]["vs_trivial_off"] == 0.1


def test_without_a_paired_run_the_pass_reference_is_used():
    rows = report.by_page(report.merge(results(wrk(1500))))
    assert rows["projets"]["vs_trivial_on"] == 0.75
