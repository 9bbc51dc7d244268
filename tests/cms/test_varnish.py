"""Varnish in front of the app (deploy/varnish/emi.vcl): it stores anonymous pages,
never a logged-in visitor's or a form's, and a publication is seen through it at the
next visit, on the home page and the listings (the app BANs the site, cms.edge_cache).

varnishd from Debian runs on a free loopback port in front of pytest-django's live
server (a thread of this process, on the test database).
"""

import pytest

from cms.collectivities import ensure_collectivity_space
from projects.models import ProjectSectionPage
from tests.conftest import ensure_wagtail_roots
from tests.factories.projects import make_cohort, make_project
from tests.factories.site import build_home, build_site_frame

from .varnish import Varnish, varnishd_or_skip

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def varnish(live_server, settings):
    varnishd_or_skip()
    port = int(live_server.url.rsplit(":", 1)[1])
    server = Varnish(port).start()
    settings.PAGE_CACHE_ENABLED = True
    settings.EDGE_CACHE_URLS = [server.url]
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def space(db):
    build_site_frame(build_home(ensure_wagtail_roots()))
    space = ensure_collectivity_space("Département de l'Oise", short_name="Oise")
    space.projects = next(s for s in space.sections if isinstance(s, ProjectSectionPage))
    space.cohort = make_cohort(space.collectivity)
    return space


def edge_state(varnish, path, cookie=None):
    status, headers, _text = varnish.get(path, cookie)
    assert status == 200, path
    return headers["X-Edge-Cache"]


def test_publication_is_seen_through_varnish_at_once(space, varnish):
    title = "Guichet numérique unique"
    draft = make_project(space.projects, title, cohort=space.cohort, live=False)
    pages = ("/", "/projets/", "/projets/oise/")
    for path in pages:
        varnish.get(path)
        assert edge_state(varnish, path) == "hit", path
        assert title not in varnish.get(path)[2]
    draft.save_revision().publish()
    for path in pages:
        status, headers, text = varnish.get(path)
        assert (status, headers["X-Edge-Cache"]) == (200, "miss"), path
        assert title in text, path
    draft.refresh_from_db()
    draft.unpublish()
    assert title not in varnish.get("/projets/")[2]


def test_varnish_keeps_no_form_and_no_logged_in_page(space, varnish):
    for _ in range(2):
        status, headers, text = varnish.get("/contact/")
        assert (status, headers["X-Edge-Cache"]) == (200, "miss")
        assert "csrftoken=" in headers["Set-Cookie"]
        assert 'name="csrfmiddlewaretoken"' in text
    varnish.get("/l-emi/")
    assert edge_state(varnish, "/l-emi/") == "hit"
    assert edge_state(varnish, "/l-emi/", cookie="sessionid=abc") == "miss"
    # The site id the bans rely on stays between the app and Varnish.
    assert "X-Site" not in varnish.get("/l-emi/")[1]


def test_health_check_and_admin_always_reach_the_app(space, varnish):
    for path in ("/sante/", "/admin/login/"):
        varnish.get(path)
        assert edge_state(varnish, path) == "miss", path
