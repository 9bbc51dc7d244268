"""Alumni journeys in the browser: invitation to published story, and every page's axe.

The data is built inside each test: `live_site` only loads the site's frame.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse

from alumni.invitations import Invitee, invite
from alumni.mentor_tokens import DECLINE, answer_token
from alumni.models import MentorRequest, StoryPage, Visibility
from alumni.stories import submit_story
from tests.e2e.conftest import assert_no_axe_violations
from tests.factories.alumni import (
    PASSWORD,
    all_visible,
    build_alumni_pages,
    make_club,
    make_cohort,
    make_collectivity,
    make_member,
    make_mentor,
    make_moderator,
    make_project,
)

NEW_PASSWORD = "Un-mot-de-passe-solide-2026"


@pytest.fixture
def network(live_site):
    from home.models import HomePage

    home = HomePage.objects.get()
    _index, stories, clubs, _setup = build_alumni_pages(home)
    host = make_collectivity("Département du Val-d'Oise", short_name="Val-d'Oise", slug="vo")
    cohort = make_cohort(host, number=10)
    project = make_project(cohort, "Payer plus vite les subventions")
    return {"stories": stories, "clubs": clubs, "cohort": cohort, "project": project}


def log_in(page, username, password=PASSWORD):
    page.goto("/alumni/connexion/")
    page.get_by_label("Adresse électronique ou identifiant").fill(username)
    page.get_by_label(re.compile("^Mot de passe")).fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def test_invited_alumnus_to_published_story(page, browser, network, live_site):
    # An EMI moderator invites the alumnus (the command and the admin share this service).
    invite(Invitee(email="ines.martin@example.test", cohort=network["cohort"]))
    body = next(m.body for m in mail.outbox if m.to == ["ines.martin@example.test"])
    link = re.search(r"http://127\.0\.0\.1:8000(/alumni/activer/\S+/)", body).group(1)

    # 1. The invitation link: choose a password, land on "Mon profil".
    page.goto(link)
    assert page.locator("h1").inner_text() == "Bienvenue dans le réseau des alumni"
    assert_no_axe_violations(page)
    page.get_by_label(re.compile("^Mot de passe")).fill(NEW_PASSWORD)
    page.get_by_label(re.compile("^Confirmation du mot de passe")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer mon mot de passe").click()
    page.wait_for_url("**/alumni/mon-profil/")
    assert "Votre mot de passe est enregistré" in page.get_by_role("status").first.inner_text()
    assert_no_axe_violations(page)

    # 2. Complete the profile: phone hidden, the rest open to members, the name public.
    page.get_by_role("link", name="Compléter ma fiche").click()
    page.get_by_label("Fonction", exact=True).fill("Cheffe du service accueil")
    page.get_by_label("Téléphone", exact=True).fill("06 12 34 56 78")
    page.get_by_label("Qui voit « Téléphone » ?").select_option(label="Moi seul·e")
    page.get_by_label("Qui voit « Fonction » ?").select_option(
        label="Tout le monde (fiche publique)"
    )
    page.get_by_label("Fiche publique").check()
    page.get_by_role("button", name="Enregistrer mon profil").click()
    # Without consent, nothing is saved for the public: the form says why, keeping input.
    assert "cochez l'accord" in page.locator(".form-error").first.inner_text()
    assert page.get_by_label("Téléphone", exact=True).input_value() == "06 12 34 56 78"
    assert_no_axe_violations(page)
    page.get_by_label(re.compile("^J'accepte que l'EMI")).check()
    page.get_by_role("button", name="Enregistrer mon profil").click()
    page.wait_for_url("**/alumni/mon-profil/")
    assert "Votre profil est enregistré" in page.get_by_role("status").first.inner_text()
    assert page.get_by_text("Visible par : moi seul·e").count() >= 1

    # 3. Propose a story.
    page.goto("/alumni/temoignages/proposer/")
    assert_no_axe_violations(page)
    page.get_by_label("Titre").fill("Un accueil repensé avec les usagers")
    page.get_by_label("Votre témoignage").fill(
        "Grâce à l'EMI, nous avons **interrogé** les associations.\n\n- moins d'attente\n"
        "- un seul dossier"
    )
    page.get_by_label("Projet lié").select_option(label="Payer plus vite les subventions")
    page.get_by_label(re.compile("^J'accepte que ce témoignage")).check()
    page.get_by_role("button", name="Envoyer pour relecture").click()
    page.wait_for_url("**/alumni/mon-profil/#temoignages")
    assert page.get_by_text("En attente de relecture").count() == 1
    assert_no_axe_violations(page)
    story = StoryPage.objects.get(title="Un accueil repensé avec les usagers")
    assert not story.live

    # 4. A moderator approves it in the admin.
    moderator = make_moderator()
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    admin = context.new_page()
    admin.goto(live_site.url + "/admin/login/")
    admin.locator("#id_username").fill(moderator.username)
    admin.locator("#id_password").fill(PASSWORD)
    admin.locator("button[type=submit]").click()
    admin.wait_for_url("**/admin/")
    admin.goto(live_site.url + reverse("wagtailadmin_pages:edit", args=(story.pk,)))
    approve = admin.locator('button[data-workflow-action-name="approve"]').first
    if not approve.is_visible():
        admin.locator(
            "footer .w-dropdown__toggle, footer [data-w-dropdown-target=toggle]"
        ).first.click()
    with admin.expect_navigation():
        approve.click()
    context.close()
    story.refresh_from_db()
    assert story.live

    # 5. It is public; the author was told, with a link to their profile, not the admin.
    page.goto("/alumni/mon-profil/")
    assert page.get_by_text("Publié", exact=True).count() == 1
    published = [m for m in mail.outbox if "est publié" in m.subject]
    assert published and "/alumni/mon-profil/" in published[0].body
    assert "/admin/" not in published[0].body
    page.get_by_role("button", name="Se déconnecter").first.click()
    page.wait_for_load_state()
    page.goto(story.url)
    assert page.locator("h1").inner_text() == "Un accueil repensé avec les usagers"
    assert page.get_by_role("link", name="Payer plus vite les subventions").count() == 1
    assert_no_axe_violations(page)

    # 6. The anonymous visitor sees the public fields only, never the phone.
    profile_url = page.get_by_role("link", name="Ines Martin").get_attribute("href")
    page.goto(profile_url)
    content = page.content()
    assert "Cheffe du service accueil" in content
    assert "06 12 34 56 78" not in content
    assert "ines.martin@example.test" not in content
    assert_no_axe_violations(page)


@pytest.fixture
def populated(network):
    """One of each: members, a mentor, a club, a published story, one sent back."""
    member = make_member(
        "Camille",
        "Lefevre",
        public=True,
        visibility=all_visible(),
        job_title="Cheffe de service",
        themes=["design de service"],
        phone="01 02 03 04 05",
    )
    member.phone_visibility = Visibility.HIDDEN
    member.save()
    member.projects.add(network["project"])
    mentor = make_mentor("Elodie", "Petit", capacity=2, themes=["mesure d'impact"])
    club = make_club(network["clubs"], "Club mesure d'impact")
    club.coordinators.add(mentor)
    club.save_revision().publish()
    published, _ = submit_story(member, title="Un témoignage publié", text="Un texte publié.")
    published.get_latest_revision().publish()
    sent_back, _ = submit_story(member, title="À reprendre", text="Un texte à reprendre.")
    state = sent_back.current_workflow_state
    state.current_task_state.reject(user=make_moderator(), comment="Précisez le projet.")
    request = MentorRequest.objects.create(
        requester=member, mentor=mentor, message="Bonjour, une question sur la mesure d'impact."
    )
    return {
        "member": member,
        "mentor": mentor,
        "club": club,
        "published": StoryPage.objects.get(pk=published.pk),
        "sent_back": sent_back,
        "request": request,
    }


ANONYMOUS_PAGES = [
    "/alumni/",
    "/alumni/annuaire/",
    "/alumni/annuaire/?collectivite=inconnue",
    "/alumni/temoignages/",
    "/alumni/clubs/",
    "/alumni/connexion/",
    "/alumni/mot-de-passe-oublie/",
    "/alumni/mot-de-passe-oublie/envoye/",
    "/alumni/activer/MQ/lien-perime/",
    "/alumni/annuaire/personne-inconnue/",
]


def test_every_alumni_page_has_one_h1_and_no_axe_violation(page, populated):
    member, mentor = populated["member"], populated["mentor"]
    anonymous_pages = ANONYMOUS_PAGES + [
        f"/alumni/annuaire/{member.slug}/",
        populated["published"].url,
        populated["club"].url,
    ]
    for path in anonymous_pages:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(page)

    # The mentor's answer link, from the email.
    page.goto(reverse("alumni:mentor_answer", args=[answer_token(populated["request"], DECLINE)]))
    assert page.locator("h1").inner_text() == "Décliner la demande de parrainage"
    assert_no_axe_violations(page)

    log_in(page, member.user.username)
    member_pages = [
        "/alumni/",
        "/alumni/mon-profil/",
        "/alumni/mon-profil/modifier/",
        "/alumni/mon-profil/mot-de-passe/",
        "/alumni/mon-profil/supprimer/",
        "/alumni/annuaire/",
        f"/alumni/annuaire/{member.slug}/",
        f"/alumni/annuaire/{mentor.slug}/",
        "/alumni/parrains/",
        f"/alumni/parrains/demander/{mentor.slug}/",
        "/alumni/temoignages/proposer/",
        f"/alumni/temoignages/{populated['sent_back'].pk}/modifier/",
        populated["club"].url,
    ]
    for path in member_pages:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(page)

    # Forms answering bad input: errors tied to their fields, still accessible.
    page.goto("/alumni/temoignages/proposer/")
    page.get_by_role("button", name="Envoyer pour relecture").click()
    assert page.locator(".form-error").count() >= 2
    described = page.get_by_label("Titre").get_attribute("aria-describedby")
    assert "id_title_error" in described
    assert_no_axe_violations(page)
    page.goto(f"/alumni/parrains/demander/{mentor.slug}/")
    page.get_by_label("Votre message").fill("Trop court")
    page.get_by_role("button", name="Envoyer ma demande").click()
    assert "un peu court" in page.locator(".form-error").inner_text()
    assert_no_axe_violations(page)


def test_a_non_member_account_is_told_the_pages_are_for_members(page, populated):
    from tests.factories.alumni import make_user

    outsider = make_user("editeur@example.test")
    log_in(page, outsider.username)
    response = page.goto("/alumni/parrains/")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "Réservé aux membres du réseau"
    assert_no_axe_violations(page)


def test_the_keyboard_reaches_the_network_navigation(page, populated):
    page.goto("/alumni/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Annuaire":
            break
    else:
        pytest.fail("Le lien « Annuaire » de la navigation alumni n'est pas atteignable")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_url("**/alumni/annuaire/")
