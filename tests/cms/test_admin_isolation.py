"""Nothing of another collectivité shows anywhere in the admin: the attacker's crawl.

Collectivité B holds a draft, an image, a document, a comment and a workflow submission,
each titled (or written, or requested) with a unique marker; B's image and document carry a
marked tag; a moderator has used A's image and document on a marked page of B; B's people
have marked names and addresses, and so has an alumnus whose story waits for review. As a
contributor (then a référent) of collectivité A, the test follows every same-origin admin
link breadth-first from the dashboard, plus the reports, the explorer of B's section and of
the indexes, the searches, choosers, usage pages and user filters: no response may contain
a marker, and the site-wide reports answer 403. A moderator, crawling the same way, does
see the markers, so the crawl itself is able to find them.
"""

import json
import re
from collections import deque
from html import unescape
from types import SimpleNamespace
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Comment

from .conftest import news_section
from .editorial import make_image, make_user

pytestmark = pytest.mark.django_db

DRAFT_MARKER = "MARQUEUR-B-7f3a"
IMAGE_MARKER = "IMAGE-B-MARQUEUR-91c2"
DOCUMENT_MARKER = "DOCUMENT-B-MARQUEUR-4d5e"
COMMENT_MARKER = "COMMENTAIRE-B-MARQUEUR-0b8e"
SUBMITTED_MARKER = "SOUMISSION-B-MARQUEUR-c61d"
TAG_MARKER = "etiquette-b-marqueur-5a9f"
MEDIA_TAG_MARKER = "tag-marqueur-b-e2c7"  # on B's image and document only
USAGE_MARKER = "PAGE-B-UTILISE-A-MARQUEUR-3f1b"  # a page of B that uses A's files
CRAWL_LIMIT = 400

# Reports that only make sense site-wide: moderators and administrators only.
RESERVED_REPORTS = [
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:page_types_usage_results",
    "wagtailadmin_reports:aging_pages",
    "wagtailadmin_reports:aging_pages_results",
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:site_history_results",
    "wagtailadmin_reports:locked_pages",
    "wagtailadmin_reports:locked_pages_results",
]
# Reports a contributor may open, filtered to their collectivité.
OWN_REPORTS = [
    "wagtailadmin_reports:workflow",
    "wagtailadmin_reports:workflow_results",
    "wagtailadmin_reports:workflow_tasks",
    "wagtailadmin_reports:workflow_tasks_results",
]

# GET links with side effects, or that end the session: never followed.
SKIPPED = re.compile(
    r"/(delete|unpublish|lock|unlock|logout|revert|copy|move|convert_alias|cancel|"
    r"dismissibles|workflow/cancel|editing-sessions|action)(/|$)|export=xlsx"
)
NEUTRAL_PARAMS = {"ordering", "p", "next"}
LINK = re.compile(r"""(?:href|data-[a-z-]*url|action)=["']([^"'#]+)""")


def marked_user(username, group, first_name, last_name):
    user = make_user(username, group)
    user.first_name, user.last_name = first_name, last_name
    user.save(update_fields=["first_name", "last_name"])
    return user


