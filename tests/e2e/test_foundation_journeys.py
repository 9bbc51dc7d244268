from tests.e2e.conftest import assert_no_axe_violations


def test_home_page_is_accessible(page):
    response = page.goto("/")
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)
