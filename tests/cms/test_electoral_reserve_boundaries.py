"""The start and the end of the pre-election period need no publication: the page cache
keeps no page past the next boundary, `apply_electoral_reserve` (cron) clears the cache
of a site whose period just started or ended, and the admin says when the period runs."""

import datetime
import io

import pytest
from django.core.management import call_command

from cms import electoral_reserve
from news.models import NewsIndexPage
from tests.news.conftest import page_text

from .editorial import PASSWORD, make_user
from .reserve_helpers import MARKED_QUOTE, add_marked_news, set_period

pytestmark = pytest.mark.django_db

BANNER = "les blocs marqués « promotion institutionnelle » sont masqués sur le site public"


@pytest.fixture
def news(demo_site_pages, settings):
    settings.PAGE_CACHE_ENABLED = True
    return add_marked_news(NewsIndexPage.objects.get())


@pytest.fixture
def clock(monkeypatch):
    """Move the period's clock: clock(days=1, seconds=5) is that long after now."""
    start = electoral_reserve.now()

    def move(**delta):
        moment = start + datetime.timedelta(**delta)
        monkeypatch.setattr(electoral_reserve, "now", lambda: moment)
        return moment

    return move


def seconds_to_midnight():
    now = electoral_reserve.now()
    tomorrow = electoral_reserve.today() + datetime.timedelta(days=1)
    return (electoral_reserve.midnight(tomorrow) - now).total_seconds()


def test_a_page_cached_before_the_start_is_not_served_after_it(news, client, site, clock):
    set_period(site, start=1, end=30)
    first = client.get(news.url)
    assert first["X-Cache"] == "miss" and MARKED_QUOTE in page_text(first)
    assert client.get(news.url)["X-Cache"] == "hit"
    clock(seconds=seconds_to_midnight() + 1)
    after = client.get(news.url)
    assert after["X-Cache"] == "miss"
    assert MARKED_QUOTE not in page_text(after)


def test_a_page_cached_during_the_period_is_not_served_after_its_end(news, client, site, clock):
    set_period(site, start=-3, end=0)
    assert MARKED_QUOTE not in page_text(client.get(news.url))
    assert client.get(news.url)["X-Cache"] == "hit"
    clock(seconds=seconds_to_midnight() + 1)
    after = client.get(news.url)
    assert after["X-Cache"] == "miss"
    assert MARKED_QUOTE in page_text(after)


def test_a_page_is_cached_as_usual_far_from_any_boundary(news, client, site, clock, settings):
    # Entries kept longer than the three days the clock moves: only a boundary could end it.
    settings.PAGE_CACHE_TIMEOUT = 4 * 86400
    set_period(site, start=-30, end=-1)
    client.get(news.url)
    clock(days=3)
    assert client.get(news.url)["X-Cache"] == "hit"


def test_a_change_of_the_dates_clears_the_cached_pages(news, client, site):
    client.get(news.url)
    assert client.get(news.url)["X-Cache"] == "hit"
    set_period(site, start=0)
    after = client.get(news.url)
    assert after["X-Cache"] == "miss"
    assert MARKED_QUOTE not in page_text(after)


def test_the_command_clears_the_cache_when_the_period_starts_and_ends(news, client, site, clock):
    """It clears through page_cache.invalidate_site, which bans the edge cache too."""
    set_period(site, start=1, end=1)

    def run():
        out = io.StringIO()
        call_command("apply_electoral_reserve", stdout=out)
        return out.getvalue()

    run()  # the first run records the state
    client.get(news.url)
    assert run() == ""
    assert client.get(news.url)["X-Cache"] == "hit"
    clock(days=1)
    client.get(news.url)
    assert "Période de réserve électorale en cours" in run()
    assert client.get(news.url)["X-Cache"] == "miss"
    assert run() == ""
    clock(days=2)
    client.get(news.url)
    assert "hors période" in run()
    assert client.get(news.url)["X-Cache"] == "miss"


# --- the admin --------------------------------------------------------------------------


@pytest.fixture
def moderator_client(client, site):
    make_user("moderatrice-reserve", superuser=True)
    client.login(username="moderatrice-reserve", password=PASSWORD)
    return client


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/"])
def test_every_admin_page_shows_the_banner_while_the_period_runs(
    demo_site_pages, moderator_client, site, path
):
    set_period(site, datetime.date(2026, 9, 1), datetime.date(2099, 3, 15))
    text = page_text(moderator_client.get(path))
    assert 'class="emi-reserve-banner" role="status"' in text
    assert "Période de réserve électorale du 1er septembre 2026 au 15 mars 2099" in text
    assert BANNER in text
    assert f'href="/admin/settings/cms/sitesettings/{site.pk}/"' in text


def test_the_banner_is_absent_outside_the_period(demo_site_pages, moderator_client, site):
    assert BANNER not in page_text(moderator_client.get("/admin/"))
    set_period(site, start=5, end=10)
    assert BANNER not in page_text(moderator_client.get("/admin/"))
    set_period(site, start=-10, end=-5)
    assert BANNER not in page_text(moderator_client.get("/admin/"))


def test_the_settings_form_refuses_an_end_before_the_start(demo_site_pages, moderator_client, site):
    url = f"/admin/settings/cms/sitesettings/{site.pk}/"
    form = moderator_client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(electoral_reserve_start="2027-03-10", electoral_reserve_end="2027-03-01")
    response = moderator_client.post(url, data)
    assert response.status_code == 200
    assert "La fin de la période de réserve ne peut pas précéder son début." in page_text(response)
    assert "2027-03-10" in page_text(response)


def test_the_dashboard_lists_the_pages_with_marked_blocks(news, moderator_client, site):
    assert "Période de réserve électorale" not in page_text(moderator_client.get("/admin/"))
    set_period(site, start=3, end=40)
    text = page_text(moderator_client.get("/admin/"))
    assert "1 page publiée porte des blocs marqués « promotion institutionnelle »" in text
    assert "qui seront masqués au public" in text
    assert f'href="/admin/pages/{news.pk}/edit/">{news.title}</a>' in text
    set_period(site, start=-3, end=40)
    assert "masqués au public :" in page_text(moderator_client.get("/admin/"))


def test_a_page_computed_across_the_start_is_not_stored(news, client, site, clock, monkeypatch):
    set_period(site, start=1, end=30)
    before_midnight = clock(seconds=seconds_to_midnight() - 1)
    calls = []
    real_today = electoral_reserve.today

    def today():
        # The middleware reads the day first; the page is computed after midnight.
        calls.append(1)
        if len(calls) > 1:
            monkeypatch.setattr(
                electoral_reserve, "now", lambda: before_midnight + datetime.timedelta(seconds=2)
            )
        return real_today()

    monkeypatch.setattr(electoral_reserve, "today", today)
    first = client.get(news.url)
    assert MARKED_QUOTE not in page_text(first)
    assert first["X-Cache"] == "bypass"
