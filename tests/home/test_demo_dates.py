"""The demo's events and deadlines fall on working days, whatever the day it is loaded."""

import datetime

import pytest
from django.utils import timezone

from home.demo import news as demo_news
from home.demo import projects as demo_projects
from home.demo.helpers import is_working_day, load_data, working_day
from news.models import CallForCandidatesPage, EventPage
from tests.demo_report import quiet_report


@pytest.mark.parametrize(
    "day, expected",
    [
        (datetime.date(2026, 12, 5), datetime.date(2026, 12, 7)),  # Saturday -> Monday
        (datetime.date(2026, 12, 7), datetime.date(2026, 12, 7)),  # a Monday stays
        (datetime.date(2026, 12, 24), datetime.date(2026, 12, 28)),  # 24, 25 Dec, weekend
        (datetime.date(2026, 12, 31), datetime.date(2027, 1, 4)),  # 31 Dec, 1 Jan, weekend
        (datetime.date(2027, 5, 6), datetime.date(2027, 5, 7)),  # Ascension Thursday
        (datetime.date(2027, 7, 14), datetime.date(2027, 7, 15)),  # Fête nationale
    ],
)
def test_working_day_skips_weekends_public_holidays_and_christmas_eve(day, expected):
    assert working_day(day) == expected


def event_days(today):
    for record in load_data("events")["events"]:
        for moment in (record["start"], record["end"]):
            if isinstance(moment, dict):
                yield record["slug"], demo_news.event_time(moment).date()
            else:
                yield record["slug"], datetime.datetime.fromisoformat(moment).date()


@pytest.mark.parametrize("offset", range(0, 366, 7))
def test_every_demo_event_falls_on_a_working_day(monkeypatch, offset):
    # 53 load days spread over a year, each weekday in turn (7 does not divide 366 - 7k).
    today = datetime.date(2026, 12, 1) + datetime.timedelta(days=offset + offset // 7 % 7)
    monkeypatch.setattr(demo_news, "_today", lambda: today)
    off_days = [(slug, day) for slug, day in event_days(today) if not is_working_day(day)]
    assert off_days == []


@pytest.mark.django_db
def test_loaded_on_a_saturday_before_christmas_the_demo_avoids_days_off(
    monkeypatch, demo_site_pages
):
    monkeypatch.setattr(demo_news, "_today", lambda: datetime.date(2026, 12, 19))
    demo_projects.load(quiet_report())
    demo_news.load(quiet_report())
    days = [timezone.localtime(event.start).date() for event in EventPage.objects.all()]
    call = CallForCandidatesPage.objects.get()
    days += [call.opening_date, call.closing_date]
    assert len(days) > 10
    assert [day for day in days if not is_working_day(day)] == []
