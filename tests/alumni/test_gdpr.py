"""Download my data, delete my account: everything out, then nothing personal left."""

import datetime
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from alumni.models import (
    AlumniProfileTheme,
    AlumniTheme,
    ClubMembership,
    MentorRequest,
    MentorTheme,
    StoryPage,
    Visibility,
)
from alumni.stories import resubmit_story, submit_story
from news.models import (
    CallForCandidatesPage,
    EventIndexPage,
    EventPage,
    EventRegistration,
    TopicProposal,
    TrainingIndexPage,
    TrainingPage,
)
from tests.factories.alumni import (
    PASSWORD,
    Client,
    committed,
    image_upload,
    login,
    make_club,
    make_cohort,
    make_collectivity,
    make_member,
    make_mentor,
    make_moderator,
    make_project,
    make_user,
    publish,
)

from .test_stories import admin_action

# ASCII markers, so that they are found whatever the encoding of a dump.
MARKERS = {
    "first_name": "Quokka",
    "last_name": "Zanzibarova",
    "email": "quokka.zanzibarova@example.test",
    "phone": "06 11 22 33 99",
    "bio": "BIO-QUOKKA-7731",
    "job_title": "JOB-QUOKKA-7731",
    "linkedin_url": "https://www.linkedin.com/in/quokka-7731",
    "theme": "theme-quokka-7731",
    "mentor_theme": "parrainage-quokka-7731",
    "request_sent": "DEMANDE-ENVOYEE-QUOKKA",
    "request_received": "DEMANDE-RECUE-QUOKKA",
    "draft_title": "BROUILLON-QUOKKA",
}


def database_dump():
    """Every row of every table, as text."""
    chunks = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        chunks.append(
            serializers.serialize("json", model._default_manager.all(), ensure_ascii=False)
        )
    return "\n".join(chunks)


@pytest.fixture
def person(alumni_site):
    host = make_collectivity("Département de la Somme", short_name="Somme", slug="somme")
    cohort = make_cohort(host, number=3)
    user = make_user("quokka.zanzibarova@example.test")
    profile = make_mentor(
        "Quokka",
        "Zanzibarova",
        user=user,
        themes=[MARKERS["mentor_theme"]],
        job_title=MARKERS["job_title"],
        bio=MARKERS["bio"],
        phone=MARKERS["phone"],
        linkedin_url=MARKERS["linkedin_url"],
        collectivity=host,
        cohort=cohort,
        public=True,
        visibility={"phone": Visibility.HIDDEN},
    )
    profile.themes.set([MARKERS["theme"]])
    profile.projects.add(make_project(cohort, "Projet des bons de commande"))
    return profile


@pytest.fixture
def history(person, alumni_site):
    """Stories in every state, requests both ways, a club, news records by email."""
    moderator = make_moderator()
    moderator_client = Client()
    login(moderator_client, moderator)
    with committed():
        published, _ = submit_story(
            person,
            title="PUBLIE-QUOKKA",
            text="CORPS-PUBLIE-QUOKKA, un texte publié.",
            image_file=image_upload(),
            image_alt="ALT-QUOKKA",
        )
        sent_back, _ = submit_story(person, title="RENVOYE-QUOKKA", text="Un texte à revoir.")
        submit_story(person, title=MARKERS["draft_title"], text="Un texte en relecture.")
    admin_action(moderator_client, published, "approve")
    admin_action(moderator_client, sent_back, "reject", "COMMENTAIRE-MODERATION")
    # The sent-back story had an image, replaced when the author edited it.
    with committed():
        resubmit_story(
            sent_back,
            person,
            title="RENVOYE-QUOKKA",
            text="Un texte à revoir.",
            related_project=None,
            image=None,
            image_file=image_upload(),
            image_alt="ALT-REMPLACEE-QUOKKA",
        )
        resubmit_story_image_again(sent_back, person, moderator_client)

    mentor = make_mentor("Autre", "Marraine")
    requester = make_member("Autre", "Demandeur")
    MentorRequest.objects.create(requester=person, mentor=mentor, message=MARKERS["request_sent"])
    MentorRequest.objects.create(
        requester=requester, mentor=person, message=MARKERS["request_received"]
    )
    club = make_club(alumni_site.clubs, "Club des quokkas")
    club.coordinators.add(person)
    club.save_revision().publish()
    ClubMembership.objects.create(club=club, profile=person)

    events = EventIndexPage.objects.get()
    event = publish(
        events,
        EventPage(
            title="Rencontre des alumni",
            slug="rencontre",
            event_type="rencontre-alumni",
            summary="La rencontre annuelle.",
            start=timezone.now() + datetime.timedelta(days=20),
            end=timezone.now() + datetime.timedelta(days=20, hours=3),
            attendance_mode="en-ligne",
        ),
    )
    EventRegistration.objects.create(
        event=event, name="Quokka Zanzibarova", email=MARKERS["email"].upper()
    )
    trainings = publish(alumni_site.home, TrainingIndexPage(title="Formations", slug="formations"))
    training = publish(
        trainings,
        TrainingPage(
            title="Longue",
            slug="longue",
            kind="longue",
            summary="Neuf mois.",
            duration="9 mois",
            learning_format="Projet en équipe",
        ),
    )
    call = publish(
        training,
        CallForCandidatesPage(
            title="Appel 2027",
            slug="appel-2027",
            opening_date=datetime.date(2026, 11, 1),
            closing_date=datetime.date(2026, 12, 15),
        ),
    )
    FormSubmission.objects.create(
        page=call,
        form_data={"name": "Quokka Z.", "email": MARKERS["email"], "motivation": "MOTIV-QUOKKA"},
    )
    FormSubmission.objects.create(
        page=call, form_data={"name": "Quelqu'un d'autre", "email": "autre@example.test"}
    )
    TopicProposal.objects.create(
        problem="Un problème d'accueil.",
        service="Accueil",
        sponsor="Directrice",
        contact_name="Quokka",
        contact_email=MARKERS["email"],
    )
    return {"published": published, "sent_back": sent_back, "club": club}


