"""Who may do what, asked of the real admin views: roles × actions, each answer asserted.

Roles: anonymous, contributor of A, référent of A, EMI moderator, administrator.
A denial is the admin's own answer: a 403, or its redirect to the dashboard (or to the
login page for someone without admin access).
"""

from types import SimpleNamespace

import pytest
from django.db import transaction
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Site, TaskState

from cms.models import CustomImage

from .conftest import news_section
from .editorial import is_denied, make_image, news_form_data, response_html

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "contributor_a", "referent_a", "moderator", "admin"]


def publish_news(section, title, *, owner=None, live=True):
    from news.models import NewsPage

    page = NewsPage(title=title, summary=f"Résumé : {title}.", owner=owner, live=live)
    section.add_child(instance=page)
    revision = page.save_revision(user=owner)
    if live:
        revision.publish()
    page.refresh_from_db()
    return page


def submit(page, user):
    page.get_workflow().start(page, user)
    page.refresh_from_db()
    return page


@pytest.fixture
def world(people, space_a, space_b, indexes):
    section_a, section_b = news_section(space_a), news_section(space_b)
    live_a = publish_news(section_a, "Forum des agents de l'Aube", owner=people.contributor_a)
    live_b = publish_news(section_b, "Fête du vélo à Beauvais", owner=people.contributor_b)
    draft_b = publish_news(
        section_b, "Brouillon secret de Beauvais", owner=people.contributor_b, live=False
    )
    step1_a = submit(
        publish_news(section_a, "Atelier usagers", owner=people.contributor_a, live=False),
        people.contributor_a,
    )
    step1_b = submit(
        publish_news(section_b, "Atelier agents", owner=people.contributor_b, live=False),
        people.contributor_b,
    )
    step2_a = submit(
        publish_news(section_a, "Restitution du jury", owner=people.contributor_a, live=False),
        people.contributor_a,
    )
    step2_a.current_workflow_task_state.approve(user=people.referent_a)
    step2_a.refresh_from_db()
    return SimpleNamespace(
        people=people,
        collectivity_a=space_a.collectivity,
        section_a=section_a,
        section_b=section_b,
        news_index=indexes.news,
        live_a=live_a,
        live_b=live_b,
        draft_b=draft_b,
        step1_a=step1_a,
        step1_b=step1_b,
        step2_a=step2_a,
        image_b=make_image(space_b.collection, "Vélos devant la mairie de Beauvais"),
    )


def login(client, world, role):
    if role != "anonymous":
        client.force_login(getattr(world.people, role))
    return client


def answer(response):
    """True for an allowed page (200), False for the admin's denial, else a failure."""
    if response.status_code == 200:
        return True
    assert is_denied(response), (response.status_code, response.get("Location"))
    return False


# --- actions -------------------------------------------------------------------------


def open_edit_page_of_a(client, world):
    return answer(client.get(reverse("wagtailadmin_pages:edit", args=[world.live_a.pk])))


def open_edit_page_of_b(client, world):
    return answer(client.get(reverse("wagtailadmin_pages:edit", args=[world.live_b.pk])))


def open_draft_of_b(client, world):
    allowed = answer(client.get(reverse("wagtailadmin_pages:edit", args=[world.draft_b.pk])))
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[world.draft_b.pk]))
    assert (preview.status_code == 200) == allowed
    return allowed


def add_child_under_a(client, world):
    url = reverse("wagtailadmin_pages:add", args=("news", "newspage", world.section_a.pk))
    return answer(client.get(url))


def add_child_under_b(client, world):
    url = reverse("wagtailadmin_pages:add", args=("news", "newspage", world.section_b.pk))
    allowed = answer(client.get(url))
    data = news_form_data("Intrusion chez Beauvais")
    data["action-submit"] = "1"
    response = client.post(url, data)
    assert allowed or is_denied(response)
    from news.models import NewsPage

    assert NewsPage.objects.filter(slug="intrusion-chez-beauvais").exists() == allowed
    return allowed


def publish_in_a(client, world):
    """Whoever cannot publish gets a draft, never a live page."""
    from news.models import NewsPage

    url = reverse("wagtailadmin_pages:add", args=("news", "newspage", world.section_a.pk))
    data = news_form_data("Publication directe")
    data["action-publish"] = "1"
    response = client.post(url, data)
    page = NewsPage.objects.filter(slug="publication-directe").first()
    if page is None:
        assert is_denied(response)
        return False
    return page.live