@pytest.fixture
def leak_world(people, space_a, space_b, indexes, documents):
    from news.models import NewsPage

    contributor_b = marked_user(
        "zorglub-b", space_b.contributors_group, "Bérengère", "Zorglubienne"
    )
    referent_b = marked_user("vorpal-b", space_b.referents_group, "Balthazar", "Vorpalien")
    alumnus = marked_user(
        "alumna-quixotine", Group.objects.get_or_create(name="Alumni")[0], "Ondine", "Quixotine"
    )
    section_b = news_section(space_b)

    draft = NewsPage(title=DRAFT_MARKER, summary="Brouillon de B.", owner=contributor_b, live=False)
    section_b.add_child(instance=draft)
    draft.tags.add(TAG_MARKER)
    draft.save()
    draft.save_revision(user=contributor_b)
    Comment.objects.create(page=draft, user=contributor_b, text=COMMENT_MARKER, contentpath="title")

    submitted = NewsPage(
        title=SUBMITTED_MARKER, summary="Soumis par B.", owner=contributor_b, live=False
    )
    section_b.add_child(instance=submitted)
    submitted.save_revision(user=contributor_b)
    submitted.get_workflow().start(submitted, contributor_b)

    # A story-like submission by an alumnus, in EMI's own space (site-wide moderation).
    story = NewsPage(title="Récit en relecture", summary="Récit.", owner=alumnus, live=False)
    indexes.news.add_child(instance=story)
    story.save_revision(user=alumnus)
    from wagtail.models import Workflow

    Workflow.objects.get(name="Modération — Ville de Beauvais").start(story, alumnus)

    image = make_image(space_b.collection, IMAGE_MARKER, owner=contributor_b)
    document = documents(DOCUMENT_MARKER, space_b.collection)
    document.uploaded_by_user = contributor_b
    document.save(update_fields=["uploaded_by_user"])
    image.tags.add(MEDIA_TAG_MARKER)
    document.tags.add(MEDIA_TAG_MARKER)

    # A moderator uses A's image and A's document on a page of B.
    image_a = make_image(space_a.collection, "Vue de Troyes", owner=people.contributor_a)
    document_a = documents("Programme de l'Aube", space_a.collection)
    document_a.uploaded_by_user = people.contributor_a
    document_a.save(update_fields=["uploaded_by_user"])
    uses_a = NewsPage(
        title=USAGE_MARKER,
        summary="Reprise par la modération.",
        owner=people.moderator,
        live=False,
        cover_image=image_a,
        body=json.dumps([{"type": "document", "value": {"document": document_a.pk, "label": ""}}]),
    )
    section_b.add_child(instance=uses_a)
    uses_a.save_revision(user=people.moderator)

    b_people = [contributor_b, referent_b, alumnus, people.contributor_b, people.referent_b]
    markers = [
        DRAFT_MARKER,
        IMAGE_MARKER,
        DOCUMENT_MARKER,
        COMMENT_MARKER,
        SUBMITTED_MARKER,
        TAG_MARKER,
        MEDIA_TAG_MARKER,
        USAGE_MARKER,
    ]
    for user in b_people:
        markers += [user.email, user.get_username()]
        markers += [name for name in (user.first_name, user.last_name) if name]
    markers.append("Ville de Beauvais")
    return SimpleNamespace(
        people=people,
        markers=markers,
        section_a=news_section(space_a),
        section_b=section_b,
        draft=draft,
        submitted=submitted,
        image=image,
        document=document,
        image_a=image_a,
        document_a=document_a,
        indexes=indexes,
        contributor_b=contributor_b,
    )


