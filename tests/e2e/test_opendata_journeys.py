"""Journeys of issue 16: the open-data page, the subscriptions page, and the embeds as a
collectivité's site shows them, inside an <iframe> of a page served from another origin
(127.0.0.2); axe finds no violation on any of them."""

import datetime
import http.server
import threading

import pytest
from django.utils import timezone

from news.models import EventIndexPage, EventPage, EventSectionPage
from projects.models import ProjectIndexPage, ProjectStatus
from tests.e2e.conftest import assert_no_axe_violations
from tests.factories.projects import make_cohort, make_project, make_section


@pytest.fixture
def somme_content(live_site):
    index = ProjectIndexPage.objects.get()
    section = make_section(index, "Département de la Somme", slug="somme", short_name="Somme")
    cohort = make_cohort(section.collectivity, number=4)
    make_project(
        section,
        "Un guichet unique pour les familles",
        status=ProjectStatus.DEPLOYE,
        cohort=cohort,
        themes=["Accueil"],
        with_details=True,
    )
    events = EventIndexPage.objects.get()
    events_section = EventSectionPage(
        title="Département de la Somme", slug="somme", collectivity=section.collectivity
    )
    events.add_child(instance=events_section)
    start = timezone.now() + datetime.timedelta(days=12)
    event = EventPage(
        title="Atelier design de service à Amiens",
        slug="atelier-amiens",
        event_type="atelier",
        summary="Un atelier pour les agents.",
        start=start,
        end=start + datetime.timedelta(hours=3),
        place_name="Hôtel du Département",
    )
    events_section.add_child(instance=event)
    event.save_revision().publish()
    return section


@pytest.fixture
def other_origin(live_site):
    """A collectivité's site on 127.0.0.2 whose page frames the two embeds."""
    embeds = [
        ("Projets de l'EMI — Département de la Somme", "/projets/embed/?collectivite=somme"),
        ("Prochains événements de l'EMI", "/agenda/embed/?collectivite=somme"),
    ]
    frames = "".join(
        f'<iframe src="{live_site.url}{path}" title="{title}" width="100%" height="480"></iframe>'
        for title, path in embeds
    )
    body = (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        "<title>Site de la Somme</title></head><body><main><h1>Nos projets</h1>"
        f"{frames}</main></body></html>"
    ).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.2", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.2:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_opendata_page_is_accessible_and_lists_the_columns(page, somme_content):
    page.goto("/donnees/")
    assert page.get_by_role("heading", level=1).inner_text() == "Données ouvertes"
    table = page.get_by_role("table", name="Colonnes des exports de la banque de projets")
    assert table.get_by_role("rowheader", name="identifiant", exact=True).is_visible()
    assert (
        page.get_by_role("link", name="Export CSV")
        .get_attribute("href")
        .endswith("/projets/export.csv")
    )
    assert_no_axe_violations(page)


def test_subscribe_page_is_accessible_and_reached_from_the_footer(page, somme_content):
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="S'abonner (RSS, iCal)").click()
    page.wait_for_url("**/s-abonner/")
    somme_feeds = page.get_by_role("listitem").filter(has_text="Département de la Somme")
    assert somme_feeds.first.is_visible()
    assert_no_axe_violations(page)


def test_embeds_show_inside_another_sites_frame(page, somme_content, other_origin):
    page.page.goto(other_origin)
    projects = page.frame_locator("iframe >> nth=0")
    link = projects.get_by_role("link", name="Un guichet unique pour les familles")
    link.wait_for()
    assert link.get_attribute("target") == "_blank"
    events = page.frame_locator("iframe >> nth=1")
    events.get_by_role("link", name="Atelier design de service à Amiens").wait_for()


@pytest.mark.parametrize(
    "path", ["/projets/embed/?collectivite=somme", "/agenda/embed/?collectivite=somme"]
)
def test_embed_pages_are_accessible(page, somme_content, path):
    page.goto(path)
    assert page.get_by_role("heading", level=1).is_visible()
    assert_no_axe_violations(page)


def test_section_page_with_its_snippet_is_accessible(page, somme_content):
    page.goto("/projets/somme/")
    code = page.get_by_label("Code à copier")
    assert "<iframe" in code.input_value()
    assert_no_axe_violations(page)
