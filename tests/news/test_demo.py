"""The demo section of issue 5: what load_demo promises, and a second run changes nothing."""

import datetime

import pytest
from django.utils import timezone

from home.demo import news as demo_news
from home.demo import projects as demo_projects
from news.models import (
    CallForCandidatesPage,
    EventPage,
    NewsPage,
    PostJuryAnnouncementPage,
    TrainingPage,
)
from tests.demo_report import quiet_report

pytestmark = pytest.mark.django_db


def test_demo_news_events_trainings_and_open_call(demo_site_pages):
    demo_projects.load(quiet_report())
    report = quiet_report()
    demo_news.load(report)
    assert report.created > 0

    assert NewsPage.objects.live().count() >= 8
    assert PostJuryAnnouncementPage.objects.live().count() == 1
    announcement = PostJuryAnnouncementPage.objects.get()
    assert announcement.retained_topics.count() == 2
    assert all(topic.project.live for topic in announcement.retained_topics.all())

    events = EventPage.objects.live()
    assert events.count() >= 8
    meeting = events.get(slug="rencontre-alumni-2023")
    assert timezone.localtime(meeting.start).date() == datetime.date(2023, 11, 17)
    upcoming = events.filter(end__gte=timezone.now())
    assert upcoming.filter(event_type="club").count() >= 2
    assert upcoming.filter(title__icontains="Mois de l'innovation publique").exists()
    assert upcoming.filter(status="annule").exists()
    assert any(event.is_full for event in upcoming)
    assert upcoming.filter(event_type="rencontre-alumni", registration_mode="formulaire").exists()

    assert set(TrainingPage.objects.values_list("kind", flat=True)) == {
        "decouverte",
        "courte",
        "longue",
    }
    call = CallForCandidatesPage.objects.get()
    assert call.get_parent().specific.kind == "longue"
    assert call.is_open

    second = quiet_report()
    demo_news.load(second)
    assert second.created == 0


def test_demo_news_without_the_project_bank_skips_the_announcement(demo_site_pages):
    lines = []
    report = quiet_report()
    report.write = lines.append
    demo_news.load(report)
    assert PostJuryAnnouncementPage.objects.count() == 0
    assert any("annonce post-jury non créée" in line for line in lines)
    assert NewsPage.objects.live().count() >= 8
