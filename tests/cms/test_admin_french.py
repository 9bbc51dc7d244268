"""The admin speaks French to a public administration (issue 12, §6).

The project's catalogue (locale/fr) overrides Wagtail's hedged and English strings; its
compiled .mo files are committed and must match their .po; notification e-mails are
formal; flash messages say what a workflow action did; "Mes contenus" shows the
reviewer's comment to the author and the pending review to the référent. A crawl of the
admin as contributor, référent and moderator finds none of the strings the issue lists.
"""

import datetime
import json
import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from cms.translation_report import findings, pending

from .conftest import news_section
from .editorial import add_news, edit_news, make_image, response_html, workflow_action

pytestmark = pytest.mark.django_db

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])

# What the issue saw, and what a French admin never shows.
FORBIDDEN = [
    re.compile(r"Status\s*:"),
    re.compile(r"\b(?:seconds?|minutes?|hours?|days?|weeks?) ago\b"),
    re.compile(r"\bun\(e\)"),
    re.compile(r"\w\((?:e|s|es|le|elle|tte|ne)\)"),
    re.compile(r"\bce/cette\b|\bil/elle\b|\ble/la\b"),
    re.compile(r"Image créé"),
    re.compile(r"\bSalut\b"),
    # Common English words of Wagtail's interface, should a catalogue lose them.
    re.compile(
        r"\b(?:Dashboard|Edit|Delete|Cancel|Submit|Choose|Search|Settings|Save draft|"
        r"Published|Draft|Unlocked|Locked|Created|Updated|Status|Title|Awaiting|"
        r"Changes requested|just now|by you|Are you sure)\b"
    ),
]


def forbidden_in(text):
    return [match.group(0) for pattern in FORBIDDEN for match in pattern.finditer(text)]


class VisibleText(HTMLParser):
    """Text a person reads or hears: element text and the labelling attributes."""

    SKIP = {"script", "style"}
    ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-w-tooltip-content-value"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        for name, value in attrs:
            if name in self.ATTRIBUTES and value:
                self.parts.append(value)
            if tag == "a" and name == "href" and value:
                self.links.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    @classmethod
    def read(cls, html):
        parser = cls()
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split()), parser.links


# --- the catalogue --------------------------------------------------------------------


def _entries(catalogue):
    result = {}
    for entry in catalogue:
        if entry.obsolete or "fuzzy" in entry.flags or not entry.msgid:
            continue
        if entry.msgid_plural:
            value = tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
        else:
            value = entry.msgstr
        if value:
            result[(entry.msgctxt, entry.msgid)] = value
    return result


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_committed_mo_matches_its_po(domain):
    """Edit a .po without `compilemessages`, and this fails: the .mo would drift."""
    po_path = LOCALE_DIR / "fr" / "LC_MESSAGES" / f"{domain}.po"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} manquant : lancez python manage.py compilemessages"
    po_entries = _entries(polib.pofile(str(po_path)))
    assert po_entries, "catalogue vide"
    assert _entries(polib.mofile(str(mo_path))) == po_entries, (
        f"{mo_path.name} ne correspond pas à {po_path.name} : "
        "lancez python manage.py compilemessages --ignore=.venv et committez le .mo"
    )


def test_every_hedged_or_english_wagtail_string_is_overridden():
    assert findings(), "le rapport ne trouve plus les catalogues de Wagtail"
    left = [(f.catalogue, f.label, f.msgid) for f in pending()]
    assert left == [], "python manage.py admin_translation_report liste : " + repr(left[:10])


def test_overrides_take_precedence_over_wagtail():
    with translation.override("fr"):
        assert gettext("Status: ").startswith("Statut")
        assert gettext("Promote") == "Référencement"
        assert gettext("Unlocked") == "Déverrouillé"
        assert "un(e)" not in gettext("Add %(model_name)s")
        zero_images = ngettext(
            '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
            '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
            0,
        )
        assert "créé" not in zero_images and zero_images.startswith("%(total)s image")


def test_workflow_status_says_il_y_a(client, people):
    from django.contrib.humanize.templatetags.humanize import naturaltime
    from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple

    with translation.override("fr"):
        assert naturaltime(timezone.now() - datetime.timedelta(seconds=46)) == (
            "il y a 46\xa0secondes"
        )
        assert timesince_simple(timezone.now()) == "à l'instant"
        assert timesince_simple(timezone.now() - datetime.timedelta(hours=3)) == (
            "il y a 3\xa0heures"
        )


def test_javascript_catalogue_carries_the_overrides(client, people):
    client.force_login(people.contributor_a)
    response = client.get(reverse("wagtailadmin_javascript_catalog"))
    assert response.status_code == 200
    body = json.dumps(json.loads(_catalog_json(response.content.decode())), ensure_ascii=False)
    assert "Confirmez-vous" in body
    assert "nouveaux éléments dans ce menu" in body
    assert "Êtes-vous sûr(e)" not in body


