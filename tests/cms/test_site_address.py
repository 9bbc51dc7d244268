"""The site knows its own address: WAGTAILADMIN_BASE_URL names every absolute URL.

Served under the public address or under any other host, no page, feed, sitemap, API
response or e-mail names another host than the public one.
"""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Site

from cms.invitations import get_or_create_invited_user, invite
from cms.site_address import PublicAddress, parse_public_address, sync_default_site
from projects.models import ProjectPage
from tests.factories.news import EventPageFactory, NewsPageFactory
from tests.factories.projects import make_cohort, make_project, make_section
from tests.factories.site import build_indexes
from tests.sitemap_reader import sitemap_text

from .conftest import news_section
from .test_moderation_path import act_as, submit_as

pytestmark = pytest.mark.django_db

PUBLIC = "http://emi.test:8123"
PUBLIC_HOST = "emi.test:8123"
public_address = override_settings(WAGTAILADMIN_BASE_URL=PUBLIC, WAGTAILAPI_BASE_URL=PUBLIC)
URL = re.compile(r"https?://([^/\s\"'<>\\]+)")
# Hosts that would betray an address other than the public one.
OURS = re.compile(r"localhost|127\.0\.0\.1|testserver|autre\.example|emi\.test")


def foreign_to_the_public_address(text):
    """The hosts of absolute URLs in `text` that name this site under another address."""
    return {host for host in URL.findall(text) if host != PUBLIC_HOST and OURS.search(host)}


def sync():
    out = io.StringIO()
    call_command("sync_site_address", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(demo_site_pages):
    """The site frame with a project, a news item and an event: every kind of absolute
    URL (page, JSON-LD, feed, calendar, API) has something to name."""
    projects, news, events = build_indexes(demo_site_pages)
    section = make_section(projects, "Département de l'Oise", slug="oise", short_name="Oise")
    make_project(section, cohort=make_cohort(section.collectivity), with_details=True)
    NewsPageFactory(parent=news)
    EventPageFactory(parent=events)


def test_parse_public_address_reads_host_port_and_scheme():
    assert parse_public_address("http://emi.test:8123") == PublicAddress("http", "emi.test", 8123)
    assert parse_public_address("https://EMI.valdoise.fr/").hostname == "emi.valdoise.fr"
    assert parse_public_address("https://emi.valdoise.fr/").port == 443
    assert parse_public_address("http://127.0.0.1:8000").port == 8000
    assert not parse_public_address("https://emi.test:8443").wagtail_can_spell_it
    with pytest.raises(Exception, match="WAGTAILADMIN_BASE_URL"):
        parse_public_address("emi.test:8000")


def test_sync_command_moves_the_default_site_once_and_says_so(home_page):
    site = Site.objects.get(is_default_site=True)
    # Tests are migrated with the test settings: the Site already follows them.
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    with public_address:
        first = sync()
        assert "127.0.0.1:8000 → emi.test:8123" in first
        site.refresh_from_db()
        assert (site.hostname, site.port, site.is_default_site) == ("emi.test", 8123, True)
        assert site.root_url == PUBLIC
        second = sync()
        assert "déjà à l'adresse http://emi.test:8123/" in second
        assert sync_default_site() == []


def test_migrate_moves_the_site_too(home_page):
    with public_address:
        call_command("migrate", verbosity=0, interactive=False)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("emi.test", 8123)


def test_load_demo_follows_the_public_address(home_page):
    with public_address:
        out = io.StringIO()
        call_command("load_demo", stdout=out)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("emi.test", 8123)
    assert "adresse du site" in out.getvalue()


@pytest.mark.parametrize("host", [PUBLIC_HOST, "autre.example:9999"])
def test_pages_feeds_sitemap_api_and_json_ld_name_the_public_address(client, demo, host):
    project = ProjectPage.objects.live().first()
    with public_address:
        sync()
        urls = [
            "/",
            project.url,
            "/projets/",
            "/projets/chiffres/",
            "/sitemap.xml",
            "/sitemap-pages.xml",
            "/robots.txt",
            "/actualites/rss/",
            "/actualites/atom/",
            "/agenda/",
            "/agenda/ical/",
            "/api/v2/pages/",
            f"/api/v2/pages/{project.pk}/",
        ]
        seen = set()
        for url in urls:
            response = client.get(url, HTTP_HOST=host)
            assert response.status_code == 200, url
            # iCalendar folds its lines at 75 octets: unfold before reading URLs.
            text = response.content.decode().replace("\r\n ", "")
            foreign = foreign_to_the_public_address(text)
            assert not foreign, (url, foreign)
            seen |= set(URL.findall(text))
        # The project's JSON-LD, the sitemap and the API name it at the public address.
        page_html = client.get(project.url, HTTP_HOST=host).content.decode()
        assert f'"url": "{PUBLIC}{project.url}"' in page_html
        assert f'<link rel="canonical" href="{PUBLIC}{project.url}">' in page_html
        sitemap = sitemap_text(client, HTTP_HOST=host)
        assert f"<loc>{PUBLIC}{project.url}</loc>" in sitemap
        detail = client.get(f"/api/v2/pages/{project.pk}/", HTTP_HOST=host).json()
        assert detail["meta"]["html_url"] == PUBLIC + project.url
        assert detail["meta"]["detail_url"].startswith(PUBLIC + "/api/v2/pages/")
    assert PUBLIC_HOST in seen


def test_site_is_found_under_another_host(client, demo):
    with public_address:
        sync()
        response = client.get("/", HTTP_HOST="autre.example:9999")
    assert response.status_code == 200
    assert response.context["page"].pk == Site.objects.get(is_default_site=True).root_page_id


def test_approval_and_invitation_emails_name_the_public_address(client, demo, people, space_a):
    with public_address:
        sync()
        section = news_section(space_a)
        page = submit_as(client, people.contributor_a, section, "Le forum des agents")
        page = act_as(client, people.referent_a, page, "approve")
        mail.outbox.clear()
        page = act_as(client, people.moderator, page, "approve")
        assert page.live
        approved = [message for message in mail.outbox if people.contributor_a.email in message.to]
        assert approved
        body = approved[0].body
        assert PUBLIC + page.url in body

        mail.outbox.clear()
        user, _created = get_or_create_invited_user("nouvelle.referente@example.org")
        invite(user, subject="Invitation", message="Vous êtes invitée.")
        (invitation,) = mail.outbox
        assert f"{PUBLIC}/compte/activer/" in invitation.body
    for message in approved + [invitation]:
        text = message.body + "".join(content for content, _type in message.alternatives)
        assert not foreign_to_the_public_address(text)
        assert PUBLIC_HOST in URL.findall(text)
