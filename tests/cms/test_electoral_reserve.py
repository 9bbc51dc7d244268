"""The pre-election period (cms.electoral_reserve): its dates in the site settings, and
the blocks marked « promotion institutionnelle » hidden from the public while it runs
(pages, feeds, API), still shown in the admin's preview under a note."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cms import electoral_reserve
from cms.electoral_reserve import PARIS, Period
from cms.models import SiteSettings
from news.models import NewsIndexPage
from projects.models import ProjectIndexPage
from tests.factories.projects import make_project, make_section
from tests.news.conftest import page_text

from .reserve_helpers import (
    MARKED_CTA,
    MARKED_QUOTE,
    UNMARKED_QUOTE,
    add_marked_news,
    quote,
    set_period,
)

pytestmark = pytest.mark.django_db

NOTE = "Masqué au public pendant la période de réserve"


@pytest.fixture
def news(demo_site_pages):
    return add_marked_news(NewsIndexPage.objects.get())


# --- the setting ------------------------------------------------------------------------


def test_the_end_of_the_period_may_not_precede_its_start(site):
    settings = SiteSettings.for_site(site)
    settings.electoral_reserve_start = datetime.date(2027, 9, 1)
    settings.electoral_reserve_end = datetime.date(2027, 8, 31)
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    assert error.value.message_dict["electoral_reserve_end"] == [
        "La fin de la période de réserve ne peut pas précéder son début."
    ]


def test_an_end_without_a_start_is_refused_in_french(site):
    settings = SiteSettings.for_site(site)
    settings.electoral_reserve_end = datetime.date(2027, 8, 31)
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    assert error.value.message_dict["electoral_reserve_start"] == [
        "Indiquez le premier jour de la période de réserve."
    ]


def test_both_dates_are_optional_and_a_one_day_period_is_valid(site):
    settings = SiteSettings.for_site(site)
    settings.host_name = "Hébergeur de test"
    settings.full_clean()
    settings.electoral_reserve_start = settings.electoral_reserve_end = datetime.date(2027, 3, 1)
    settings.full_clean()
    help_text = SiteSettings._meta.get_field("electoral_reserve_start").help_text
    assert "L.52-1" in help_text and "six mois" in help_text


def test_the_period_runs_from_its_first_to_its_last_day_included(site):
    period = Period(datetime.date(2027, 3, 1), datetime.date(2027, 3, 31))
    assert not period.running_on(datetime.date(2027, 2, 28))
    assert period.running_on(datetime.date(2027, 3, 1))
    assert period.running_on(datetime.date(2027, 3, 31))
    assert not period.running_on(datetime.date(2027, 4, 1))
    assert period.next_boundary(datetime.date(2027, 2, 10)) == datetime.datetime(
        2027, 3, 1, tzinfo=PARIS
    )
    assert period.next_boundary(datetime.date(2027, 3, 10)) == datetime.datetime(
        2027, 4, 1, tzinfo=PARIS
    )
    assert period.next_boundary(datetime.date(2027, 4, 1)) is None
    assert Period(datetime.date(2027, 3, 1)).running_on(datetime.date(2030, 1, 1))
    assert not Period().running_on(datetime.date(2027, 3, 1))


def test_whether_the_period_runs_is_decided_on_the_paris_date(site, monkeypatch):
    set_period(site, datetime.date(2027, 3, 1), datetime.date(2027, 3, 31))
    # 23:30 UTC on 28 February is already 1 March in Paris.
    moment = datetime.datetime(2027, 2, 28, 23, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(electoral_reserve, "now", lambda: moment)
    assert electoral_reserve.is_running(site)
    assert not electoral_reserve.is_running(site, datetime.date(2027, 2, 28))


# --- the public site --------------------------------------------------------------------


def test_marked_blocks_are_shown_outside_the_period(news, client, site):
    set_period(site, start=10, end=40)
    text = page_text(client.get(news.url))
    assert MARKED_QUOTE in text and MARKED_CTA in text and UNMARKED_QUOTE in text
    assert NOTE not in text


def test_marked_blocks_are_hidden_during_the_period_and_the_others_stay(news, client, site):
    set_period(site, start=-1, end=30)
    response = client.get(news.url)
    assert response.status_code == 200
    text = page_text(response)
    assert MARKED_QUOTE not in text
    assert MARKED_CTA not in text
    assert UNMARKED_QUOTE in text
    assert "Ce que le projet a changé." in text
    assert NOTE not in text
    # No empty wrapper is left where the blocks were.
    assert 'class="w-block-quote block-quote"></div>' not in text


def test_the_period_ends_after_its_last_day(news, client, site):
    set_period(site, start=-30, end=-1)
    assert MARKED_QUOTE in page_text(client.get(news.url))


def test_the_feed_never_carries_a_marked_block(news, client, site):
    """Feeds carry each item's title and summary, never its body."""
    set_period(site, start=-1, end=30)
    feed = page_text(client.get("/actualites/rss/"))
    assert news.title in feed
    assert MARKED_QUOTE not in feed and MARKED_CTA not in feed


def test_the_api_leaves_marked_blocks_out_of_the_body_during_the_period(news, client, site):
    def body_types():
        answer = client.get(f"/api/v2/pages/{news.pk}/")
        assert answer.status_code == 200
        return [block["type"] for block in answer.json()["body"]]

    assert body_types() == ["paragraph", "quote", "quote", "call_to_action"]
    set_period(site, start=0)
    assert body_types() == ["paragraph", "quote"]
    answer = client.get(f"/api/v2/pages/{news.pk}/").json()
    assert answer["body"][1]["value"]["quote"] == UNMARKED_QUOTE


def test_the_admin_preview_shows_marked_blocks_under_a_note(news, site):
    set_period(site, start=-1, end=30)
    text = page_text(news.make_preview_request())
    assert MARKED_QUOTE in text and MARKED_CTA in text
    assert text.count(NOTE) == 2


def test_a_hidden_main_button_of_the_home_page_leaves_the_next_one_first(
    demo_site_pages, client, site
):
    home = demo_site_pages
    news_index = NewsIndexPage.objects.get()
    home.calls_to_action = [
        {
            "type": "button",
            "value": {
                "label": "Le bilan du mandat",
                "page": news_index.pk,
                "institutional_promotion": True,
            },
        },
        {"type": "button", "value": {"label": "Lire les actualités", "page": news_index.pk}},
    ]
    home.save_revision().publish()
    text = page_text(client.get("/"))
    assert "Le bilan du mandat" in text
    assert '<a class="button button--secondary" href="/actualites/">Lire les actualités' in text
    set_period(site, start=0, end=0)
    text = page_text(client.get("/"))
    assert "Le bilan du mandat" not in text
    assert '<a class="button" href="/actualites/">Lire les actualités</a>' in text


def test_a_marked_quote_among_a_project_s_solutions_is_hidden_too(demo_site_pages, client, site):
    section = make_section(ProjectIndexPage.objects.get(), "Département de l'Aube")
    project = make_project(
        section,
        other_programme="Un laboratoire d'innovation",
        solutions=[quote(MARKED_QUOTE, True), quote(UNMARKED_QUOTE, False)],
    )
    assert MARKED_QUOTE in page_text(client.get(project.url))
    set_period(site, start=0)
    text = page_text(client.get(project.url))
    assert MARKED_QUOTE not in text and UNMARKED_QUOTE in text
