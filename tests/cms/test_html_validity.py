"""Valid HTML on every page type: the W3C Nu HTML checker (vnu-jar from package.json, run
with Java) reports no error on any page an anonymous visitor or a member can reach.

All the pages go to the checker in one call (one JVM start). Without Java or without
`npm ci` the test is skipped with a one-line reason, except in CI, where it fails.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from wagtail.models import Page

from alumni.models import AlumniProfile
from tests.factories.alumni import login, make_member, make_mentor
from tests.factories.pages import make_table_page
from tests.factories.whole_site import build_every_page_type

pytestmark = [pytest.mark.django_db, pytest.mark.vnu]

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Public routes that are not pages of their own, and the error page.
ANONYMOUS_URLS = [
    "/projets/chiffres/",
    "/projets/?statut=inconnu&page=999",
    "/agenda/archives/",
    "/recherche/?q=accueil",
    "/recherche/?q=",
    "/plan-du-site/",
    "/donnees/",
    "/s-abonner/",
    "/projets/embed/",
    "/projets/embed/?collectivite=inconnue",
    "/agenda/embed/",
    "/alumni/connexion/",
    "/alumni/mot-de-passe-oublie/",
    "/page-qui-n-existe-pas/",
]
MEMBER_URLS = [
    "/alumni/annuaire/",
    "/alumni/parrains/",
    "/alumni/mon-profil/",
    "/alumni/mon-profil/modifier/",
    "/alumni/mon-profil/mot-de-passe/",
    "/alumni/temoignages/proposer/",
]


def java_command():
    java = shutil.which("java")
    if java and VNU_JAR.exists():
        return [java, "-jar", str(VNU_JAR)]
    reason = "Java ou node_modules/vnu-jar absent (apt-get install default-jre-headless ; npm ci)"
    if os.environ.get("CI"):
        pytest.fail("CI sans vérificateur HTML : " + reason)
    pytest.skip(reason)


def check_html(documents, folder):
    """Run vnu once on {url: html}; return the errors as "url (line n): message"."""
    names = {}
    for number, (url, html) in enumerate(documents.items()):
        path = folder / f"page-{number:03d}.html"
        path.write_bytes(html)
        names[path.name] = url
    files = sorted(str(path) for path in folder.iterdir())
    result = subprocess.run(
        [*java_command(), "--format", "json", "--stdout", *files],
        capture_output=True,
        check=False,
    )
    messages = json.loads(result.stdout)["messages"]
    return [
        f"{names.get(message.get('url', '').rsplit('/', 1)[-1], message.get('url'))} "
        f"(ligne {message.get('lastLine', '?')}) : {message['message']}"
        for message in messages
        if message["type"] in ("error", "non-document-error")
    ]


def fetch(client, urls):
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert response["Content-Type"].startswith("text/html"), url
        pages[url] = response.content
    return pages


def fetch_form_errors(client, urls):
    """The forms sent empty: each page shown again with its error messages."""
    pages = {}
    for url in urls:
        response = client.post(url, {})
        assert response.status_code == 200, (url, response.status_code)
        assert "error" in response.content.decode(), url
        pages[f"{url} (formulaire vide)"] = response.content
    return pages


def test_every_page_type_is_valid_html(home_page, tmp_path):
    built = build_every_page_type(home_page)
    make_table_page(home_page)
    pages = Page.objects.live().public().specific().exclude(depth=1)
    urls = [page.url for page in pages if page.url]
    seen_types = {type(page).__name__ for page in pages}
    for expected in ("HomePage", "ProjectPage", "EventPage", "NewsPage", "ResourcePage"):
        assert expected in seen_types
    documents = fetch(Client(), urls + ANONYMOUS_URLS)
    documents |= fetch_form_errors(
        Client(), ["/contact/", "/formations/longue/appel/", built["event"].url]
    )

    member = make_member("Claire", public=True)
    mentor = make_mentor()
    client = Client()
    login(client, member)
    documents |= fetch(client, MEMBER_URLS + [f"/alumni/annuaire/{mentor.slug}/"])
    assert AlumniProfile.objects.count() == 2

    errors = check_html(documents, tmp_path)
    assert errors == [], f"{len(errors)} erreur(s) HTML :\n" + "\n".join(errors)


def test_the_checker_reports_an_invalid_page(tmp_path):
    """The check can fail: a page with an empty form action and a duplicate id is caught."""
    invalid = (
        b'<!DOCTYPE html><html lang="fr"><head><title>T</title></head><body>'
        b'<form action=""><p id="a"></p><p id="a"></p></form></body></html>'
    )
    errors = check_html({"/invalide/": invalid}, tmp_path)
    assert len(errors) == 2
    assert all(error.startswith("/invalide/ (ligne 1)") for error in errors)
