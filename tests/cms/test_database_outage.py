"""The site survives a PostgreSQL outage without being restarted.

gunicorn serves the site on PostgreSQL through a loopback TCP proxy (the system
PostgreSQL itself is never stopped), with persistent connections. Cutting the proxy
closes every connection and refuses new ones: /sante/ answers 503, every request that
needs the database fails, and an anonymous page the process already keeps (under the
tree generation, cms/kept_values.py) is still served as it was: nothing can be
published while the database is down, so it is still the truth. Restoring the proxy:
the very next requests succeed, from the same gunicorn process.
"""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection

from .outage import TcpProxy, free_port

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def main_content(body):
    return re.search(rb"<main.*</main>", body, re.S).group(0)


def status(url):
    return fetch(url)[0]


def wait_for(url, process, attempts=300):
    for _ in range(attempts):
        if process.poll() is not None:
            raise RuntimeError(process.stdout.read())
        try:
            return status(url)
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn never answered {url}")


@pytest.fixture
def proxied_site(home_page):
    if connection.vendor != "postgresql":
        pytest.skip("panne de PostgreSQL : PostgreSQL requis (DATABASE_URL)")
    settings_dict = connection.settings_dict
    proxy = TcpProxy(int(settings_dict["PORT"] or 5432), settings_dict["HOST"] or "127.0.0.1")
    proxy.start()
    user = settings_dict["USER"] or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.test",
        DATABASE_URL=(
            f"postgres://{user}{password}@127.0.0.1:{proxy.port}/{settings_dict['NAME']}"
        ),
        # Persistent connections: the harder case (a broken connection must be dropped).
        DATABASE_CONN_MAX_AGE="60",
    )
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cms.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/sante/", server)
        yield proxy, server, base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        proxy.stop()


def test_the_site_comes_back_after_a_database_outage_without_a_restart(proxied_site):
    proxy, server, base = proxied_site
    assert urlsplit(base).hostname == "127.0.0.1"
    for _ in range(3):
        home_status, home_body = fetch(base + "/")
        assert home_status == 200
        assert status(base + "/sante/") == 200

    proxy.cut()
    assert status(base + "/sante/") == 503
    # A page never served needs the database to be found: it fails, in French.
    never_served_status, never_served_body = fetch(base + "/page-jamais-servie/")
    assert never_served_status >= 500
    assert "Le site rencontre un problème" in never_served_body.decode()
    # The home page the process keeps is served, the same page (its nonces aside).
    kept_status, kept_body = fetch(base + "/")
    assert kept_status == 200
    assert main_content(kept_body) == main_content(home_body)
    assert status(base + "/sante/") == 503

    proxy.restore()
    assert status(base + "/") == 200
    assert status(base + "/sante/") == 200
    for _ in range(3):
        assert status(base + "/") == 200
    assert server.poll() is None  # the same gunicorn, never restarted
