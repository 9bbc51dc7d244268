"""News, post-jury announcement, agenda, trainings and the open call for the long training.

Records in data/trainings.yaml, data/news.yaml and data/events.yaml. Upcoming events and
the open call are placed relative to today, so that the demo stays current whenever it
is loaded. Idempotent: pages are looked up by slug under their parent and never
overwritten.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from cms.collectivities import ensure_editorial_roles
from cms.models import Collectivity
from home.models import HomePage
from news.models import (
    CallForCandidatesPage,
    EventIndexPage,
    EventPage,
    EventRegistration,
    EventSectionPage,
    NewsIndexPage,
    NewsPage,
    NewsSectionPage,
    PostJuryAnnouncementPage,
    PostJuryDeclinedTopic,
    PostJuryRetainedTopic,
    TopicProposalPage,
    TrainingIndexPage,
    TrainingPage,
)
from projects.models import Cohort, ProjectPage

from .helpers import (
    add_form_fields,
    child_from_record,
    fields_for,
    load_data,
    paragraph,
    stream,
    working_day,
)
from .illustrations import illustrate
from .site import load_home_calls_to_action

PARIS = ZoneInfo("Europe/Paris")


def _today():
    return timezone.localdate(timezone.now(), PARIS)


def event_time(value):
    """A Paris time from data/events.yaml: "2023-11-17 09:30", or {in_days, at} (a time
    of day, that many days from today)."""
    if isinstance(value, str):
        return datetime.datetime.fromisoformat(value).replace(tzinfo=PARIS)
    day = working_day(_today() + datetime.timedelta(days=value["in_days"]))
    time = datetime.time.fromisoformat(value["at"])
    return datetime.datetime.combine(day, time, tzinfo=PARIS)


def _section(section_class, short_name, fallback):
    """The collectivité's section under the index, or the index when it has none yet."""
    if not short_name:
        return fallback
    collectivity = Collectivity.objects.filter(short_name=short_name).first()
    if collectivity is None:
        return fallback
    section = section_class.objects.child_of(fallback).filter(collectivity=collectivity).first()
    return section.specific if section else fallback


# --- Trainings -----------------------------------------------------------------------------


def load_trainings(home, report):
    data = load_data("trainings")
    index = child_from_record(
        home,
        TrainingIndexPage,
        data,
        report,
        exclude={"trainings", "topic_proposal", "call_for_candidates"},
    )
    trainings = {}
    for record in data["trainings"]:
        record = dict(record)
        record["programme"] = [
            {"type": "module", "value": {"duration": "", "description": "", **module}}
            for module in record["programme"]
        ]
        trainings[record["slug"]] = child_from_record(index, TrainingPage, record, report)
    child_from_record(index, TopicProposalPage, data["topic_proposal"], report)
    call = data["call_for_candidates"]
    load_open_call(trainings[call["training"]], call, report)
    return index


def load_open_call(training, record, report):
    existing = training.get_children().filter(slug=record["slug"]).first()
    if existing is not None:
        report.existing_item(record["slug"])
        return existing.specific
    today = _today()
    fields = fields_for(
        CallForCandidatesPage,
        record,
        exclude={"training", "opens_in_days", "closes_in_days", "calendar", "form_fields"},
    )
    call = CallForCandidatesPage(
        opening_date=working_day(today + datetime.timedelta(days=record["opens_in_days"])),
        closing_date=working_day(today + datetime.timedelta(days=record["closes_in_days"])),
        calendar=[
            {"type": "step", "value": {"details": "", **step}} for step in record["calendar"]
        ],
        **fields,
    )
    add_form_fields(call, record["form_fields"])
    illustrate(call)
    training.add_child(instance=call)
    call.save_revision().publish()
    report.created_item(f"appel à candidatures « {call.title} » ({call.url})")
    return call


# --- News -----------------------------------------------------------------------------------


def load_news(news_index, report):
    for record in load_data("news")["news"]:
        parent = _section(NewsSectionPage, record["section"], news_index)
        if parent.get_children().filter(slug=record["slug"]).exists():
            report.existing_item(record["slug"])
            continue
        page = NewsPage(
            title=record["title"],
            slug=record["slug"],
            date=record["date"],
            summary=record["summary"],
            body=[paragraph(f"<p>{text}</p>") for text in record["paragraphs"]],
        )
        page.tags.add(*record["themes"])
        illustrate(page)
        parent.add_child(instance=page)
        page.save_revision().publish()
        report.created_item(f"actualité « {page.title} » ({page.url})")


def load_post_jury(news_index, report):
    record = load_data("news")["post_jury"]
    if news_index.get_children().filter(slug=record["slug"]).exists():
        report.existing_item(record["slug"])
        return
    wanted = record["cohort"]
    cohort = Cohort.objects.filter(
        host_collectivity__short_name=wanted["host"],
        training_type=wanted["training_type"],
        number=wanted["number"],
    ).first()
    slugs = [topic["project"] for topic in record["retained_topics"]]
    projects = {page.slug: page for page in ProjectPage.objects.filter(slug__in=slugs)}
    if cohort is None or len(projects) < len(slugs):
        report.write("  ! annonce post-jury non créée : la banque de projets n'est pas chargée")
        return
    page = PostJuryAnnouncementPage(
        title=record["title"],
        slug=record["slug"],
        date=record["date"],
        summary=record["summary"],
        cohort=cohort,
        body=stream(record["body"]),
    )
    page.tags.add(*record["themes"])
    page.retained_topics = [
        PostJuryRetainedTopic(
            project=projects[topic["project"]], jury_comment=topic["jury_comment"], sort_order=i
        )
        for i, topic in enumerate(record["retained_topics"])
    ]
    page.declined_topics = [
        PostJuryDeclinedTopic(sort_order=i, **topic)
        for i, topic in enumerate(record["declined_topics"])
    ]
    illustrate(page)
    news_index.add_child(instance=page)
    page.save_revision().publish()
    report.created_item(f"annonce post-jury « {page.title} » ({page.url})")


# --- Events -----------------------------------------------------------------------------------


def load_events(event_index, report):
    for record in load_data("events")["events"]:
        fields = dict(record)
        short_name = fields.pop("section")
        waiting = fields.pop("full_with_waiting", 0)
        fields["start"] = event_time(fields["start"])
        fields["end"] = event_time(fields["end"])
        parent = _section(EventSectionPage, short_name, event_index)
        if parent.get_children().filter(slug=fields["slug"]).exists():
            report.existing_item(fields["slug"])
            continue
        page = EventPage(**fields)
        illustrate(page)
        parent.add_child(instance=page)
        page.save_revision().publish()
        report.created_item(f"événement « {page.title} » ({page.url})")
        if waiting:
            _fill_with_demo_registrations(page, waiting)


def _fill_with_demo_registrations(event, waiting):
    """A full event: demo registrations (example.org, no email sent), then a waiting list."""
    for number in range(1, event.capacity + waiting + 1):
        EventRegistration.objects.create(
            event=event,
            name=f"Participant·e de démonstration {number}",
            email=f"participant{number}@example.org",
            status=EventRegistration.Status.CONFIRMED
            if number <= event.capacity
            else EventRegistration.Status.WAITING,
        )


def load(report):
    home = HomePage.objects.filter(depth=2).first()
    news_index = NewsIndexPage.objects.first()
    event_index = EventIndexPage.objects.first()
    load_trainings(home, report)
    load_news(news_index, report)
    load_post_jury(news_index, report)
    load_events(event_index, report)
    load_home_calls_to_action(home, report)
    # EMI moderators edit /formations/ like the other indexes (cms grants it per index).
    ensure_editorial_roles()
