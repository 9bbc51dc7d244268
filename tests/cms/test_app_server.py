"""The application server (issue 14): gunicorn with deploy/gunicorn.conf.py, and /sante/.

gunicorn is started for real on loopback with the repository's configuration: it serves
the health check and writes one access line per request carrying the request id the
response gives back (X-Request-ID).
"""

import os
import re
import runpy
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .outage import free_port

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"


def load_config(monkeypatch, **env):
    for name in [n for n in os.environ if n.startswith("GUNICORN_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_the_config_takes_its_workers_from_the_cores_and_its_values_from_the_environment(
    monkeypatch,
):
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 4)
    config = load_config(monkeypatch)
    assert config["workers"] == 9  # 2 x cores + 1
    assert config["bind"] == "127.0.0.1:8000"
    assert config["timeout"] == 30
    assert "%({x-request-id}o)s" in config["access_log_format"]
    config = load_config(
        monkeypatch, GUNICORN_WORKERS="3", GUNICORN_BIND="0.0.0.0:9000", GUNICORN_TIMEOUT="60"
    )
    assert (config["workers"], config["bind"], config["timeout"]) == (3, "0.0.0.0:9000", 60)


@pytest.mark.django_db
def test_the_health_check_reports_a_failing_cache_without_failing(client, settings):
    settings.CACHES = {"default": {"BACKEND": "tests.cms.failing_cache.BrokenCache"}}
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "indisponible", "status": "ok"}


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "REDIS_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
    )
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(CONFIG), "cms.wsgi:application"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if server.poll() is not None:
                raise RuntimeError(log.read_text())
            try:
                get(base + "/robots.txt")
                break
            except OSError:
                time.sleep(0.2)
        yield base, log
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def test_gunicorn_serves_the_site_with_the_repository_config(gunicorn):
    base, log = gunicorn
    # An empty database: the health check answers (its query needs no table).
    status, headers = get(base + "/sante/")
    assert status == 200
    request_id = headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    lines = []
    for _ in range(50):  # the access line is written just after the response
        lines = [line for line in log.read_text().splitlines() if "access " in line]
        if any(request_id in line for line in lines):
            break
        time.sleep(0.1)
    line = next(line for line in lines if request_id in line)
    assert 'path="/sante/"' in line and "status=200" in line
    assert log.read_text().count("Booting worker") == 2