def seed_urls(world):
    b = world
    urls = [
        "/admin/",
        # Popular tags (listings, image chooser) and usage of A's files used by B.
        reverse("wagtailimages:index"),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtailimages:image_usage", args=[b.image_a.pk]),
        reverse("wagtaildocs:document_usage", args=[b.document_a.pk]),
        reverse("wagtailimages:edit", args=[b.image_a.pk]),
        reverse("wagtaildocs:edit", args=[b.document_a.pk]),
    ]
    urls += [reverse(name) for name in RESERVED_REPORTS + OWN_REPORTS]
    urls += [reverse(name) + "?export=csv" for name in OWN_REPORTS if "results" not in name]
    for page in (b.section_b, b.draft, b.submitted, b.indexes.news, b.indexes.projects):
        urls += [
            reverse("wagtailadmin_explore", args=[page.pk]),
            reverse("wagtailadmin_explore", args=[page.pk]) + "?q=MARQUEUR&search_all=1",
            reverse("wagtailadmin_pages:history", args=[page.pk]),
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
            reverse("wagtailadmin_pages:workflow_history", args=[page.pk]),
            reverse("wagtailadmin_pages:revisions_index", args=[page.pk]),
            reverse("wagtailadmin_choose_page_child", args=[page.pk]),
            f"/admin/api/main/pages/?child_of={page.pk}&for_explorer=1",
            f"/admin/api/main/pages/{page.pk}/",
        ]
    urls += [
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_pages:search") + "?q=MARQUEUR",
        reverse("wagtailadmin_pages:search") + "?q=Beauvais",
        reverse("wagtailadmin_choose_page_search") + "?q=MARQUEUR",
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailimages:index") + "?q=MARQUEUR",
        reverse("wagtailimages:edit", args=[b.image.pk]),
        reverse("wagtailimages:image_usage", args=[b.image.pk]),
        reverse("wagtailimages_chooser:choose") + "?q=MARQUEUR",
        reverse("wagtailimages_chooser:chosen", args=[b.image.pk]),
        reverse("wagtaildocs:index") + "?q=MARQUEUR",
        reverse("wagtaildocs:edit", args=[b.document.pk]),
        reverse("wagtaildocs:document_usage", args=[b.document.pk]),
        reverse("wagtaildocs_chooser:choose") + "?q=MARQUEUR",
        reverse("wagtaildocs_chooser:chosen", args=[b.document.pk]),
        "/admin/tag-autocomplete/?term=etiquette",
        "/admin/tag-autocomplete/taggit/tag/?term=etiquette",
        "/admin/api/main/images/",
        "/admin/api/main/documents/",
        "/admin/api/main/pages/?search=MARQUEUR",
        reverse("wagtailusers_users:index") + "?q=b",
        reverse("wagtailadmin_reports:workflow") + "?requested_by=" + str(b.contributor_b.pk),
        reverse("wagtailadmin_reports:site_history") + "?user=" + str(b.contributor_b.pk),
        reverse("wagtailadmin_explore", args=[b.indexes.news.pk])
        + f"?owner={b.contributor_b.pk}&search_all=1",
        reverse("wagtailadmin_pages:search") + f"?q=a&edited_by={b.contributor_b.pk}",
    ]
    return urls


