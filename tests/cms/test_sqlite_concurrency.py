"""The embedded database under concurrent requests: 20 people register for an event at
the same moment through a threaded server on a file SQLite database (WAL, immediate
transactions, busy timeout): nobody gets "database is locked", every registration is
saved. pytest-django's in-memory database never exercises this, so the server runs in
its own process on a database file of its own."""

import http.cookiejar
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from .outage import free_port

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 20

SETUP = """
import datetime, django
django.setup()
from django.utils import timezone
from tests.conftest import ensure_wagtail_roots
from tests.factories.site import build_home, build_indexes
from tests.news.conftest import add_event
_projects, _news, events = build_indexes(build_home(ensure_wagtail_roots()))
event = add_event(
    events,
    "Atelier très demandé",
    start=timezone.now() + datetime.timedelta(days=20),
    registration_mode="formulaire",
    capacity=100,
)
print(event.url)
"""


def server_env(database):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.test", DATABASE_URL=f"sqlite:///{database}")
    return env


def wait_for(url, process, attempts=300):
    for _ in range(attempts):
        if process.poll() is not None:
            raise RuntimeError(process.stdout.read())
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server never answered {url}")


def register(base, event_url, n, barrier, results):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    try:
        page = opener.open(base + event_url, timeout=60).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "name": f"Personne {n}",
                "email": f"personne{n}@example.org",
                "organisation": "Commune de Cergy",
            }
        ).encode()
        barrier.wait(timeout=120)
        response = opener.open(
            urllib.request.Request(base + event_url, data=data, headers={"Referer": base}),
            timeout=60,
        )
        results[n] = (response.status, response.read().decode())
    except urllib.error.HTTPError as error:
        results[n] = (error.code, error.read().decode(errors="replace"))
    except Exception as error:  # noqa: BLE001 - reported by the assertion below
        results[n] = (None, repr(error))


def test_twenty_simultaneous_registrations_on_a_file_database(tmp_path):
    database = tmp_path / "emi.sqlite3"
    env = server_env(database)
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert migrate.returncode == 0, migrate.stderr
    setup = subprocess.run(
        [sys.executable, "-c", SETUP], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert setup.returncode == 0, setup.stderr
    event_url = setup.stdout.strip().splitlines()[-1]

    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(base + "/sante/", server)
        barrier = threading.Barrier(PEOPLE)
        results = {}
        threads = [
            threading.Thread(target=register, args=(base, event_url, n, barrier, results))
            for n in range(PEOPLE)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)

    failures = {n: r for n, r in results.items() if r[0] != 200 or "locked" in r[1]}
    assert len(results) == PEOPLE
    assert failures == {}
    # The redirect lands on the event page with the confirmation message.
    assert all("Votre inscription est confirmée" in body for _status, body in results.values())
    with sqlite3.connect(database) as db:
        saved = db.execute("SELECT email FROM news_eventregistration").fetchall()
    assert sorted(email for (email,) in saved) == sorted(
        f"personne{n}@example.org" for n in range(PEOPLE)
    )
