"""Builders for the news tests: collectivités with sections, news, events, trainings."""

import datetime
import html
import itertools
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django.utils.text import slugify

from cms.models import Collectivity
from news.models import (
    CallForCandidatesPage,
    EventIndexPage,
    EventPage,
    EventSectionPage,
    NewsIndexPage,
    NewsPage,
    NewsSectionPage,
    TopicProposalPage,
    TrainingIndexPage,
)
from tests.factories.whole_site import TrainingPageFactory

PARIS = ZoneInfo("Europe/Paris")
_counter = itertools.count(1)


def paris(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_news(parent, title=None, date=None, tags=(), **fields):
    title = title or f"Actualité {next(_counter)}"
    page = NewsPage(
        title=title,
        slug=fields.pop("slug", slugify(title)),
        date=date or datetime.date(2026, 11, 2),
        summary=fields.pop("summary", f"Résumé de « {title} »."),
        **fields,
    )
    for tag in tags:
        page.tags.add(tag)
    return publish(parent, page)


def add_event(parent, title=None, start=None, end=None, **fields):
    title = title or f"Événement {next(_counter)}"
    start = start or timezone.now() + datetime.timedelta(days=10)
    end = end or start + datetime.timedelta(hours=2)
    defaults = {
        "event_type": "atelier",
        "summary": f"Présentation de « {title} ».",
        "place_name": "Hôtel du Département",
        "address": "2 avenue du Parc, 95000 Cergy",
    }
    defaults.update(fields)
    page = EventPage(
        title=title,
        slug=defaults.pop("slug", slugify(title)),
        start=start,
        end=end,
        **defaults,
    )
    return publish(parent, page)


def add_collectivity(name, slug=None):
    collectivity, _ = Collectivity.objects.get_or_create(
        name=name, defaults={"slug": slug or slugify(name)}
    )
    return collectivity


def add_section(index, section_class, collectivity):
    existing = section_class.objects.child_of(index).filter(collectivity=collectivity).first()
    if existing:
        return existing
    section = section_class(
        title=collectivity.name, slug=collectivity.slug, collectivity=collectivity
    )
    return publish(index, section)


@pytest.fixture
def news_index(demo_site_pages):
    return NewsIndexPage.objects.get()


@pytest.fixture
def event_index(demo_site_pages):
    return EventIndexPage.objects.get()


@pytest.fixture
def somme():
    return add_collectivity("Département de la Somme", "somme")


@pytest.fixture
def somme_news_section(news_index, somme):
    return add_section(news_index, NewsSectionPage, somme)


@pytest.fixture
def somme_event_section(event_index, somme):
    return add_section(event_index, EventSectionPage, somme)


@pytest.fixture
def trainings(demo_site_pages):
    """/formations/ with the long training, its call (open on 2026-11-22) and the topic form."""
    index = publish(
        demo_site_pages,
        TrainingIndexPage(title="Formations", slug="formations", intro="Trois formations."),
    )
    training = TrainingPageFactory(parent=index)
    call = CallForCandidatesPage(
        title="Appel à candidatures : promotion 2027",
        slug="appel-2027",
        opening_date=datetime.date(2026, 11, 1),
        closing_date=datetime.date(2026, 12, 15),
        places=24,
        to_address="emi-candidatures@example.org",
    )
    call.form_fields.add(
        call.form_fields.model(
            label="Téléphone", field_type="singleline", required=False, sort_order=0
        )
    )
    publish(training, call)
    topic_page = publish(
        index,
        TopicProposalPage(
            title="Proposer un sujet", slug="proposer-un-sujet", to_address="emi@example.org"
        ),
    )
    return {"index": index, "training": training, "call": call, "topic_page": topic_page}


@pytest.fixture
def frozen_now(monkeypatch):
    """Freeze django.utils.timezone.now() at a given aware datetime: frozen_now(dt)."""

    def freeze(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return freeze


def page_text(response):
    """The response's HTML with entities decoded, as a reader (or a screen reader) gets it."""
    return html.unescape(response.content.decode())
