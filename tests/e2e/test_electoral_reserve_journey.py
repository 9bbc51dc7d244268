"""A moderator sets the pre-election period in the site settings: every admin page then
shows its banner (no axe violation), and the public page loses the élu's quote."""

import datetime
import re

from cms import electoral_reserve
from cms.roles import moderators_group
from news.models import NewsIndexPage
from tests.cms.editorial import PASSWORD, make_user
from tests.cms.reserve_helpers import MARKED_QUOTE, UNMARKED_QUOTE, add_marked_news
from tests.e2e.conftest import assert_no_axe_violations

BANNER = "les blocs marqués « promotion institutionnelle » sont masqués sur le site public"


def test_a_moderator_starts_the_period_and_the_admin_shows_its_banner(page, live_site):
    from wagtail.models import Site

    make_user("moderatrice-reserve", moderators_group())
    news = add_marked_news(NewsIndexPage.objects.get())
    site = Site.objects.get(is_default_site=True)
    today = electoral_reserve.today()

    page.goto("/admin/login/")
    page.fill("#id_username", "moderatrice-reserve")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))
    assert page.locator(".emi-reserve-banner").count() == 0

    page.goto(f"/admin/settings/cms/sitesettings/{site.pk}/")
    page.fill("#id_electoral_reserve_start", (today - datetime.timedelta(days=1)).isoformat())
    page.fill("#id_electoral_reserve_end", (today + datetime.timedelta(days=30)).isoformat())
    page.keyboard.press("Escape")  # close the date picker
    page.get_by_role("button", name="Enregistrer").first.click()
    banner = page.get_by_role("status").filter(has_text="Période de réserve électorale")
    banner.wait_for()
    assert BANNER in banner.inner_text()
    assert banner.is_visible()
    # Wagtail's confirmation fades in: axe reads its colours once it has appeared.
    page.wait_for_timeout(1500)
    assert_no_axe_violations(page)

    page.goto("/admin/")
    assert page.get_by_role("status").filter(has_text=BANNER).is_visible()
    assert_no_axe_violations(page)
    page.goto("/admin/pages/")
    assert page.get_by_role("status").filter(has_text=BANNER).is_visible()

    page.context.clear_cookies()
    page.goto(news.url)
    main = page.locator("main").inner_text()
    assert UNMARKED_QUOTE in main
    assert MARKED_QUOTE not in main
