"""One live public page of every type, for the tests that walk the whole site (cookies,
garbage queries, a cache outage): what a full site holds, built by factories."""

import datetime

from django.utils import timezone

from cms.collectivities import ensure_collectivity_space
from news.models import (
    CallForCandidatesFormField,
    CallForCandidatesPage,
    EventPage,
    EventSectionPage,
    NewsPage,
    NewsSectionPage,
    TopicProposalPage,
    TrainingIndexPage,
    TrainingPage,
)
from projects.models import ProjectSectionPage

from .alumni import build_alumni_pages, make_club
from .cms import ImageFactory, make_document
from .news import EventPageFactory, NewsPageFactory
from .pages import PageFactory, child
from .projects import make_cohort, make_project
from .resources import build_library, make_resource, public_collection
from .site import build_site_frame


class TrainingIndexPageFactory(PageFactory):
    title = "Formations"
    slug = "formations"

    class Meta:
        model = TrainingIndexPage


class TrainingPageFactory(PageFactory):
    title = "Formation longue"
    slug = "longue"
    kind = "longue"
    summary = "Neuf mois pour changer durablement de pratiques."
    duration = "Environ 9 mois"
    learning_format = "12 jours d'enseignement et 12 jours de projet en équipe"

    class Meta:
        model = TrainingPage


class CallForCandidatesPageFactory(PageFactory):
    """A call open from a month ago to a month from now, with one extra question."""

    title = "Appel à candidatures"
    slug = "appel"
    opening_date = datetime.date.today() - datetime.timedelta(days=30)
    closing_date = datetime.date.today() + datetime.timedelta(days=30)
    places = 24
    to_address = "emi-candidatures@example.org"

    class Meta:
        model = CallForCandidatesPage

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        phone = CallForCandidatesFormField(
            label="Téléphone", field_type="singleline", required=False
        )
        kwargs.setdefault("form_fields", [phone])
        return super()._create(model_class, *args, **kwargs)


class TopicProposalPageFactory(PageFactory):
    title = "Proposer un sujet"
    slug = "proposer-un-sujet"
    to_address = "emi@example.org"

    class Meta:
        model = TopicProposalPage


def build_every_page_type(home):
    """The site frame, a collectivité's space with a project, a news item, a post-jury
    announcement and an event taking registrations, the trainings with an open call and
    the topic form, the alumni pages with a club, the library with a public resource and
    its file, and an image."""
    build_site_frame(home)
    space = ensure_collectivity_space("Département de l'Oise", short_name="Oise")
    projects_section, news_section, events_section = (
        next(section for section in space.sections if isinstance(section, kind))
        for kind in (ProjectSectionPage, NewsSectionPage, EventSectionPage)
    )
    cohort = make_cohort(space.collectivity, jury_date=datetime.date(2024, 6, 20))
    project = make_project(projects_section, "Un accueil sans rendez-vous", cohort=cohort)
    project.save_revision().publish()
    NewsPageFactory(parent=news_section, title="Une nouvelle de l'Oise")
    EventPageFactory(
        parent=events_section,
        title="Atelier mesure d'impact",
        start=timezone.now() + datetime.timedelta(days=20),
        registration_mode="formulaire",
        capacity=30,
    )
    trainings = child(home, TrainingIndexPageFactory, "formations")
    training = child(trainings, TrainingPageFactory, "longue")
    child(training, CallForCandidatesPageFactory, "appel")
    child(trainings, TopicProposalPageFactory, "proposer-un-sujet")
    _index, _stories, clubs, _setup = build_alumni_pages(home)
    make_club(clubs)
    library = build_library(home)
    document = make_document("Fiche parcours usager", public_collection(), stem="fiche")
    make_resource(library["index"], "Fiche parcours usager", files=[document])
    ImageFactory()
    return {
        "project": project,
        "event": EventPage.objects.get(title="Atelier mesure d'impact"),
        "news": NewsPage.objects.get(title="Une nouvelle de l'Oise"),
    }
