"""A decision-maker's journey through the project bank, and its accessibility.

"What did the projects of the Somme become, and why were some dropped?" in two clicks.
Each test builds its own projects: the live_site fixture loads only the site's frame.
"""

import datetime
import re

from playwright.sync_api import expect

from projects.models import ProjectIndexPage, ProjectStatus
from tests.e2e.conftest import assert_no_axe_violations
from tests.factories.projects import make_cohort, make_project, make_section


def choice(page, facet, label):
    """A value's checkbox in the filter form (its label: the value and its count)."""
    return page.get_by_role("group", name=facet).get_by_label(re.compile("^" + re.escape(label)))


def build_bank():
    index = ProjectIndexPage.objects.get()
    somme = make_section(index, "Département de la Somme", slug="somme", short_name="Somme")
    nord = make_section(index, "Département du Nord", slug="nord", short_name="Nord")
    somme_cohort = make_cohort(somme.collectivity, jury_date=datetime.date(2022, 9, 22))
    nord_cohort = make_cohort(nord.collectivity, number=2, jury_date=datetime.date(2021, 6, 10))
    return {
        "deployed": make_project(
            somme,
            "Raccourcir l'attente au standard des solidarités",
            status=ProjectStatus.DEPLOYE,
            cohort=somme_cohort,
            themes=["accueil"],
            with_details=True,
        ),
        "dropped": make_project(
            somme,
            "Le covoiturage entre agents",
            status=ProjectStatus.NON_RETENU,
            stopped_stage="appetizer",
            cohort=somme_cohort,
            status_explanation="Un plan de mobilité des agents traitait déjà le sujet.",
            themes=["expérience agent"],
        ),
        "abandoned": make_project(
            somme,
            "Un guichet numérique pour les assistantes maternelles",
            status=ProjectStatus.ABANDONNE,
            cohort=somme_cohort,
            status_explanation="Un service national a ouvert pour les mêmes démarches.",
        ),
        "nord": make_project(
            nord,
            "Trouver le bon interlocuteur social",
            status=ProjectStatus.NON_RETENU,
            cohort=nord_cohort,
            themes=["accueil"],
        ),
    }


def card_titles(page):
    return sorted(page.locator(".project-card__title").all_inner_texts())


def test_filter_by_collectivity_then_status_and_open_a_project(page):
    bank = build_bank()
    assert page.goto("/projets/").status == 200
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)

    choice(page, "Collectivité", "Département de la Somme").check()
    page.get_by_role("button", name="Afficher les projets").click()
    expect(page.page).to_have_url(re.compile(r"/projets/\?collectivite=somme$"))
    assert card_titles(page) == sorted(
        bank[key].title for key in ("deployed", "dropped", "abandoned")
    )

    choice(page, "Statut", "Non retenu").check()
    page.get_by_role("button", name="Afficher les projets").click()
    expect(page.page).to_have_url(re.compile(r"/projets/\?collectivite=somme&statut=non-retenu$"))
    assert card_titles(page) == [bank["dropped"].title]
    expect(page.locator(".project-card__why")).to_contain_text("Un plan de mobilité")
    expect(page.get_by_role("heading", level=2)).to_contain_text(
        ["1 projet correspond à vos critères"]
    )

    # A second status adds its projects (either status, still in the Somme).
    choice(page, "Statut", "Abandonné").check()
    page.get_by_role("button", name="Afficher les projets").click()
    expect(page.page).to_have_url(
        re.compile(r"/projets/\?collectivite=somme&statut=non-retenu&statut=abandonne$")
    )
    assert card_titles(page) == sorted(bank[key].title for key in ("dropped", "abandoned"))
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Retirer le filtre Statut : Abandonné").click()
    expect(page.page).to_have_url(re.compile(r"/projets/\?collectivite=somme&statut=non-retenu$"))

    # Removing one filter keeps the other.
    page.get_by_role("link", name="Retirer le filtre Statut : Non retenu").click()
    expect(page.page).to_have_url(re.compile(r"/projets/\?collectivite=somme$"))
    assert len(card_titles(page)) == 3

    page.get_by_role("link", name="Le covoiturage entre agents").click()
    expect(page.locator("h1")).to_have_text("Le covoiturage entre agents")
    expect(page.locator(".project__status")).to_have_text("Statut : Non retenu")
    expect(page.get_by_role("heading", name="Pourquoi il n'a pas été retenu")).to_be_visible()
    assert_no_axe_violations(page)


def test_deployed_project_page_and_feedback_form(page):
    bank = build_bank()
    project = bank["deployed"]
    assert page.goto(project.url).status == 200
    expect(page.locator("table.project-impact caption")).to_have_text(
        "Indicateurs d'impact mesurés"
    )
    expect(page.locator(".project-timeline li")).to_have_count(2)
    assert_no_axe_violations(page)

    page.get_by_label("Vous êtes").fill("Allocataire")
    page.get_by_label("Votre avis").fill("On m'a rappelée dans la matinée, merci.")
    page.get_by_role("button", name="Envoyer mon avis").click()
    expect(page.locator("#id_consent_error")).to_contain_text("Cochez cette case")
    expect(page.get_by_label("Votre avis")).to_have_value("On m'a rappelée dans la matinée, merci.")
    assert_no_axe_violations(page)  # the page with its error messages

    page.get_by_label("J'accepte que mon avis soit publié", exact=False).check()
    page.get_by_role("button", name="Envoyer mon avis").click()
    expect(page.get_by_role("status").filter(has_text="Merci")).to_contain_text(
        "Merci, votre avis a bien été reçu"
    )


def pdf_pages(pdf_bytes):
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf_bytes))


def test_a_project_prints_as_a_short_sheet(page):
    project = build_bank()["deployed"]
    page.goto(project.url)
    page.emulate_media(media="print")
    assert not page.locator("#donner-mon-avis").is_visible()
    assert not page.locator(".main-nav").is_visible()
    expect(page.locator(".project__print-source")).to_be_visible()
    margin = {side: "1.5cm" for side in ("top", "right", "bottom", "left")}
    assert 1 <= pdf_pages(page.pdf(format="A4", margin=margin)) <= 2


def test_key_figures_page_is_accessible(page):
    build_bank()
    assert page.goto("/projets/chiffres/").status == 200
    expect(page.locator("#status-chart-title")).to_have_text(
        "Graphique : nombre de projets par statut"
    )
    expect(page.locator("table").first.locator("caption")).to_have_text(
        "Projets publiés par statut"
    )
    assert_no_axe_violations(page)


def test_filters_work_without_javascript(browser, live_site):
    build_bank()
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        no_js = context.new_page()
        no_js.goto(live_site.url + "/projets/")
        choice(no_js, "Collectivité", "Département du Nord").check()
        no_js.get_by_role("button", name="Afficher les projets").click()
        expect(no_js).to_have_url(re.compile(r"/projets/\?collectivite=nord$"))
        assert no_js.locator(".project-card__title").all_inner_texts() == [
            "Trouver le bon interlocuteur social"
        ]
    finally:
        context.close()