def _catalog_json(script):
    """The `newcatalog = {...};` object of Django's JavaScript catalogue."""
    return re.search(r"const newcatalog = (\{.*?\});\n", script, re.S).group(1)


# --- the moderation cycle: e-mails, flash messages, "Mes contenus" -------------------


@pytest.fixture
def named(people):
    for user, first, last in (
        (people.contributor_a, "Karim", "Benali"),
        (people.referent_a, "Camille", "Martin"),
        (people.moderator, "Inès", "Durand"),
    ):
        user.first_name, user.last_name = first, last
        user.save()
    return people


def _messages(response):
    return [str(message.message) for message in response.context["messages"]]


def _submit(client, user, section, title):
    client.force_login(user)
    response = add_news(client, section, title)
    assert response.status_code == 302, response.content.decode()[:2000]
    from news.models import NewsPage

    return NewsPage.objects.get(title=title)


def _editor_action(client, page, action, comment="", **fields):
    extra = {"workflow-action-name": action, **fields}
    if comment:
        extra["workflow-action-extra-data"] = json.dumps({"comment": comment})
    response = edit_news(client, page, action="action-workflow-action", **extra)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response.url)


REVIEW_COMMENT = "Merci de préciser la date du forum dans le chapeau."


def test_cycle_emails_are_formal_and_messages_say_what_happened(client, named, space_a):
    people = named
    section = news_section(space_a)
    mail.outbox.clear()
    page = _submit(client, people.contributor_a, section, "Forum des agents de l'Aube")

    client.force_login(people.referent_a)
    followed = _editor_action(client, page, "reject", REVIEW_COMMENT)
    assert any("renvoyée pour modification" in m for m in _messages(followed))
    assert not any("mise à jour" in m for m in _messages(followed))

    client.force_login(people.contributor_a)
    response = edit_news(client, page.specific, action="action-submit")
    assert response.status_code == 302

    client.force_login(people.referent_a)
    followed = _editor_action(client, page, "approve")
    assert any("approuvée" in m and "Validation EMI" in m for m in _messages(followed))

    client.force_login(people.moderator)
    followed = _editor_action(client, page, "approve")
    assert any("approuvée et publiée" in m for m in _messages(followed))
    page.refresh_from_db()
    assert page.live

    assert len(mail.outbox) >= 4
    for message in mail.outbox:
        assert message.body.lstrip().startswith("Bonjour"), message.body[:200]
        assert forbidden_in(message.subject + " " + message.body) == [], message.body
        for html, _mimetype in getattr(message, "alternatives", []):
            text, _links = VisibleText.read(html)
            assert "Bonjour" in text and "Salut" not in text
    to_karim = [m for m in mail.outbox if people.contributor_a.email in m.to]
    assert to_karim and all(m.body.lstrip().startswith("Bonjour Karim,") for m in to_karim)
    assert any("Bonjour," in m.body for m in mail.outbox if people.moderator_2.email in m.to)


def test_scheduled_approval_says_programmee(client, named, space_a):
    people = named
    section = news_section(space_a)
    go_live = timezone.localtime(timezone.now() + datetime.timedelta(days=3))
    go_live = go_live.strftime("%Y-%m-%d %H:%M")
    client.force_login(people.contributor_a)
    add_news(client, section, "Journée portes ouvertes", go_live_at=go_live)
    from news.models import NewsPage

    page = NewsPage.objects.get(title="Journée portes ouvertes")
    client.force_login(people.referent_a)
    workflow_action(client, page, "approve")
    client.force_login(people.moderator)
    followed = _editor_action(client, page, "approve", go_live_at=go_live)
    assert any("approuvée" in m and "programmée" in m for m in _messages(followed)), _messages(
        followed
    )
    page.refresh_from_db()
    assert not page.live


def test_password_reset_email_is_formal(client, named):
    response = client.post(
        reverse("wagtailadmin_password_reset"), {"email": named.contributor_a.email}
    )
    assert response.status_code == 302
    assert mail.outbox[-1].body.startswith("Bonjour Karim,")


