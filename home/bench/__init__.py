"""The benchmark dataset (`python manage.py generate_bench_data`, issue 14).

On top of the demo content (loaded first, idempotent), N projects over collectivités
and cohorts, with news, events and their registrations, alumni, stories and resources
in the proportions of `plan.AT_REFERENCE`, all by bulk inserts (`tree`). Every object
carries a bench slug: a second run finds them and creates nothing. The new pages are
added to the search index in bulk, and the pool's renditions are made once.
"""

import time

from django.core.management import call_command
from django.db import connection
from wagtail.search.backends import get_search_backend

from alumni.library.index import ResourceIndexPage
from alumni.models import ResourcePage, StoryIndexPage, StoryPage
from home.demo import alumni as demo_alumni
from home.demo import resources as demo_resources
from home.demo import site as demo_site
from home.demo.helpers import DemoReport
from news.models import EventPage, EventSectionPage, NewsPage, NewsSectionPage
from projects.models import ProjectPage, ProjectSectionPage

from . import content, projects
from .plan import Plan, slug

INDEX_CHUNK = 500


class Progress:
    """One French progress line per batch: « projets : 4 000 / 10 000 (12 s) »."""

    def __init__(self, write):
        self.write = write
        self.total_created = 0
        self.label, self.total, self.done, self.started = "", 0, 0, time.monotonic()

    def start(self, label, total, done=0):
        self.label, self.total, self.done = label, total, done
        self.started = time.monotonic()
        self.step(done)

    def step(self, done):
        self.done = done
        elapsed = time.monotonic() - self.started
        self.write(
            f"  {self.label} : {done:_} / {self.total:_} ({elapsed:.0f} s)".replace("_", " ")
        )

    def advance(self, count):
        if count:
            self.step(self.done + count)

    def created(self, count):
        self.total_created += count


def index_pages(model, numbers_by_slug, progress):
    """Add the bench pages of `model` created by this run to the search index."""
    backend = get_search_backend()
    objects = model.objects.filter(slug__in=numbers_by_slug).order_by("pk")
    pks = list(objects.values_list("pk", flat=True))
    for start in range(0, len(pks), INDEX_CHUNK):
        # get_indexed_objects() prefetches what the search fields follow (themes...).
        chunk = list(model.get_indexed_objects().filter(pk__in=pks[start : start + INDEX_CHUNK]))
        backend.add_bulk(model, chunk)
        progress.advance(len(chunk))


class _Quiet:
    def write(self, text):
        pass


def load_base(minimal):
    """The site the dataset grows on: the whole demo content (every page type the
    benchmark measures), or only the home page, the indexes and the modules (tests)."""
    if not minimal:
        call_command("load_demo", stdout=_Quiet())
        return
    report = DemoReport(lambda text: None)
    home = demo_site.load_home(report)
    demo_site.load_site_settings(report)
    demo_site.load_indexes(home, report)
    demo_alumni.load_pages(report)
    demo_resources.load_modules(report)
    demo_resources.load_index(report)


def generate(plan: Plan, write, minimal=False):
    """Build (or complete) the dataset of `plan`; returns the number of objects created."""
    started = time.monotonic()
    write(
        "Socle du jeu d'essai : "
        + ("accueil et index…" if minimal else "contenu de démonstration…")
    )
    load_base(minimal)
    progress = Progress(write)
    progress.start("collectivités", plan.collectivities)
    collectivities = projects.ensure_collectivities(plan.collectivities, progress)
    write("Images, promotions et thématiques…")
    images = projects.ensure_images(plan.images)
    context = {
        "images": images,
        "cohorts": projects.ensure_cohorts(plan.cohorts, collectivities),
        "themes": projects.ensure_themes(),
    }
    sections = projects.sections_by_index(collectivities)
    story_index = StoryIndexPage.objects.first()
    resource_index = ResourceIndexPage.objects.first()
    steps = [
        (
            "projets",
            plan.projects,
            ProjectPage,
            "projet",
            lambda: projects.add_projects(
                plan.projects, sections[ProjectSectionPage], context, progress
            ),
        ),
        (
            "actualités",
            plan.news,
            NewsPage,
            "actualite",
            lambda: content.add_news(plan.news, sections[NewsSectionPage], images, progress),
        ),
        (
            "événements",
            plan.events,
            EventPage,
            "evenement",
            lambda: content.add_events(plan.events, sections[EventSectionPage], images, progress),
        ),
        (
            "alumni",
            plan.alumni,
            None,
            "alumni",
            lambda: content.add_alumni(plan.alumni, collectivities, context["cohorts"], progress),
        ),
        (
            "témoignages",
            plan.stories,
            StoryPage,
            "temoignage",
            lambda: content.add_stories(plan.stories, story_index, images, progress),
        ),
        (
            "ressources",
            plan.resources,
            ResourcePage,
            "ressource",
            lambda: content.add_resources(plan.resources, resource_index, progress),
        ),
    ]
    to_index = []
    for label, total, model, kind, add in steps:
        progress.start(label, total)
        numbers = add()
        if model is not None and numbers:
            to_index.append((model, [slug(kind, n) for n in numbers]))
    for model, slugs in to_index:
        progress.start(f"index de recherche, {model._meta.verbose_name_plural}", len(slugs))
        index_pages(model, slugs, progress)
    write("Déclinaisons des images…")
    call_command("generate_renditions", stdout=_Quiet())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    write(f"Terminé en {time.monotonic() - started:.0f} s.")
    return progress.total_created
