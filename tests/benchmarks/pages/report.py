"""The benchmark's one table (printed) and its JSON (tests/benchmarks/results/), compared
with the committed baseline: a page more than 20 % slower is reported."""

import json
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parents[1] / "results"
LATEST = RESULTS_DIR / "latest.json"
BASELINE = RESULTS_DIR / "baseline.json"
DROP = 0.20
REFERENCES = ("fichier statique", "vue triviale")


def by_page(section):
    return {row["page"]: row for row in section}


def merge(results):
    """One row a page: in-process figures at both sizes, wrk figures cache off and on."""
    small = by_page(results["inprocess"]["small"]["pages"])
    large = by_page(results["inprocess"]["large"]["pages"])
    off, on = by_page(results["load"]["off"]), by_page(results["load"]["on"])
    # The references of the same run (1 if they failed, so that the rest still shows).
    # Each mode against the trivial view served the same way (cache off, cache on).
    static = off["fichier statique"].get("rps") or 1
    trivial = {
        label: section["vue triviale"].get("rps") or 1
        for label, section in (("off", off), ("on", on))
    }
    rows = []
    for name in list(large) + list(REFERENCES):
        row = {"page": name}
        if name in large:
            row.update(
                queries_small=small[name]["queries"],
                queries_large=large[name]["queries"],
                median_ms=large[name]["median_ms"],
                p95_ms=large[name]["p95_ms"],
                p95_small_ms=small[name]["p95_ms"],
            )
        for label, section in (("off", off), ("on", on)):
            if "failure" in section.get(name, {}):
                row[f"failure_{label}"] = section[name]["failure"]
            elif name in section:
                rps = section[name]["rps"]
                row[f"rps_{label}"] = rps
                row[f"p99_{label}_ms"] = section[name]["p99_ms"]
                row[f"errors_{label}"] = section[name]["errors"]
                row[f"vs_static_{label}"] = round(rps / static, 3)
                # The trivial view run just before the page when there is one.
                beside = section[name].get("trivial_rps") or trivial[label]
                row[f"vs_trivial_{label}"] = round(rps / beside, 3)
        rows.append(row)
    return rows


def _cell(row, key, fmt="{:.0f}"):
    value = row.get(key)
    return "—" if value is None else fmt.format(value)


def table(rows, results):
    small = results["inprocess"]["small"]["projects"]
    large = results["inprocess"]["large"]["projects"]
    lines = [
        f"Requêtes SQL à {small} / {large} projets ; temps en processus à {large} projets "
        "(médiane, p95, ms) ; sous gunicorn (2 processus, wrk "
        f"-c{results['load']['connections']}, {results['load']['seconds']} s) : requêtes/s "
        "sans cache et avec le cache des pages, en part de la vue triviale.",
        f"{'page':<20} {'req.':>7} {'méd.':>6} {'p95':>6} {'req/s':>7} {'/triv.':>6} "
        f"{'p99':>6} {'cache':>7} {'/triv.':>6} {'p99':>6}",
    ]
    for row in rows:
        queries = (
            f"{row['queries_small']}/{row['queries_large']}" if "queries_large" in row else "—"
        )
        lines.append(
            f"{row['page']:<20} {queries:>7} {_cell(row, 'median_ms'):>6} "
            f"{_cell(row, 'p95_ms'):>6} {_cell(row, 'rps_off'):>7} "
            f"{_cell(row, 'vs_trivial_off', '{:.2f}'):>6} {_cell(row, 'p99_off_ms'):>6} "
            f"{_cell(row, 'rps_on'):>7} {_cell(row, 'vs_trivial_on', '{:.2f}'):>6} "
            f"{_cell(row, 'p99_on_ms'):>6}"
        )
    return "\n".join(lines)


def regressions(rows, baseline):
    """Pages whose throughput (ratio to the trivial view, so a busier machine does not
    count) or whose in-process p95 is more than 20 % worse than the baseline's."""
    before = {row["page"]: row for row in baseline.get("rows", [])}
    found = []
    for row in rows:
        old = before.get(row["page"])
        if old is None:
            continue
        for key in ("vs_trivial_off", "vs_trivial_on"):
            if key in row and key in old and row[key] < old[key] * (1 - DROP):
                found.append(f"{row['page']} : {key} {old[key]:.2f} → {row[key]:.2f}")
        if "p95_ms" in row and "p95_ms" in old and row["p95_ms"] > old["p95_ms"] * (1 + DROP):
            found.append(f"{row['page']} : p95 {old['p95_ms']:.0f} → {row['p95_ms']:.0f} ms")
    return found


def write(results):
    RESULTS_DIR.mkdir(exist_ok=True)
    LATEST.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


def baseline():
    return json.loads(BASELINE.read_text()) if BASELINE.exists() else {}


def _french(number):
    return number.replace(".", ",")


def markdown(results):
    """The README's table (« Performance ») from a results JSON."""
    lines = [
        "| page | requêtes (100 / 10 000 projets) | p95 à 100 projets (ms) "
        "| médiane / p95 à 10 000 (ms) | req/s sans cache | part de la vue triviale "
        "| p99 (ms) | req/s avec cache | part de la vue triviale | p99 (ms) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in results["rows"]:
        queries = (
            f"{row['queries_small']} / {row['queries_large']}" if "queries_large" in row else "—"
        )
        timing = f"{row['median_ms']:.0f} / {row['p95_ms']:.0f}" if "p95_ms" in row else "—"
        lines.append(
            f"| {row['page']} | {queries} | {_cell(row, 'p95_small_ms')} | {timing} "
            f"| {_cell(row, 'rps_off')} "
            f"| {_french(_cell(row, 'vs_trivial_off', '{:.2f}'))} | {_cell(row, 'p99_off_ms')} "
            f"| {_cell(row, 'rps_on')} | {_french(_cell(row, 'vs_trivial_on', '{:.2f}'))} "
            f"| {_cell(row, 'p99_on_ms')} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(json.loads(LATEST.read_text())))
