"""An élu's look at the charts: /projets/chiffres/ and a collectivité's section, on a phone
and on a desktop, in high contrast, and printed as a one-page summary."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from projects.models import ProjectImpactIndicator, ProjectIndexPage, ProjectStatus
from tests.e2e.conftest import assert_no_axe_violations
from tests.factories.projects import make_cohort, make_project, make_section

WIDTHS = [360, 1280]
STATUSES = [
    ProjectStatus.DEPLOYE,
    ProjectStatus.EXPERIMENTATION,
    ProjectStatus.NON_RETENU,
    ProjectStatus.DEPLOYE,
    ProjectStatus.ABANDONNE,
    ProjectStatus.RETENU,
    ProjectStatus.PROPOSE,
]
THEMES = ["accueil", "collèges", "routes", "protection de l'enfance", "expérience agent"]


def build_bank():
    """Three collectivités, four jury years, five themes, measured deployed projects."""
    index = ProjectIndexPage.objects.get()
    sections = [
        make_section(index, "Département de la Somme", slug="somme", short_name="Somme"),
        make_section(index, "Département du Nord", slug="nord", short_name="Nord"),
        make_section(
            index,
            "Communauté d'agglomération de Cergy-Pontoise",
            slug="cergy",
            short_name="Cergy",
        ),
    ]
    cohorts = [
        make_cohort(
            section.collectivity,
            number=year - 2019,
            start=datetime.date(year - 1, 9, 1),
            jury_date=datetime.date(year, 6, 12),
        )
        for year, section in zip((2020, 2021, 2022, 2023), sections * 2, strict=False)
    ]
    for i in range(21):
        section = sections[i % 3]
        project = make_project(
            section,
            f"Projet {i + 1} : mieux accueillir les usagers du service {i + 1}",
            status=STATUSES[i % len(STATUSES)],
            cohort=cohorts[i % len(cohorts)],
            themes=[THEMES[i % 5], THEMES[(i + 2) % 5]],
        )
        if project.status == ProjectStatus.DEPLOYE:
            ProjectImpactIndicator.objects.create(
                page=project,
                label="Délai moyen de réponse",
                baseline=78 - i,
                value=41 - i,
                unit="jours",
                measured_on=datetime.date(2024, 1 + i % 12, 1),
                source="Logiciel de suivi des demandes",
            )
    return sections


def assert_no_horizontal_scroll(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


@pytest.mark.parametrize("width", WIDTHS)
def test_key_figures_charts_at_phone_and_desktop_widths(page, width):
    build_bank()
    page.set_viewport_size({"width": width, "height": 900})
    assert page.goto("/projets/chiffres/").status == 200
    charts = page.locator("figure svg[role=img]")
    expect(charts).to_have_count(5)
    for i in range(charts.count()):
        svg = charts.nth(i)
        title_id, desc_id = svg.get_attribute("aria-labelledby").split()
        assert svg.locator(f"title#{title_id}").text_content().startswith("Graphique : ")
        assert "tableau ci-dessous" in svg.locator(f"desc#{desc_id}").text_content()
        box = svg.bounding_box()
        assert box["width"] > 0 and box["x"] + box["width"] <= width
    expect(
        page.get_by_role("table", name="Projets retenus et déployés par année du jury")
    ).to_be_visible()
    # The print button appears with JavaScript.
    expect(page.get_by_role("button", name="Imprimer cette synthèse")).to_be_visible()
    assert_no_horizontal_scroll(page, width)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_collectivity_section_charts_at_phone_and_desktop_widths(page, width):
    build_bank()
    page.set_viewport_size({"width": width, "height": 900})
    assert page.goto("/projets/cergy/").status == 200
    expect(page.get_by_role("heading", name="Ces projets en chiffres")).to_be_visible()
    expect(page.locator("figure svg[role=img]")).to_have_count(3)
    expect(
        page.get_by_role(
            "table",
            name="Indicateurs des projets déployés, avant et après — "
            "Communauté d'agglomération de Cergy-Pontoise",
        )
    ).to_be_visible()
    assert_no_horizontal_scroll(page, width)
    assert_no_axe_violations(page)


def test_an_empty_section_shows_no_chart(page):
    build_bank()
    make_section(ProjectIndexPage.objects.get(), "Département de l'Aisne", slug="aisne")
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.goto("/projets/aisne/").status == 200
    expect(page.locator("svg[role=img]")).to_have_count(0)
    expect(page.get_by_text("Pas encore de graphique")).to_be_visible()
    assert_no_axe_violations(page)


def pdf_pages(pdf_bytes):
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf_bytes))


def test_key_figures_print_on_one_a4_page_without_navigation(page):
    build_bank()
    page.goto("/projets/chiffres/")
    page.emulate_media(media="print")
    assert not page.locator(".main-nav").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert not page.locator(".breadcrumbs").is_visible()
    assert not page.get_by_role("button", name="Imprimer cette synthèse").is_visible()
    # The charts and the key numbers stay; the tables repeat them on screen only.
    expect(page.locator("figure svg[role=img]")).to_have_count(5)
    for i in range(5):
        expect(page.locator("figure svg[role=img]").nth(i)).to_be_visible()
    expect(page.locator(".figures__list")).to_be_visible()
    assert not page.locator(".chart__table").first.is_visible()
    source = page.locator(".chart-summary__source")
    expect(source).to_be_visible()
    expect(source).to_contain_text(re.compile(r"/projets/chiffres/ : chiffres extraits le \d"))
    assert pdf_pages(page.pdf(format="A4")) == 1


def test_a_section_prints_without_navigation(page):
    build_bank()
    page.goto("/projets/somme/")
    page.emulate_media(media="print")
    assert not page.locator(".main-nav").is_visible()
    expect(page.locator("figure svg[role=img]").first).to_be_visible()


def test_charts_use_system_colours_in_high_contrast(page):
    build_bank()
    page.emulate_media(forced_colors="active")
    page.goto("/projets/chiffres/")
    bar = page.locator(".chart__bar").first
    text = page.locator(".chart__label").first
    body = page.evaluate("getComputedStyle(document.body).color")
    # Bars and labels take the text colour of the high-contrast theme, like the page.
    assert bar.evaluate("el => getComputedStyle(el).fill") == body
    assert text.evaluate("el => getComputedStyle(el).fill") == body
    hatch = page.locator(".chart__hatch-line").first
    assert hatch.evaluate("el => getComputedStyle(el).stroke") == body
