"""Journeys of the site's frame: every page type is accessible and keyboard-usable."""

import pytest
from wagtail.contrib.forms.models import FormSubmission

from tests.e2e.conftest import assert_no_axe_violations


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/l-emi/",
        "/l-emi/methode/",
        "/mentions-legales/",
        "/accessibilite/",
        "/donnees-personnelles/",
        "/plan-du-site/",
        "/contact/",
    ],
)
def test_pages_have_one_h1_and_no_axe_violation(page, path):
    response = page.goto(path)
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


def test_search_journey(page):
    page.goto("/")
    page.fill("#site-search-q", "methode")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/recherche/?q=methode")
    assert page.locator(".results-count").inner_text().endswith("« methode ».")
    assert page.locator(".search-result a", has_text="Notre méthode").count() == 1
    assert_no_axe_violations(page)
    page.goto("/recherche/?q=zzzyxwv")
    assert "Aucun résultat" in page.locator(".results-count").inner_text()
    assert_no_axe_violations(page)


def test_contact_journey_sends_a_message(page):
    page.goto("/contact/")
    page.get_by_label("Nom").fill("Camille Martin")
    page.get_by_label("Adresse électronique").fill("pas-une-adresse")
    page.get_by_label("Objet").fill("Rejoindre l'EMI")
    page.get_by_label("Message").fill("Notre commune souhaite rejoindre l'EMI.")
    page.get_by_role("button", name="Envoyer le message").click()
    # Server-side validation answers in French and keeps what was typed.
    assert page.locator(".form-error").first.inner_text().startswith("Saisissez une adresse")
    assert page.get_by_label("Message").input_value() == "Notre commune souhaite rejoindre l'EMI."
    assert_no_axe_violations(page)
    page.get_by_label("Adresse électronique").fill("camille.martin@example.org")
    page.get_by_role("button", name="Envoyer le message").click()
    assert page.get_by_role("status").inner_text().startswith("Merci")
    assert FormSubmission.objects.count() == 1
    assert_no_axe_violations(page)


def test_404_page(page):
    response = page.goto("/nulle-part/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page introuvable"
    assert_no_axe_violations(page)


def test_skip_link_moves_focus_to_main_content(page):
    page.goto("/l-emi/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_main_navigation_works_with_the_keyboard_alone(page):
    page.goto("/")
    for _ in range(30):
        page.keyboard.press("Tab")
        label = page.evaluate("document.activeElement.textContent.trim()")
        if label == "L'EMI":
            break
    else:
        pytest.fail("Le lien « L'EMI » du menu n'est pas atteignable au clavier")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    page.keyboard.press("Enter")
    page.wait_for_url("**/l-emi/")
    assert page.locator("h1").inner_text() == "L'EMI"


def test_small_screen_menu_toggles_with_the_keyboard(page):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/")
    toggle = page.get_by_role("button", name="Menu")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="L'EMI", exact=True).is_visible()
    assert_no_axe_violations(page)


def test_admin_works_under_its_own_csp(page):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("chef", "chef@example.org", "mot-de-passe-solide")
    page.goto("/admin/login/")
    page.fill("#id_username", "chef")
    page.fill("#id_password", "mot-de-passe-solide")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto("/admin/pages/")
    assert page.locator("main").count() >= 1
    # The `page` fixture fails the test if the browser reported any CSP violation.


def test_contact_page_reflows_at_320_pixels(page):
    """WCAG 1.4.10: at 320 CSS pixels the contact form needs no horizontal scrolling."""
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/contact/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.get_by_role("button", name="Envoyer le message").is_visible()