def links_in(url, response):
    content_type = response.get("Content-Type", "")
    if not content_type.startswith(("text/html", "application/json")):
        return []
    text = unescape(response.content.decode(errors="replace"))
    text = text.replace("\\/", "/").replace("\\u0026", "&")
    found = []
    for raw in LINK.findall(text):
        absolute = urljoin(url, raw.strip())
        parts = urlsplit(absolute)
        if parts.netloc not in ("", "testserver") or not parts.path.startswith("/admin/"):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl_key(url):
    """One visit per listing, whatever its sort order or page number."""
    parts = urlsplit(url)
    params = sorted(
        (name, "" if name in NEUTRAL_PARAMS else value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    )
    return parts.path, tuple(params)


def crawl(client, world, limit=CRAWL_LIMIT):
    """Breadth-first GET of every reachable admin URL: {url: response}."""
    seen, responses = set(), {}
    queue = deque(seed_urls(world))
    while queue and len(responses) < limit:
        url = queue.popleft()
        key = crawl_key(url)
        if key in seen or SKIPPED.search(url):
            continue
        seen.add(key)
        response = client.get(url)
        responses[url] = response
        if response.status_code in (301, 302) and response.get("Location"):
            queue.append(urljoin(url, response["Location"]))
        elif response.status_code == 200:
            queue.extend(links_in(url, response))
    return responses


def body_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    text = response.content.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        try:  # JSON escapes accents and slashes: compare the decoded text
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            return text
    return text


def leaks(responses, markers):
    found = {}
    for url, response in responses.items():
        text = unescape(body_of(response))
        hits = [marker for marker in markers if marker.lower() in text.lower()]
        if hits:
            found[url] = hits
    return found


@pytest.mark.parametrize("role", ["contributor_a", "referent_a"])
def test_a_member_of_a_sees_nothing_of_b(client, leak_world, role):
    client.force_login(getattr(leak_world.people, role))
    responses = crawl(client, leak_world)

    assert len(responses) > 60, "le parcours doit atteindre une bonne part de l'administration"
    found = leaks(responses, leak_world.markers)
    assert found == {}, "\n".join(f"{url}: {hits}" for url, hits in found.items())
    server_errors = [url for url, response in responses.items() if response.status_code >= 500]
    assert server_errors == []


@pytest.mark.parametrize("role", ["contributor_a", "referent_a"])
def test_site_wide_reports_answer_403(client, leak_world, role):
    client.force_login(getattr(leak_world.people, role))
    for name in RESERVED_REPORTS:
        response = client.get(reverse(name))
        assert response.status_code == 403, name
        assert "réservé" in response.content.decode()
    for name in OWN_REPORTS:
        assert client.get(reverse(name)).status_code == 200, name


def test_site_wide_reports_are_not_in_the_menu_of_a_contributor(client, leak_world):
    client.force_login(leak_world.people.contributor_a)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    for name in RESERVED_REPORTS:
        if not name.endswith("_results"):
            assert reverse(name) not in html, name
    assert reverse("wagtailadmin_reports:workflow") in html


def test_own_collectivity_still_shows_in_the_workflow_report(client, leak_world, people):
    from news.models import NewsPage

    own = NewsPage(title="Proposition de l'Aube", summary="A.", owner=people.contributor_a)
    leak_world.section_a.add_child(instance=own)
    own.save_revision(user=people.contributor_a)
    own.get_workflow().start(own, people.contributor_a)

    client.force_login(people.referent_a)
    html = unescape(client.get(reverse("wagtailadmin_reports:workflow")).content.decode())
    assert "Proposition de l'Aube" in html
    assert people.contributor_a.get_username() in html or people.contributor_a.email in html
    assert "Modération — Département de l'Aube" in html


def test_dashboard_counts_only_own_pages(client, leak_world, people):
    from wagtail.models import Page

    from cms.membership import user_collectivities
    from cms.sections import section_models

    own_ids = list(user_collectivities(people.contributor_a).values_list("pk", flat=True))
    own_pages = sum(
        Page.objects.descendant_of(section, inclusive=True).count()
        for model in section_models()
        for section in model.objects.filter(collectivity_id__in=own_ids)
    )
    site_pages = Page.objects.filter(depth__gt=1).count()
    assert 0 < own_pages < site_pages

    client.force_login(people.contributor_a)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))
    assert re.search(rf"\b{own_pages} pages?\b", text, re.IGNORECASE), text
    assert not re.search(rf"\b{site_pages} pages?\b", text, re.IGNORECASE)


def test_a_moderator_sees_the_markers(client, leak_world):
    """The same crawl finds the markers for a moderator: it is able to see a leak."""
    client.force_login(leak_world.people.moderator)
    responses = crawl(client, leak_world, limit=80)
    found = {marker for hits in leaks(responses, leak_world.markers).values() for marker in hits}
    for marker in (
        DRAFT_MARKER,
        IMAGE_MARKER,
        DOCUMENT_MARKER,
        SUBMITTED_MARKER,
        TAG_MARKER,
        MEDIA_TAG_MARKER,
        USAGE_MARKER,
    ):
        assert marker in found, marker
    assert leak_world.contributor_b.email in found or "zorglub-b" in found
    for name in RESERVED_REPORTS:
        assert client.get(reverse(name)).status_code == 200, name


