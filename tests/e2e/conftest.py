"""Browser journeys: Playwright for Python driving Debian's chromium, never a download.

Without /usr/bin/chromium the journeys are skipped with a one-line reason, except in CI
(the CI variable is set), where a missing browser is a failure.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import ensure_wagtail_roots
from tests.demo_report import quiet_report

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Playwright's sync API runs an event loop; Django refuses ORM calls from it otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    browser_present = Path(CHROMIUM).exists() or shutil.which(CHROMIUM)
    for item in items:
        if "tests/e2e/" not in str(item.fspath).replace(os.sep, "/"):
            continue
        item.add_marker(pytest.mark.e2e)
        if not browser_present and not os.environ.get("CI"):
            item.add_marker(
                pytest.mark.skip(
                    reason=f"navigateur absent ({CHROMIUM}) : apt-get install chromium"
                )
            )


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"CI sans navigateur : {CHROMIUM} est introuvable (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


class BrowserPage:
    """A Playwright page plus what the journey must not produce: CSP violations."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.csp_violations = []
        page.on("console", self._on_console)

    def _on_console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp_violations.append(message.text)

    def goto(self, path):
        response = self.page.goto(self.base_url + path)
        return response

    def __getattr__(self, name):
        return getattr(self.page, name)


@pytest.fixture
def live_site(live_server, transactional_db):
    """The live server with the demo frame rebuilt (the flush of each test deleted it)."""
    from home.demo import site as demo_site

    ensure_wagtail_roots()
    demo_site.load(quiet_report())
    return live_server


@pytest.fixture
def page(browser, live_site):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    browser_page = BrowserPage(context.new_page(), live_site.url)
    yield browser_page
    context.close()
    assert not browser_page.csp_violations, "Violations CSP : " + "\n".join(
        browser_page.csp_violations
    )


def assert_no_axe_violations(page):
    """Run axe-core (WCAG 2.1 A and AA) on the current page; fail with the violations."""
    from axe_playwright_python.sync_playwright import Axe

    target = page.page if isinstance(page, BrowserPage) else page
    results = Axe().run(
        target,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    violations = results.response.get("violations", [])
    if violations:
        lines = []
        for violation in violations:
            targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']} → {targets}"
            )
        pytest.fail(f"axe : {len(violations)} violation(s) sur {target.url}\n" + "\n".join(lines))
