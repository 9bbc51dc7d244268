"""The benchmark databases: built once by `generate_bench_data`, kept as a pg_dump keyed on
the hash of the generator's source, restored instead of rebuilt when nothing changed.

    python -m tests.benchmarks.pages.dataset     # make bench runs it before the benches

Databases: emi_bench (10,000 projects) and emi_bench_100 (100 projects) on the server of
BENCH_DATABASE_SERVER (default postgres://postgres@127.0.0.1:5432); dumps in
.bench-cache/<hash>-<projects>.dump (git-ignored).
"""

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[3]
CACHE_DIR = ROOT / ".bench-cache"
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
# The generator and what it builds on (the demo content, the schema).
SOURCES = [
    "home/bench",
    "home/management/commands/generate_bench_data.py",
    "home/demo",
]
SIZES = {"emi_bench": 10_000, "emi_bench_100": 100}


def database_url(name):
    return f"{SERVER.rstrip('/')}/{name}"


def source_hash():
    digest = hashlib.sha256()
    files = []
    for source in SOURCES:
        path = ROOT / source
        files += sorted(path.rglob("*")) if path.is_dir() else [path]
    migrations = sorted(ROOT.glob("*/migrations/*.py"))
    for file in files + migrations:
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _pg_args(name):
    parts = urlsplit(database_url(name))
    return ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432),
            "-U", parts.username or "postgres"]  # fmt: skip


def _recreate(name):
    subprocess.run(["dropdb", "--if-exists", *_pg_args(name), name], check=True)
    subprocess.run(["createdb", *_pg_args(name), name], check=True)


def _manage(name, *args):
    env = {**os.environ, "DATABASE_URL": database_url(name)}
    env.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    env["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def analyze(name):
    """Planner statistics: neither bulk inserts nor pg_restore leave any, and without
    them PostgreSQL plans the first minutes of queries blind."""
    subprocess.run(["vacuumdb", *_pg_args(name), "--analyze-only", "-q", name], check=True)


def ensure(name, projects):
    """Restore `name` from its dump, or build it and dump it; returns seconds spent."""
    started = time.monotonic()
    CACHE_DIR.mkdir(exist_ok=True)
    dump = CACHE_DIR / f"{source_hash()}-{projects}.dump"
    _recreate(name)
    if dump.exists():
        print(f"→ {name} : restauration de {dump.name}", flush=True)
        subprocess.run(
            ["pg_restore", *_pg_args(name), "--no-owner", "-j", "2", "-d", name, str(dump)],
            check=True,
        )
        analyze(name)
        return time.monotonic() - started, False
    print(f"→ {name} : construction ({projects} projets)", flush=True)
    _manage(name, "migrate", "--noinput", "-v", "0")
    _manage(name, "generate_bench_data", "--projects", str(projects))
    analyze(name)
    subprocess.run(["pg_dump", *_pg_args(name), "-Fc", "-f", str(dump), name], check=True)
    for old in CACHE_DIR.glob(f"*-{projects}.dump"):
        if old != dump:
            old.unlink()
    return time.monotonic() - started, True


def main():
    for name, projects in SIZES.items():
        seconds, built = ensure(name, projects)
        action = "construite" if built else "restaurée"
        print(f"  {name} {action} en {seconds:.0f} s", flush=True)


if __name__ == "__main__":
    main()
