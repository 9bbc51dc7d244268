"""Public pages refuse every frame (X-Frame-Options: DENY, frame-ancestors 'none'), yet an
editor still sees the live preview of a page in the admin's frame."""

from home.models import LegalPage


def test_an_editor_sees_the_preview_of_a_page_in_the_admin(page):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("apercu", "apercu@example.org", "mot-de-passe-solide")
    legal = LegalPage.objects.get(slug="mentions-legales")
    page.goto("/admin/login/")
    page.fill("#id_username", "apercu")
    page.fill("#id_password", "mot-de-passe-solide")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto(f"/admin/pages/{legal.pk}/edit/")
    page.click('[data-side-panel-toggle="preview"]')
    # Wagtail swaps the preview iframe once loaded: locate it afresh, never hold a handle.
    # While it swaps, two iframes exist for a moment: the newest one is the live preview.
    heading = page.frame_locator("iframe[data-w-preview-target='iframe']").last.locator("h1").first
    assert legal.title in heading.inner_text(timeout=30000)
    # The `page` fixture fails the test on any CSP violation (a refused frame is one).