def approve(client, page):
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    response = client.post(url, {"comment": ""})
    task_state.refresh_from_db()
    approved = task_state.status == TaskState.STATUS_APPROVED
    if not approved:
        assert is_denied(response), response.status_code
        assert task_state.status == TaskState.STATUS_IN_PROGRESS
    return approved


def approve_step_1_of_a(client, world):
    return approve(client, world.step1_a)


def approve_step_1_of_b(client, world):
    return approve(client, world.step1_b)


def approve_step_2(client, world):
    approved = approve(client, world.step2_a)
    world.step2_a.refresh_from_db()
    assert world.step2_a.live == approved
    return approved


def page_chooser_lists_pages_of_b(client, world):
    """B's section under the index, B's news and drafts inside it, B's pages in search.

    Whoever may not choose B's pages does not even open B's section in the chooser
    (its title and its drafts' titles stay hidden): the admin's denial.
    """
    index, section, search = (
        client.get(reverse("wagtailadmin_choose_page_child", args=[world.news_index.pk])),
        client.get(reverse("wagtailadmin_choose_page_child", args=[world.section_b.pk])),
        client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Beauvais"}),
    )
    if index.status_code != 200 or search.status_code != 200:
        assert all(is_denied(response) for response in (index, section, search))
        return False
    if section.status_code != 200:
        assert is_denied(section)
    index_html, search_html = response_html(index), response_html(search)
    section_html = response_html(section) if section.status_code == 200 else ""
    listed = [
        "Ville de Beauvais" in index_html,
        "Fête du vélo à Beauvais" in section_html,
        "Brouillon secret de Beauvais" in section_html,
        "Fête du vélo à Beauvais" in search_html,
    ]
    assert all(listed) or not any(listed), listed
    return all(listed)


def choose_image_of_b(client, world):
    listing = client.get(reverse("wagtailimages_chooser:choose"))
    chosen = client.get(reverse("wagtailimages_chooser:chosen", args=[world.image_b.pk]))
    if listing.status_code != 200:
        assert is_denied(listing) and is_denied(chosen)
        return False
    listed = world.image_b.title in response_html(listing)
    assert listed == (chosen.status_code == 200)
    if not listed:
        assert is_denied(chosen)
    return listed


def edit_collectivity_snippet(client, world):
    url = reverse("wagtailsnippets_cms_collectivity:edit", args=[world.collectivity_a.pk])
    return answer(client.get(url))


def change_site_settings(client, world):
    site = Site.objects.get(is_default_site=True)
    return answer(
        client.get(reverse("wagtailsettings:edit", args=["cms", "sitesettings", site.pk]))
    )


def manage_users(client, world):
    return answer(client.get(reverse("wagtailusers_users:index")))


def manage_workflows(client, world):
    return answer(client.get(reverse("wagtailadmin_workflows:index")))


# action: roles allowed to do it (the others must be refused).
MATRIX = {
    open_edit_page_of_a: {"contributor_a", "referent_a", "moderator", "admin"},
    open_edit_page_of_b: {"moderator", "admin"},
    open_draft_of_b: {"moderator", "admin"},
    add_child_under_a: {"contributor_a", "referent_a", "moderator", "admin"},
    add_child_under_b: {"moderator", "admin"},
    publish_in_a: {"moderator", "admin"},
    approve_step_1_of_a: {"referent_a", "moderator", "admin"},
    approve_step_1_of_b: {"moderator", "admin"},
    approve_step_2: {"moderator", "admin"},
    page_chooser_lists_pages_of_b: {"moderator", "admin"},
    choose_image_of_b: {"moderator", "admin"},
    edit_collectivity_snippet: {"moderator", "admin"},
    change_site_settings: {"moderator", "admin"},
    manage_users: {"admin"},
    manage_workflows: {"admin"},
}


@pytest.mark.parametrize("action", list(MATRIX), ids=lambda action: action.__name__)
def test_permission_matrix(client, world, action):
    """Each role tries the action on the same state (rolled back after each try)."""
    answers = {}
    for role in ROLES:
        with transaction.atomic():
            client.logout()
            login(client, world, role)
            answers[role] = action(client, world)
            transaction.set_rollback(True)
    expected = {role: role in MATRIX[action] for role in ROLES}
    assert answers == expected, "permis (True) ou refusé (False), rôle par rôle"


# --- what a contributor does see --------------------------------------------------------