def resubmit_story_image_again(story, person, moderator_client):
    """Sent back once more, the author replaces the image: the first one is orphaned."""
    admin_action(moderator_client, story, "reject", "COMMENTAIRE-MODERATION")
    resubmit_story(
        story,
        person,
        title="RENVOYE-QUOKKA",
        text="Un texte à revoir.",
        related_project=None,
        image=None,
        image_file=image_upload(),
        image_alt="ALT-ORPHELINE-QUOKKA",
    )
    admin_action(moderator_client, story, "reject", "COMMENTAIRE-MODERATION")


def download(person):
    client = Client()
    login(client, person)
    response = client.get("/alumni/mon-profil/mes-donnees/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def test_the_export_contains_everything_held_about_the_person(person, history):
    data = download(person)
    assert data["compte"]["adresse_electronique"] == MARKERS["email"]
    profile = data["profil"]
    assert (profile["prenom"], profile["nom"]) == ("Quokka", "Zanzibarova")
    fields = profile["champs"]
    assert fields["bio"]["valeur"] == MARKERS["bio"]
    assert fields["phone"]["valeur"] == MARKERS["phone"]
    assert fields["phone"]["visible_par"] == "Moi seul·e"
    assert fields["linkedin_url"]["valeur"] == MARKERS["linkedin_url"]
    assert fields["job_title"]["valeur"] == MARKERS["job_title"]
    assert fields["collectivity"]["valeur"] == "Département de la Somme"
    assert fields["themes"]["valeur"] == [MARKERS["theme"]]
    assert fields["projects"]["valeur"][0]["titre"] == "Projet des bons de commande"
    assert profile["accord"]["version"] == "2026-11"
    assert profile["accord"]["date"]
    assert "J'accepte" in profile["accord"]["texte"]
    assert profile["parrainage"]["themes"] == [MARKERS["mentor_theme"]]

    stories = {story["titre"]: story for story in data["temoignages"]}
    assert stories["PUBLIE-QUOKKA"]["etat"] == "Publié"
    assert "CORPS-PUBLIE-QUOKKA" in stories["PUBLIE-QUOKKA"]["texte"]
    assert stories["PUBLIE-QUOKKA"]["image"]["texte_alternatif"] == "ALT-QUOKKA"
    assert stories["PUBLIE-QUOKKA"]["accord_de_publication"]["date"]
    assert stories["RENVOYE-QUOKKA"]["etat"] == "Renvoyé pour modification"
    assert stories["RENVOYE-QUOKKA"]["commentaire_de_la_moderation"] == "COMMENTAIRE-MODERATION"
    assert stories[MARKERS["draft_title"]]["etat"] == "En attente de relecture"

    assert [r["message"] for r in data["demandes_de_parrainage_envoyees"]] == [
        MARKERS["request_sent"]
    ]
    assert [r["message"] for r in data["demandes_de_parrainage_recues"]] == [
        MARKERS["request_received"]
    ]
    assert data["clubs"][0]["club"] == "Club des quokkas"
    assert data["clubs"][0]["coordination"] is True
    # What they gave elsewhere on the site with their address, whatever its case.
    assert [r["evenement"] for r in data["inscriptions_aux_evenements"]] == ["Rencontre des alumni"]
    assert len(data["candidatures"]) == 1
    assert data["candidatures"][0]["reponses"]["motivation"] == "MOTIV-QUOKKA"
    assert data["propositions_de_sujets"][0]["adresse_electronique"] == MARKERS["email"]


def test_only_the_owner_downloads_their_data(person):
    anonymous = Client().get("/alumni/mon-profil/mes-donnees/")
    assert anonymous.status_code == 302
    other = Client()
    login(other, make_member("Curieux", "Voisin"))
    data = json.loads(other.get("/alumni/mon-profil/mes-donnees/").content)
    assert data["profil"]["nom"] == "Voisin"
    assert MARKERS["bio"] not in json.dumps(data)


def delete_account(person, choice):
    client = Client()
    login(client, person)
    data = {"password": PASSWORD, "confirm": "on", "published_stories": choice}
    response = client.post("/alumni/mon-profil/supprimer/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get("/alumni/mon-profil/").status_code == 302  # logged out
    return client


def leftover(dump, marker):
    where = dump.find(marker)
    return f"« {marker} » est resté dans la base : …{dump[max(where - 300, 0) : where + 80]}…"


# Themes are the moderators' list (alumni.themes), not the person's words: the list keeps
# them, the person's choice of them goes (checked below).
LISTED_THEMES = ("theme", "mentor_theme")


def personal_markers():
    # Stories' own words belong to the stories: only the person's data is checked.
    return [value for key, value in MARKERS.items() if key not in LISTED_THEMES] + [
        "RENVOYE-QUOKKA",
        "ALT-REMPLACEE-QUOKKA",
        "ALT-ORPHELINE-QUOKKA",
    ]


def test_deleting_the_account_removing_stories_leaves_nothing_personal(person, history):
    published_url = history["published"].url
    assert Client().get(published_url).status_code == 200
    history_free = {
        # Kept on purpose under the news app's retention terms (personal-data page).
        EventRegistration,
        FormSubmission,
        TopicProposal,
    }
    for model in history_free:
        model.objects.all().delete()

    delete_account(person, "retirer")

    dump = database_dump()
    for marker in personal_markers() + ["PUBLIE-QUOKKA", "CORPS-PUBLIE-QUOKKA", "ALT-QUOKKA"]:
        assert marker not in dump, leftover(dump, marker)
    assert not get_user_model().objects.filter(username=MARKERS["email"]).exists()
    assert not AlumniProfileTheme.objects.filter(tag__name=MARKERS["theme"]).exists()
    assert not MentorTheme.objects.filter(tag__name=MARKERS["mentor_theme"]).exists()
    assert AlumniTheme.objects.filter(name=MARKERS["theme"]).exists()
    assert not StoryPage.objects.filter(title__contains="QUOKKA").exists()
    assert Client().get(published_url).status_code == 404
    # The others are untouched.
    assert MentorRequest.objects.count() == 0
    assert get_user_model().objects.filter(username__startswith="autre.").count() == 2


def test_deleting_the_account_can_keep_published_stories_as_former_member(person, history):
    published = history["published"]
    for model in (EventRegistration, FormSubmission, TopicProposal):
        model.objects.all().delete()

    delete_account(person, "garder")

    published.refresh_from_db()
    assert published.live
    assert published.author is None and published.by_former_member
    page = Client().get(published.url).content.decode()
    assert "Ancien membre du réseau" in page
    assert "CORPS-PUBLIE-QUOKKA" in page
    assert "Quokka" not in page.replace("QUOKKA", "")

    dump = database_dump()
    for marker in personal_markers():
        assert marker not in dump, leftover(dump, marker)
    # Unpublished stories go, whatever the choice.
    assert not StoryPage.objects.filter(title=MARKERS["draft_title"]).exists()
    assert not StoryPage.objects.filter(title="RENVOYE-QUOKKA").exists()


def test_deletion_needs_the_password_and_keeps_what_was_typed(person):
    client = Client()
    login(client, person)
    response = client.post("/alumni/mon-profil/supprimer/", {"password": "faux", "confirm": "on"})
    assert response.status_code == 200
    assert "Ce mot de passe n&#x27;est pas le bon." in response.content.decode()
    assert get_user_model().objects.filter(pk=person.user.pk).exists()


def test_an_editor_keeps_their_editorial_account(person):
    from alumni.setup import moderators_group

    person.user.groups.add(moderators_group())
    delete_account(person, "retirer")
    user = get_user_model().objects.get(pk=person.user.pk)
    assert not hasattr(user, "alumni_profile")
    assert not user.groups.filter(name="Alumni").exists()