def test_mes_contenus_shows_comment_to_author_and_pending_review_to_referent(
    client, named, space_a
):
    people = named
    section = news_section(space_a)
    sent_back = _submit(client, people.contributor_a, section, "Budget participatif")
    waiting = _submit(client, people.contributor_a, section, "Atelier design de services")
    client.force_login(people.referent_a)
    workflow_action(client, sent_back, "reject", REVIEW_COMMENT)

    client.force_login(people.contributor_a)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    text, links = VisibleText.read(html)
    assert "Mes contenus" in text
    assert REVIEW_COMMENT in text and "Camille Martin" in text
    assert reverse("wagtailadmin_pages:edit", args=[sent_back.pk]) in links
    assert "Atelier design de services" in text
    assert "Vos pages et fragments dans un workflow" not in text

    client.force_login(people.referent_a)
    text, links = VisibleText.read(client.get(reverse("wagtailadmin_home")).content.decode())
    assert "À relire dans votre collectivité" in text
    assert "Atelier design de services" in text and "Karim Benali" in text
    assert reverse("wagtailadmin_pages:edit", args=[waiting.pk]) in links

    # Another collectivité's référent has nothing of A's to review.
    client.force_login(people.referent_b)
    text, _links = VisibleText.read(client.get(reverse("wagtailadmin_home")).content.decode())
    assert "Atelier design de services" not in text and "Rien n'attend votre relecture" in text


# --- the crawl ------------------------------------------------------------------------

# GET links that change something or leave the HTML admin.
SKIPPED = re.compile(
    r"/(?:delete|unpublish|logout|lock|unlock|revert|copy|move|convert_alias|disable|enable|"
    r"workflow/action|workflow/collect_action_data|cancel|jsi18n|sprite|bulk)(?:/|$)|"
    r"[?&]export=|/preview/|/view_draft/|/revisions/\d+/view/"
)
IGNORED_PARAMETERS = {"ordering", "p", "next"}
MAX_PAGES_PER_ROLE = 160


def crawl(client, seeds, limit):
    """Breadth-first over same-origin /admin/ GET links from `seeds`, at most `limit` pages.

    Returns the paths answered with 200, the forbidden strings by URL, and the page
    editors met (URL, HTML).
    """
    seen, queue, answered, problems = set(seeds), deque(seeds), [], {}
    editor_pages = []
    while queue and len(answered) < limit:
        url = queue.popleft()
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or not (
            content_type.startswith("text/html") or content_type.startswith("application/json")
        ):
            continue
        answered.append(urlsplit(url).path)
        html = response_html(response)
        text, links = VisibleText.read(html)
        found = forbidden_in(text)
        if found:
            problems[url] = sorted(set(found))
        if re.search(r"/admin/pages/\d+/edit/$", urlsplit(url).path):
            editor_pages.append((url, html))
        for link in links:
            absolute = urljoin(url, link)
            parts = urlsplit(absolute)
            if parts.netloc and parts.netloc != "testserver":
                continue
            # Sorting, paging and return addresses show the same strings: one visit each.
            query = urlencode(
                [(k, v) for k, v in parse_qsl(parts.query) if k not in IGNORED_PARAMETERS]
            )
            target = parts.path + (f"?{query}" if query else "")
            if not parts.path.startswith("/admin/") or SKIPPED.search(target):
                continue
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return answered, problems, editor_pages


TAB_LABELS = re.compile(r'role="tab"[^>]*>(.*?)</a>', re.S)


def tab_label(html):
    """A tab's name without its markup nor its error counter ("Contenu ( )")."""
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(re.sub(r"\(\s*\d*\s*\)", " ", text).split())


@pytest.mark.parametrize("role", ["contributor_a", "referent_a", "moderator"])
def test_admin_crawl_finds_no_english_or_hedged_french(client, named, space_a, documents, role):
    people = named
    section = news_section(space_a)
    make_image(space_a.collection, "Forum des agents", owner=people.contributor_a)
    documents("Compte rendu du forum", space_a.collection)
    sent_back = _submit(client, people.contributor_a, section, "Budget participatif")
    _submit(client, people.contributor_a, section, "Atelier design de services")
    client.force_login(people.referent_a)
    workflow_action(client, sent_back, "reject", REVIEW_COMMENT)

    client.force_login(getattr(people, role))
    seeds = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[sent_back.pk]),
        reverse("wagtailadmin_pages:history", args=[sent_back.pk]),
        reverse("wagtailadmin_explore", args=[section.pk]),
        # Choosers open from JavaScript: no link leads to them.
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_account"),
    ]
    answered, problems, editors = crawl(client, seeds, MAX_PAGES_PER_ROLE)
    assert len(answered) > 20, f"exploration trop courte ({len(answered)} pages)"
    for screen in ("/admin/", "/admin/images/", "/admin/documents/", "/admin/choose-page/"):
        assert screen in answered, (screen, answered)
    if role == "moderator":
        assert any(path.startswith("/admin/reports/") for path in answered), answered
    assert problems == {}, problems
    assert editors, "aucun éditeur de page visité"
    for url, html in editors:
        labels = [tab_label(label) for label in TAB_LABELS.findall(html)]
        assert "Référencement" in labels, (url, labels)
        assert "Promotion" not in labels, (url, labels)
