import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError

from cms.forms import HONEYPOT_FIELD
from news.models import (
    PostJuryAnnouncementPage,
    PostJuryDeclinedTopic,
    PostJuryRetainedTopic,
    TopicProposal,
)
from projects.models import Cohort, ProjectIndexPage, ProjectPage, ProjectSectionPage

from .conftest import add_collectivity, add_news, add_section, page_text, publish

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "problem": "Les familles attendent trois semaines une réponse à leur demande d'aide.",
    "service": "Direction de l'enfance et de la famille",
    "sponsor": "Directrice adjointe de l'enfance",
    "contact_name": "Nadia Moreau",
    "contact_email": "nadia.moreau@example.org",
    "contact_phone": "",
}


@pytest.fixture
def somme():
    return add_collectivity("Département de la Somme", "somme")


def test_topic_proposal_is_stored_and_notifies_emi(client, trainings, somme):
    page = trainings["topic_page"]
    response = client.post(page.url, dict(PROPOSAL, collectivity=somme.pk))
    assert response.status_code == 302
    proposal = TopicProposal.objects.get()
    assert proposal.status == TopicProposal.Status.NEW
    assert proposal.collectivity == somme
    [message] = mail.outbox
    assert message.to == ["emi@example.org"]
    assert message.reply_to == ["nadia.moreau@example.org"]
    assert "Les familles attendent trois semaines" in message.body
    assert f"/admin/propositions-de-sujets/edit/{proposal.pk}/" in message.body
    html = page_text(client.get(response["Location"]))
    assert "Merci, votre proposition est enregistrée." in html


def test_topic_proposal_errors_keep_input(client, trainings, somme):
    page = trainings["topic_page"]
    html = page_text(client.post(page.url, dict(PROPOSAL, contact_email="")))
    assert "Votre proposition n'a pas été envoyée" in html
    assert "Les familles attendent trois semaines" in html
    assert 'value="Nadia Moreau"' in html
    assert TopicProposal.objects.count() == 0
    client.post(page.url, dict(PROPOSAL, collectivity=somme.pk, **{HONEYPOT_FIELD: "x"}))
    assert TopicProposal.objects.count() == 0


def test_accepting_a_topic_needs_a_cohort(somme):
    proposal = TopicProposal(
        problem="x", service="y", sponsor="z", status=TopicProposal.Status.ACCEPTED
    )
    with pytest.raises(ValidationError) as error:
        proposal.clean()
    assert "cohort" in error.value.message_dict


def test_moderators_list_and_change_proposals_in_the_admin(client, somme):
    proposal = TopicProposal.objects.create(
        problem="Les courriers sont incompréhensibles.", service="Solidarités", sponsor="DGA"
    )
    cohort = Cohort.objects.create(
        number=14, host_collectivity=somme, start_date=datetime.date(2027, 10, 1)
    )
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    listing = page_text(client.get("/admin/propositions-de-sujets/", {"status": "nouvelle"}))
    assert "Les courriers sont incompréhensibles." in listing
    assert "Problème à résoudre" in listing
    response = client.post(
        f"/admin/propositions-de-sujets/edit/{proposal.pk}/",
        {
            "problem": proposal.problem,
            "service": proposal.service,
            "collectivity": somme.pk,
            "sponsor": proposal.sponsor,
            "contact_name": "",
            "contact_email": "",
            "contact_phone": "",
            "status": "retenue",
            "cohort": cohort.pk,
            "status_note": "Sujet pour la promotion 14.",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == TopicProposal.Status.ACCEPTED and proposal.cohort == cohort


# --- Post-jury announcements --------------------------------------------------------------


@pytest.fixture
def projects_and_cohort(demo_site_pages, somme):
    index = ProjectIndexPage.objects.get()
    section = add_section(index, ProjectSectionPage, somme)
    cohort = Cohort.objects.create(
        number=1,
        host_collectivity=somme,
        start_date=datetime.date(2025, 11, 3),
        jury_date=datetime.date(2026, 6, 18),
    )

    def project(title, slug, live=True):
        page = ProjectPage(
            title=title,
            slug=slug,
            summary=f"Résumé : {title}.",
            problem="<p>Un problème.</p>",
            status="retenu",
            origin="emi",
            cohort=cohort,
        )
        if live:
            return publish(section, page)
        page.live = False
        section.add_child(instance=page)
        return page

    return {
        "cohort": cohort,
        "standard": project("Raccourcir l'attente au standard", "standard"),
        "cantines": project("Des cantines sans gaspillage", "cantines"),
        "draft": project("Projet encore en brouillon", "brouillon", live=False),
    }


@pytest.fixture
def announcement(news_index, projects_and_cohort, trainings):
    data = projects_and_cohort
    page = PostJuryAnnouncementPage(
        title="Promotion 1 de la Somme : les sujets retenus",
        slug="somme-promotion-1",
        date=datetime.date(2026, 6, 25),
        summary="Le jury a retenu trois sujets.",
        cohort=data["cohort"],
    )
    page.retained_topics = [
        PostJuryRetainedTopic(project=data["standard"], jury_comment="Très attendu.", sort_order=0),
        PostJuryRetainedTopic(project=data["cantines"], sort_order=1),
        PostJuryRetainedTopic(project=data["draft"], sort_order=2),
    ]
    page.declined_topics = [
        PostJuryDeclinedTopic(
            title="Covoiturage entre agents", reason="Déjà traité.", sort_order=0
        ),
        PostJuryDeclinedTopic(title="Un agenda partagé", sort_order=1),
    ]
    return publish(news_index, page)


def test_post_jury_page_links_retained_topics_and_calls_to_action(
    client, announcement, trainings, projects_and_cohort, frozen_now
):
    from .conftest import paris

    frozen_now(paris(2026, 11, 22, 10))
    html = page_text(client.get(announcement.url))
    assert html.count("<h1") == 1
    assert "Jeudi 18 juin 2026" in html  # the cohort's jury date
    assert f'href="{projects_and_cohort["standard"].url}"' in html
    assert "Très attendu." in html
    # A project page that is not live is named, never linked.
    assert "Projet encore en brouillon" in html
    assert "/projets/somme/brouillon/" not in html
    assert "Pourquoi : Déjà traité." in html
    assert "Raison non communiquée." in html
    assert f'href="{trainings["topic_page"].url}"' in html
    assert f'href="{trainings["call"].url}"' in html


def test_announcements_are_listed_with_news_and_filterable(client, news_index, announcement):
    add_news(news_index, "Une actualité ordinaire")
    html = page_text(client.get("/actualites/", {"type": "post-jury"}))
    assert "Promotion 1 de la Somme" in html and "Une actualité ordinaire" not in html
    assert "Sujets retenus par le jury" in html
    html = page_text(client.get("/actualites/", {"type": "actualite"}))
    assert "Promotion 1 de la Somme" not in html and "Une actualité ordinaire" in html
    rss = page_text(client.get("/actualites/rss/"))
    assert "Promotion 1 de la Somme" in rss


def test_jury_date_is_required_when_the_cohort_has_none(projects_and_cohort):
    cohort = projects_and_cohort["cohort"]
    cohort.jury_date = None
    cohort.save()
    page = PostJuryAnnouncementPage(title="x", slug="x", summary="x", cohort=cohort)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "jury_date" in error.value.message_dict