def test_comment_notifications_skip_people_who_left_the_collectivity(
    client, people, space_a, space_b, settings
):
    """A former contributor of A, now in B, still subscribed to A's page: not mailed."""
    from django.core import mail
    from wagtail.models import PageSubscription
    from wagtail.test.utils.form_data import inline_formset

    from news.models import NewsPage

    from .editorial import news_form_data

    settings.WAGTAILADMIN_COMMENTS_ENABLED = True
    section_a = news_section(space_a)
    page = NewsPage(title="Atelier de l'Aube", summary="A.", owner=people.contributor_a)
    section_a.add_child(instance=page)
    page.save_revision(user=people.contributor_a)

    leaver = marked_user("transfuge", space_a.contributors_group, "Léon", "Transfuge")
    for user in (leaver, people.referent_a):
        PageSubscription.objects.create(page=page, user=user, comment_notifications=True)
    leaver.groups.remove(space_a.contributors_group)
    leaver.groups.add(space_b.contributors_group)

    client.force_login(people.contributor_a)
    data = news_form_data(
        page.title,
        slug=page.slug,
        comments=inline_formset(
            [
                {
                    "contentpath": "title",
                    "text": "Titre à revoir ?",
                    "position": "",
                    "replies": inline_formset([]),
                }
            ]
        ),
    )
    mail.outbox.clear()
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    assert Comment.objects.filter(page=page, text="Titre à revoir ?").exists()

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == [people.referent_a.email]


@pytest.mark.parametrize(
    "usage_url, edit_url, attribute",
    [
        ("wagtailimages:image_usage", "wagtailimages:edit", "image_a"),
        ("wagtaildocs:document_usage", "wagtaildocs:edit", "document_a"),
    ],
)
def test_usage_of_a_file_lists_only_what_its_owner_may_see(
    client, leak_world, usage_url, edit_url, attribute
):
    """A moderator put A's file on a page of B: A sees neither the page nor a count of it."""
    file = getattr(leak_world, attribute)
    url = reverse(usage_url, args=[file.pk])

    client.force_login(leak_world.people.moderator)
    assert USAGE_MARKER in client.get(url).content.decode()

    client.force_login(leak_world.people.contributor_a)
    html = unescape(client.get(url).content.decode())
    assert USAGE_MARKER not in html
    assert "Utilisé ailleurs, dans des contenus hors de votre collectivité." in html
    assert "accès restreint" not in html  # no row at all, not even a "private page" one
    edit = unescape(client.get(reverse(edit_url, args=[file.pk])).content.decode())
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", edit))
    assert not re.search(r"\b1 fois\b|Used 1 time", text), "usage count of B's page shown"


def test_popular_tags_are_those_of_ones_own_files(client, leak_world):
    from wagtail.admin.models import popular_tags_for_model

    from cms.admin_isolation_media import popular_tags_for
    from cms.models import CustomImage

    leak_world.image_a.tags.add("atelier-aube")
    assert MEDIA_TAG_MARKER in {tag.name for tag in popular_tags_for_model(CustomImage)}
    own = {tag.name for tag in popular_tags_for(leak_world.people.contributor_a, CustomImage)}
    assert own == {"atelier-aube"}
    everyone = {tag.name for tag in popular_tags_for(leak_world.people.moderator, CustomImage)}
    assert {"atelier-aube", MEDIA_TAG_MARKER} <= everyone

    client.force_login(leak_world.people.contributor_a)
    for name in ("wagtailimages:index", "wagtailimages_chooser:choose"):
        html = client.get(reverse(name)).content.decode()
        assert "atelier-aube" in html, name
        assert MEDIA_TAG_MARKER not in html, name


@pytest.mark.parametrize(
    "index_url, attribute",
    [("wagtailimages:index", "image_a"), ("wagtaildocs:index", "document_a")],
)
@pytest.mark.parametrize("ordering", ["", "-usage_count"])
def test_listing_usage_counts_leave_out_other_collectivities(
    client, leak_world, index_url, attribute, ordering
):
    file = getattr(leak_world, attribute)
    url = reverse(index_url) + (f"?ordering={ordering}" if ordering else "")

    def count_shown(user):
        client.force_login(user)
        listed = client.get(url).context["object_list"]
        return {obj.pk: obj.usage_count for obj in listed}[file.pk]

    assert count_shown(leak_world.people.moderator) == 1
    assert count_shown(leak_world.people.contributor_a) == 0
