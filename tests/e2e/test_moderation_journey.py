"""A contributor's news goes live through both moderation steps, clicked in the admin."""

import re

import pytest
from django.contrib.auth import get_user_model

from cms.collectivities import ensure_collectivity_space
from cms.roles import moderators_group
from tests.e2e.conftest import assert_no_axe_violations

PASSWORD = "Un-mot-de-passe-de-demo-2026"


def make_user(username, group):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.test", password=PASSWORD
    )
    user.groups.add(group)
    return user


@pytest.fixture
def space(live_site):
    space = ensure_collectivity_space(
        "Département du Val-d'Oise", short_name="Val-d'Oise", joined_year=2015
    )
    make_user("contributrice", space.contributors_group)
    make_user("referent", space.referents_group)
    make_user("moderatrice", moderators_group())
    return space


def log_in(page, username):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def open_action_menu(page):
    page.locator("footer .w-dropdown__toggle, [data-w-dropdown-target='toggle']").last.click()


def flash_message(page):
    """The text of the admin's messages area (Wagtail's w-messages controller)."""
    return page.locator("div.messages[data-controller='w-messages']").inner_text()


def approve_from_edit_view(page, page_id):
    page.goto(f"/admin/pages/{page_id}/edit/")
    open_action_menu(page)
    # "Approuver" (the one without a comment modal) in the action menu.
    with page.expect_navigation():
        page.locator(
            "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
        ).click()


@pytest.mark.e2e
def test_contributor_news_goes_live_after_both_approvals(page, space):
    from news.models import NewsPage

    # The contributor starts from her dashboard, in her collectivité's space.
    log_in(page, "contributrice")
    panel = page.locator("#collectivity-spaces-section")
    assert panel.get_by_text("Département du Val-d'Oise").count() >= 1
    panel.locator("li", has_text="Actualités").get_by_role("link", name="Ajouter une page").click()
    page.get_by_role("link", name="Actualité", exact=True).click()

    page.fill("#id_title", "Le laboratoire d'innovation ouvre ses portes")
    page.fill("#id_summary", "Les agents du Val-d'Oise présentent leurs prototypes au public.")
    open_action_menu(page)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Soumettre à Modération")).click()

    news = NewsPage.objects.get(title="Le laboratoire d'innovation ouvre ses portes")
    assert news.workflow_in_progress and not news.live

    # Step 1: the référent approves; step 2: the EMI moderator approves.
    log_in(page, "referent")
    assert page.get_by_text("Le laboratoire d'innovation ouvre ses portes").count() >= 1
    approve_from_edit_view(page, news.pk)
    news.refresh_from_db()
    assert not news.live
    assert news.current_workflow_task.name == "Validation EMI"
    # The message says what happened, not "a été mise à jour".
    message = flash_message(page)
    assert "approuvée" in message and "Validation EMI" in message, message

    log_in(page, "moderatrice")
    approve_from_edit_view(page, news.pk)
    news.refresh_from_db()
    assert news.live
    assert "approuvée et publiée" in flash_message(page)

    # The public sees it, in an accessible page.
    page.context.clear_cookies()
    response = page.goto(news.url)
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Le laboratoire d'innovation ouvre ses portes"
    assert_no_axe_violations(page)

    response = page.goto("/actualites/val-d-oise/")
    assert response.status == 200
    assert page.get_by_text("Le laboratoire d'innovation ouvre ses portes").count() >= 1
    assert_no_axe_violations(page)
