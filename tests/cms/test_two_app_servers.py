"""Two app servers on one PostgreSQL and one Redis (issue 14, scale-out).

Two gunicorn processes (production settings, page cache on) share the test database
and a redis-server started on a free port. A moderator logs in on server A: the
session holds on server B. A publication and an unpublication made in the admin of A
show at once on B, whose cache held the old pages: the page cache's generation lives
in Redis, so one process's invalidation holds for all.
"""

import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.db import connection

from cms.collectivities import ensure_collectivity_space
from projects.models import ProjectSectionPage
from tests.conftest import ensure_wagtail_roots
from tests.factories.projects import make_cohort, make_project
from tests.factories.site import build_home, build_site_frame
from tests.smtp_sink import free_port
from tests.soak.run import Visitor

from .editorial import PASSWORD, make_user
from .outage import redis_server_or_skip

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[2]
TITLE = "Guichet numérique unique"


class AppServer:
    """One gunicorn process on the test database (one worker: one process)."""

    def __init__(self, env, log):
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "cms.wsgi", "--bind", f"127.0.0.1:{self.port}"]
            + ["--workers", "1", "--timeout", "60", "--no-control-socket"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )

    def wait(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if Visitor(self.port, lambda *a: None).get("/sante/")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not start on port {self.port}")

    def visitor(self, cookies=None):
        visitor = Visitor(self.port, lambda *a: None)
        visitor.cookies.update(cookies or {})
        return visitor

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


@pytest.fixture
def servers(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("deux serveurs d'application : PostgreSQL requis (DATABASE_URL)")
    redis = redis_server_or_skip().start()
    database = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.cms.two_servers_settings",
        DATABASE_URL=database._replace(path="/" + connection.settings_dict["NAME"]).geturl(),
        REDIS_URL=redis.url.replace("/0", "/2"),
        PAGE_CACHE="1",
        VARNISH_URLS="",
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private-media"),
        PYTHONPATH=str(ROOT),
    )
    redis.client().flushall()
    started = []
    try:
        with open(tmp_path / "gunicorn.log", "w") as log:
            started = [AppServer(env, log), AppServer(env, log)]
            yield [server.wait() for server in started]
    finally:
        for server in started:
            server.stop()
        redis.stop()


@pytest.fixture
def content(db):
    build_site_frame(build_home(ensure_wagtail_roots()))
    space = ensure_collectivity_space("Département de l'Oise", short_name="Oise")
    section = next(s for s in space.sections if isinstance(s, ProjectSectionPage))
    draft = make_project(section, TITLE, cohort=make_cohort(space.collectivity), live=False)
    draft.save_revision()
    make_user("admin", superuser=True)
    return draft


def log_in(server):
    visitor = server.visitor()
    visitor.get("/admin/login/")
    status, headers, _ = visitor.post(
        "/admin/login/", {"username": "admin", "password": PASSWORD, "next": "/admin/"}
    )
    assert status == 302, "login refused"
    return visitor


def listing(server):
    status, headers, text = server.visitor().get("/projets/")
    assert status == 200
    return headers["X-Cache"], TITLE in text


def test_session_and_invalidation_hold_across_two_app_servers(content, servers):
    a, b = servers
    for server in (a, b):
        server.visitor().get("/projets/")
        assert listing(server) == ("hit", False)
    moderator = log_in(a)
    # The session opened on A is valid on B (sessions live in the shared database).
    on_b = b.visitor(moderator.cookies)
    status, _, text = on_b.get("/admin/")
    assert status == 200 and "Tableau de bord" in text
    status, _, _ = moderator.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={content.pk}", {"include_descendants": ""}
    )
    assert status == 302
    assert listing(b) == ("miss", True)
    assert listing(b) == ("hit", True)
    status, _, _ = moderator.post(f"/admin/pages/{content.pk}/unpublish/", {})
    assert status == 302
    assert listing(b) == ("miss", False)
