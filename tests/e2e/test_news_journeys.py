"""Journeys of issue 5: apply to an open call, register to an event, accessibility.

`live_site` only loads the site frame: each test builds the news, events and trainings it
needs, with dates relative to today so that the call is open and the event upcoming.
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from cms.models import Collectivity
from news.models import (
    CallForCandidatesPage,
    EventIndexPage,
    EventPage,
    EventRegistration,
    NewsIndexPage,
    NewsPage,
    PostJuryAnnouncementPage,
    PostJuryRetainedTopic,
    TopicProposalPage,
    TrainingIndexPage,
)
from tests.e2e.conftest import assert_no_axe_violations
from tests.factories.whole_site import TrainingPageFactory


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def build_trainings(home):
    today = timezone.localdate()
    index = publish(
        home,
        TrainingIndexPage(
            title="Formations",
            slug="formations",
            intro="Trois formations.",
            show_in_menus=True,
        ),
    )
    training = TrainingPageFactory(
        parent=index,
        programme=[
            {
                "type": "module",
                "value": {
                    "title": "Design de service",
                    "duration": "2 jours",
                    "description": "Partir des usages.",
                },
            },
        ],
    )
    call = CallForCandidatesPage(
        title="Appel à candidatures de la formation longue",
        slug="appel",
        opening_date=today - datetime.timedelta(days=10),
        closing_date=today + datetime.timedelta(days=30),
        places=24,
        eligibility="<p>Cadres des collectivités engagées avec l'EMI.</p>",
        calendar=[
            {"type": "step", "value": {"when": "Fin de l'appel", "step": "Clôture", "details": ""}}
        ],
    )
    call.form_fields.add(
        call.form_fields.model(
            label="Service ou direction", field_type="singleline", required=True, sort_order=0
        )
    )
    publish(training, call)
    topics = publish(index, TopicProposalPage(title="Proposer un sujet", slug="proposer-un-sujet"))
    return {"index": index, "training": training, "call": call, "topics": topics}


def build_event(capacity=2):
    index = EventIndexPage.objects.get()
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=20)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    return publish(
        index,
        EventPage(
            title="Rencontre annuelle des alumni",
            slug="rencontre-alumni",
            event_type="rencontre-alumni",
            summary="Le rendez-vous annuel des emiens.",
            start=start,
            end=start + datetime.timedelta(hours=7),
            place_name="Hôtel du Département",
            address="2 avenue du Parc\n95000 Cergy",
            accessible_motor=True,
            registration_mode="formulaire",
            capacity=capacity,
        ),
    )


def test_apply_to_the_open_call(page, live_site):
    from home.models import HomePage

    Collectivity.objects.create(name="Département de la Somme", slug="somme")
    build_trainings(HomePage.objects.get())
    mail.outbox.clear()

    page.goto("/formations/")
    page.get_by_role("link", name="Appel à candidatures de la formation longue").first.click()
    assert page.locator("h1").inner_text() == "Appel à candidatures de la formation longue"
    assert "Candidatures ouvertes" in page.locator(".call-state").inner_text()

    page.get_by_label("Nom et prénom").fill("Camille Martin")
    page.get_by_label("Adresse électronique").fill("camille.martin@")
    page.get_by_label("Collectivité").select_option("Département de la Somme")
    page.get_by_label("Fonction").fill("Cheffe du service accueil")
    page.get_by_label("Motivation").fill("Repenser l'accueil des solidarités avec les usagers.")
    page.get_by_label("Service ou direction").fill("Direction des solidarités")
    page.get_by_role("button", name="Envoyer ma candidature").click()

    # A mistake is explained next to the field, and nothing typed is lost.
    assert "Votre candidature n'a pas été envoyée" in page.get_by_role("alert").first.inner_text()
    email = page.get_by_label("Adresse électronique")
    assert email.get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Motivation").input_value().startswith("Repenser l'accueil")
    assert_no_axe_violations(page)

    email.fill("camille.martin@example.org")
    page.get_by_role("button", name="Envoyer ma candidature").click()
    assert "votre candidature est bien enregistrée" in page.get_by_role("status").inner_text()

    submission = FormSubmission.objects.get()
    assert submission.form_data["collectivity"] == "Département de la Somme"
    assert submission.form_data["service_ou_direction"] == "Direction des solidarités"
    assert {message.to[0] for message in mail.outbox} >= {"camille.martin@example.org"}


def test_find_the_next_alumni_meeting_add_it_to_a_calendar_and_register(page, live_site):
    event = build_event(capacity=1)
    mail.outbox.clear()

    page.goto("/agenda/")
    page.get_by_role("link", name="Rencontre annuelle des alumni").click()
    assert page.locator("h1").inner_text() == "Rencontre annuelle des alumni"
    ical_link = page.get_by_role("link", name="Télécharger le fichier iCal (.ics)")
    assert ical_link.get_attribute("href") == event.url + "ical/"
    ics = page.request.get(live_site.url + event.url + "ical/")
    assert ics.ok and b"BEGIN:VEVENT" in ics.body()

    page.get_by_label("Nom et prénom").fill("Alice Durand")
    page.get_by_label("Adresse électronique").fill("alice.durand@example.org")
    page.get_by_label("Collectivité ou organisme").fill("Ville d'Herblay-sur-Seine")
    page.get_by_role("button", name="M'inscrire").click()
    assert "Votre inscription est confirmée" in page.get_by_role("status").first.inner_text()
    assert EventRegistration.objects.get().status == EventRegistration.Status.CONFIRMED
    assert mail.outbox[0].subject == "Inscription confirmée : Rencontre annuelle des alumni"

    # The only place is taken: the page now says so, and the next person waits.
    assert "Complet" in page.locator(".event__status-notice").inner_text()
    page.get_by_label("Nom et prénom").fill("Bruno Petit")
    page.get_by_label("Adresse électronique").fill("bruno.petit@example.org")
    page.get_by_role("button", name="M'inscrire sur la liste d'attente").click()
    assert "liste d'attente" in page.get_by_role("status").first.inner_text()
    assert EventRegistration.objects.get(name="Bruno Petit").status == "attente"
    assert_no_axe_violations(page)


@pytest.fixture
def news_world(live_site):
    """One page of every type of issue 5, with what makes them worth checking."""
    from home.models import HomePage
    from projects.models import Cohort, ProjectIndexPage, ProjectPage, ProjectSectionPage

    somme = Collectivity.objects.create(name="Département de la Somme", slug="somme")
    trainings = build_trainings(HomePage.objects.get())
    event = build_event()
    publish(
        EventIndexPage.objects.get(),
        EventPage(
            title="Atelier annulé",
            slug="atelier-annule",
            event_type="atelier",
            summary="Un atelier qui n'aura pas lieu.",
            start=timezone.now() - datetime.timedelta(days=3),
            end=timezone.now() - datetime.timedelta(days=3, hours=-2),
            attendance_mode="en-ligne",
            status="annule",
            status_note="Intervenante indisponible.",
        ),
    )
    news_index = NewsIndexPage.objects.get()
    news = NewsPage(
        title="La banque de projets est en ligne",
        slug="banque-en-ligne",
        summary="Tous les projets des promotions, ce qu'ils sont devenus et pourquoi.",
        body=[{"type": "paragraph", "value": "<p>Une demande des alumni.</p>"}],
    )
    news.tags.add("mesure d'impact")
    publish(news_index, news)
    section = publish(
        ProjectIndexPage.objects.get(),
        ProjectSectionPage(title="Somme", slug="somme", collectivity=somme),
    )
    cohort = Cohort.objects.create(
        number=1,
        host_collectivity=somme,
        start_date=datetime.date(2025, 11, 3),
        jury_date=datetime.date(2026, 6, 18),
    )
    project = publish(
        section,
        ProjectPage(
            title="Raccourcir l'attente au standard",
            slug="standard",
            summary="Moins d'attente au téléphone.",
            problem="<p>Trop d'attente.</p>",
            status="retenu",
            origin="emi",
            cohort=cohort,
        ),
    )
    announcement = PostJuryAnnouncementPage(
        title="Promotion 1 de la Somme : les sujets retenus",
        slug="somme-promotion-1",
        summary="Le jury a retenu un sujet.",
        cohort=cohort,
    )
    announcement.retained_topics = [PostJuryRetainedTopic(project=project, sort_order=0)]
    publish(news_index, announcement)
    return {
        "news index": "/actualites/",
        "news page": news.url,
        "post-jury page": announcement.url,
        "event index": "/agenda/",
        "event archives": "/agenda/archives/",
        "event page": event.url,
        "training index": "/formations/",
        "training page": trainings["training"].url,
        "call page": trainings["call"].url,
        "topic proposal page": trainings["topics"].url,
    }


@pytest.mark.parametrize(
    "kind",
    [
        "news index",
        "news page",
        "post-jury page",
        "event index",
        "event archives",
        "event page",
        "training index",
        "training page",
        "call page",
        "topic proposal page",
    ],
)
def test_every_new_page_type_has_no_axe_violation(page, news_world, kind):
    response = page.goto(news_world[kind])
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


def test_registration_cancel_page_is_accessible(page, live_site):
    from news.events.registrations import register

    event = build_event()
    registration = register(event, name="Alice", email="alice@example.org")
    page.goto(f"{event.url}inscription/annuler/{registration.token}/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Confirmer l'annulation").click()
    assert "Votre inscription est annulée" in page.get_by_role("status").inner_text()
    assert EventRegistration.objects.get().status == EventRegistration.Status.CANCELLED
