"""The benchmark's news, events and registrations, alumni, stories and resources."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from alumni.library.access import Audience
from alumni.models import AlumniProfile, ResourcePage, StoryPage, TrainingModule
from alumni.setup import alumni_group
from news.events.models import (
    AttendanceMode,
    EventRegistration,
    EventStatus,
    EventType,
    RegistrationMode,
)
from news.models import EventPage, NewsPage
from projects.models import ProjectPage

from . import plan
from .tree import insert_children

EVENT_TYPES = list(EventType)
RESOURCE_TYPES = ["fiche-outil", "cours-en-ligne", "conference", "guide"]
FIRST_NAMES = ["Inès", "Karim", "Léa", "Julien", "Aïcha", "Thomas", "Chloé", "Mehdi", "Zoé"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "Nguyen", "Roux"]


def missing(model, kind, count):
    """The numbers 0..count-1 whose page (by its bench slug) does not exist yet."""
    prefix = f"{kind}-{plan.PREFIX}-"
    existing = set(model.objects.filter(slug__startswith=prefix).values_list("slug", flat=True))
    return [n for n in range(count) if plan.slug(kind, n) not in existing]


def skip_existing(todo, count, progress):
    progress.advance(count - len(todo))
    return todo


def spread(parents, numbers, build, progress):
    """Build the page of each number and insert it under parents[number % len(parents)]."""
    for start in range(0, len(numbers), 1000):
        by_parent = {}
        for number in numbers[start : start + 1000]:
            by_parent.setdefault(number % len(parents), []).append(build(number))
        inserted = []
        for index, pages in by_parent.items():
            inserted += insert_children(parents[index], pages)
        progress.created(len(inserted))
        progress.advance(len(inserted))
        yield inserted


def add_news(count, sections, images, progress):
    today = timezone.localdate()

    def build(number):
        section = sections[number % len(sections)]
        return NewsPage(
            title=plan.title("actualité", number),
            slug=plan.slug("actualite", number),
            date=today - datetime.timedelta(days=number % 720),
            summary=f"Une actualité d'essai sur {plan.SUBJECTS[number % len(plan.SUBJECTS)]}.",
            cover_image=images[number % len(images)],
            collectivity_id=section.collectivity_id,
            body=[{"type": "paragraph", "value": plan.paragraph(number)}],
        )

    todo = skip_existing(missing(NewsPage, "actualite", count), count, progress)
    for _batch in spread(sections, todo, build, progress):
        pass
    return todo


def _event(number, section, images):
    # Half of them to come, half past, one hour each at 14:00 (Paris).
    day = timezone.localdate() + datetime.timedelta(days=(number % 730) - 365)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14)))
    return EventPage(
        title=plan.title("événement", number),
        slug=plan.slug("evenement", number),
        event_type=EVENT_TYPES[number % len(EVENT_TYPES)],
        summary=f"Un événement d'essai sur {plan.SUBJECTS[number % len(plan.SUBJECTS)]}.",
        start=start,
        end=start + datetime.timedelta(hours=1),
        status=EventStatus.SCHEDULED,
        attendance_mode=AttendanceMode.IN_PERSON,
        place_name="Hôtel du Département",
        address="2 avenue du Parc, 95000 Cergy",
        registration_mode=RegistrationMode.FORM,
        capacity=30,
        collectivity_id=section.collectivity_id,
        cover_image=images[number % len(images)],
    )


def add_events(count, sections, images, progress):
    """Events with a few registrations each (the agenda counts the free places)."""
    todo = skip_existing(missing(EventPage, "evenement", count), count, progress)
    batches = spread(
        sections, todo, lambda n: _event(n, sections[n % len(sections)], images), progress
    )
    for events in batches:
        EventRegistration.objects.bulk_create(
            EventRegistration(
                event_id=event.pk,
                name=f"Participant {n} {event.slug}",
                email=f"participant{n}.{event.slug}@example.org",
                organisation="Conseil départemental",
            )
            for event in events
            for n in range(plan.REGISTRATIONS_PER_EVENT)
        )
    return todo


def add_alumni(count, collectivities, cohorts, progress):
    """Active members with a consented, listed profile, in the group "Alumni"."""
    user_model = get_user_model()
    prefix = f"alumni-{plan.PREFIX}-"
    existing = set(
        AlumniProfile.objects.filter(slug__startswith=prefix).values_list("slug", flat=True)
    )
    todo = skip_existing(
        [n for n in range(count) if plan.slug("alumni", n) not in existing], count, progress
    )
    group = alumni_group()
    now = timezone.now()
    for start in range(0, len(todo), 1000):
        batch = todo[start : start + 1000]
        users = user_model.objects.bulk_create(
            user_model(
                username=f"{plan.slug('alumni', n)}@example.org",
                email=f"{plan.slug('alumni', n)}@example.org",
                first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
                last_name=f"{LAST_NAMES[n % len(LAST_NAMES)]} {n:05d}",
                password="!banc-d-essai",  # unusable: the benchmark logs in by session
            )
            for n in batch
        )
        user_model.groups.through.objects.bulk_create(
            user_model.groups.through(user_id=user.pk, group_id=group.pk) for user in users
        )
        AlumniProfile.objects.bulk_create(
            AlumniProfile(
                user_id=user.pk,
                first_name=user.first_name,
                last_name=user.last_name,
                slug=plan.slug("alumni", n),
                job_title="Cheffe de projet innovation" if n % 2 else "Chargé de mission",
                collectivity=collectivities[n % len(collectivities)],
                cohort=cohorts[n % len(cohorts)],
                bio=f"Ancien·ne de la promotion, travaille sur {plan.SUBJECTS[n % 10]}.",
                public_listing=True,
                is_mentor=n % 7 == 0,
                consent_at=now,
                consent_version="1",
            )
            for n, user in zip(batch, users, strict=True)
        )
        progress.created(len(batch))
        progress.advance(len(batch))
    return todo


def add_stories(count, index, images, progress):
    authors = list(AlumniProfile.objects.filter(slug__startswith=f"alumni-{plan.PREFIX}-")[:count])
    projects = list(
        ProjectPage.objects.filter(slug__startswith=f"projet-{plan.PREFIX}-").values_list(
            "pk", flat=True
        )[:count]
    )
    now = timezone.now()

    def build(number):
        return StoryPage(
            title=plan.title("témoignage", number),
            slug=plan.slug("temoignage", number),
            author=authors[number % len(authors)],
            body=plan.paragraph(number),
            related_project_id=projects[number % len(projects)],
            cover_image=images[number % len(images)],
            publication_consent_at=now,
            publication_consent_version="1",
        )

    todo = skip_existing(missing(StoryPage, "temoignage", count), count, progress)
    for _batch in spread([index], todo, build, progress):
        pass
    return todo


def add_resources(count, index, progress):
    modules = list(TrainingModule.objects.order_by("sort_order", "pk"))
    today = timezone.localdate()

    def build(number):
        return ResourcePage(
            title=plan.title("ressource", number),
            slug=plan.slug("ressource", number),
            resource_type=RESOURCE_TYPES[number % len(RESOURCE_TYPES)],
            summary=f"Une ressource d'essai sur {plan.SUBJECTS[number % len(plan.SUBJECTS)]}.",
            body=plan.paragraph(number),
            audience=Audience.PUBLIC,
            resource_date=today - datetime.timedelta(days=number % 900),
            external_url="https://example.org/ressource",
        )

    todo = skip_existing(missing(ResourcePage, "ressource", count), count, progress)
    through = ResourcePage.modules.through
    for pages in spread([index], todo, build, progress):
        if modules:
            through.objects.bulk_create(
                through(resourcepage_id=page.pk, trainingmodule_id=modules[i % len(modules)].pk)
                for i, page in enumerate(pages)
            )
    return todo