def test_contributor_chooses_own_pages_and_live_emi_pages(client, world):
    from news.models import NewsPage

    emi_news = NewsPage(title="Nouvelle promotion de l'EMI", summary="Une promotion.")
    world.news_index.add_child(instance=emi_news)
    emi_news.save_revision().publish()
    emi_draft = NewsPage(title="Brouillon de l'équipe EMI", summary="Pas encore prêt.", live=False)
    world.news_index.add_child(instance=emi_draft)
    emi_draft.save_revision()

    client.force_login(world.people.contributor_a)
    index_html = response_html(
        client.get(reverse("wagtailadmin_choose_page_child", args=[world.news_index.pk]))
    )
    section_html = response_html(
        client.get(reverse("wagtailadmin_choose_page_child", args=[world.section_a.pk]))
    )

    assert "Département de l&#x27;Aube" in index_html  # own section, to browse into
    assert "Nouvelle promotion de l&#x27;EMI" in index_html  # EMI's live news, to link to
    assert "Brouillon de l&#x27;équipe EMI" not in index_html
    assert "Forum des agents de l&#x27;Aube" in section_html
    assert "Atelier usagers" in section_html  # own drafts in moderation


def test_contributor_image_chooser_lists_own_collection(client, world, space_a):
    make_image(space_a.collection, "Forum de l'Aube en images")
    client.force_login(world.people.contributor_a)
    html = response_html(client.get(reverse("wagtailimages_chooser:choose")))
    assert "Forum de l&#x27;Aube en images" in html
    assert "Vélos devant la mairie de Beauvais" not in html


def upload_image(client, collection, title):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.images.tests.utils import get_test_image_file

    image_file = get_test_image_file(filename="envoi.png")
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": title,
            "file": SimpleUploadedFile("envoi.png", image_file.file.getvalue(), "image/png"),
            "collection": collection.pk,
            "alt_text": title,
            "tags": "",
        },
    )


def test_contributor_uploads_to_own_collection_only(client, world, space_a, space_b):
    client.force_login(world.people.contributor_a)
    # A single collection is allowed: the form offers no choice, even if one is posted.
    response = upload_image(client, space_b.collection, "Envoi chez Beauvais")
    assert response.status_code == 302
    image = CustomImage.objects.get(title="Envoi chez Beauvais")
    assert image.collection_id == space_a.collection.pk
    assert image.uploaded_by_user == world.people.contributor_a
    assert (
        not CustomImage.objects.filter(collection=space_b.collection)
        .exclude(pk=world.image_b.pk)
        .exists()
    )


def test_contributor_cannot_edit_an_image_of_b(client, world):
    client.force_login(world.people.contributor_a)
    response = client.get(reverse("wagtailimages:edit", args=[world.image_b.pk]))
    assert is_denied(response)


def test_document_chooser_is_limited_to_own_collection(client, world, space_a, space_b):
    from django.core.files.base import ContentFile

    Document = get_document_model()
    Document.objects.create(
        title="Compte rendu de l'Aube",
        collection=space_a.collection,
        file=ContentFile(b"%PDF-1.4 a", name="aube.pdf"),
    )
    Document.objects.create(
        title="Compte rendu de Beauvais",
        collection=space_b.collection,
        file=ContentFile(b"%PDF-1.4 b", name="beauvais.pdf"),
    )
    client.force_login(world.people.contributor_a)
    html = response_html(client.get(reverse("wagtaildocs_chooser:choose")))
    assert "Compte rendu de l&#x27;Aube" in html
    assert "Compte rendu de Beauvais" not in html


def test_contributor_gets_no_publish_button(client, world):
    client.force_login(world.people.contributor_a)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[world.live_a.pk])).content.decode()
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html
    assert "Modération — Département de l&#x27;Aube" in html

    client.force_login(world.people.moderator)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[world.live_a.pk])).content.decode()
    assert 'name="action-publish"' in html


def test_contributor_cannot_delete_a_published_page(client, world):
    client.force_login(world.people.contributor_a)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[world.live_a.pk]))
    assert is_denied(response)
    world.live_a.refresh_from_db()
    assert world.live_a.live


def test_contributor_explorer_shows_only_own_section(client, world):
    client.force_login(world.people.contributor_a)
    html = client.get(reverse("wagtailadmin_explore", args=[world.news_index.pk])).content.decode()
    assert "Département de l&#x27;Aube" in html
    assert "Ville de Beauvais" not in html
    assert (
        is_denied(client.get(reverse("wagtailadmin_explore", args=[world.section_b.pk])))
        or "Fête du vélo"
        not in client.get(
            reverse("wagtailadmin_explore", args=[world.section_b.pk]), follow=True
        ).content.decode()
    )


def test_contributor_cannot_add_directly_under_an_index(client, world):
    url = reverse("wagtailadmin_pages:add", args=("news", "newspage", world.news_index.pk))
    client.force_login(world.people.contributor_a)
    assert is_denied(client.get(url))
