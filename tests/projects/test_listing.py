"""The index /projets/: filters as slugs, counts per value, search, sort, pagination."""

import datetime
import html as html_module
import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.templatetags.cms_tags import page_numbers
from projects.models import ProjectPage, ProjectStatus
from tests.factories.projects import make_cohort, make_project

pytestmark = pytest.mark.django_db


def page_text(response):
    """The HTML of a response with entities decoded (&#x27; becomes ')."""
    return html_module.unescape(response.content.decode())


AMIENS = "Forum interdépartemental de l'innovation, Amiens, 2019"
AMIENS_JURY = datetime.date(2019, 11, 28)


@pytest.fixture
def bank(somme, nord, somme_cohort, nord_cohort):
    """Seven published projects, plus a draft and a private one that must never show."""
    projects = {
        "A": make_project(
            somme,
            "Accueil téléphonique des solidarités",
            status=ProjectStatus.DEPLOYE,
            cohort=somme_cohort,
            themes=["accueil", "solidarités"],
        ),
        "B": make_project(
            somme,
            "Guichet des assistantes maternelles",
            status=ProjectStatus.ABANDONNE,
            cohort=somme_cohort,
            themes=["petite enfance"],
            status_explanation="Un service national a ouvert pour les mêmes démarches.",
        ),
        "C": make_project(
            somme,
            "Covoiturage des agents",
            status=ProjectStatus.NON_RETENU,
            cohort=somme_cohort,
            themes=["accueil"],
        ),
        "D": make_project(
            somme,
            "Album de vie des enfants confiés",
            status=ProjectStatus.DEPLOYE,
            other_programme=AMIENS,
            jury_date=AMIENS_JURY,
            themes=["protection de l'enfance"],
        ),
        "E": make_project(
            nord,
            "Bon interlocuteur social",
            status=ProjectStatus.DEPLOYE,
            cohort=nord_cohort,
            themes=["accueil"],
        ),
        "F": make_project(
            nord,
            "Médiation animale",
            status=ProjectStatus.NON_RETENU,
            other_programme=AMIENS,
            jury_date=AMIENS_JURY,
            themes=["protection de l'enfance"],
        ),
        "G": make_project(
            nord, "Zéro papier au greffe", status=ProjectStatus.EXPERIMENTATION, cohort=nord_cohort
        ),
    }
    make_project(
        somme, "Brouillon secret", status=ProjectStatus.DEPLOYE, cohort=somme_cohort, live=False
    )
    private = make_project(
        somme,
        "Projet protégé",
        status=ProjectStatus.DEPLOYE,
        cohort=somme_cohort,
        themes=["accueil"],
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    return projects


def titles(response):
    return {project.title for project in response.context["listing"].page.object_list}


def expected(bank, *keys):
    return {bank[key].title for key in keys}


def facet(response, key):
    listing = response.context["listing"]
    return {o.value: o.count for o in next(f for f in listing.facets if f.key == key).options}


def test_without_filters_lists_every_published_public_project(client, bank):
    response = client.get("/projets/")
    assert response.status_code == 200
    assert titles(response) == expected(bank, *"ABCDEFG")
    html = page_text(response)
    assert "7 projets" in html
    assert "Brouillon secret" not in html
    assert "Projet protégé" not in html


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("collectivite=somme", "ABCD"),
        ("collectivite=nord", "EFG"),
        ("statut=deploye", "ADE"),
        ("statut=non-retenu", "CF"),
        ("promotion=somme-longue-1", "ABC"),
        ("thematique=accueil", "ACE"),
        ("thematique=protection-de-l-enfance", "DF"),
        ("annee=2019", "DF"),
        ("annee=2023", "ABC"),
        ("annee=2021", "EG"),
    ],
)
def test_each_filter_alone(client, bank, query, keys):
    response = client.get(f"/projets/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected(bank, *keys)


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("collectivite=somme&statut=deploye", "AD"),
        ("collectivite=somme&statut=deploye&annee=2019", "D"),
        ("collectivite=nord&thematique=protection-de-l-enfance&annee=2019", "F"),
        ("statut=deploye&thematique=accueil", "AE"),
        ("promotion=nord-courte-2&statut=experimentation", "G"),
    ],
)
def test_filters_combine(client, bank, query, keys):
    assert titles(client.get(f"/projets/?{query}")) == expected(bank, *keys)


def test_counts_next_to_each_value_take_the_other_filters_into_account(client, bank):
    response = client.get("/projets/?collectivite=somme")
    # A facet ignores its own filter, so every collectivité stays reachable...
    assert facet(response, "collectivite") == {"somme": 4, "nord": 3}
    # ...while the others count only what the active filters leave.
    assert facet(response, "statut") == {"deploye": 2, "non-retenu": 1, "abandonne": 1}
    assert facet(response, "thematique") == {
        "accueil": 2,
        "solidarites": 1,
        "petite-enfance": 1,
        "protection-de-l-enfance": 1,
    }
    assert facet(response, "annee") == {"2023": 3, "2019": 1}
    assert facet(response, "promotion") == {"somme-longue-1": 3}
    html = page_text(response)
    somme_box = r'name="collectivite" value="somme" checked> <label [^>]+>'
    assert re.search(somme_box + r"Département de la Somme \(4\)</label>", html)
    assert re.search(r'name="statut" value="deploye"> <label [^>]+>Déployé \(2\)</label>', html)


def test_a_selected_value_without_result_stays_selected_with_zero(client, bank):
    response = client.get("/projets/?collectivite=nord&statut=abandonne")
    assert titles(response) == set()
    assert facet(response, "statut")["abandonne"] == 0
    html = page_text(response)
    assert "Aucun projet publié ne correspond à ces critères" in html
    assert 'href="?collectivite=nord"' in html  # remove the status filter
    assert 'href="?statut=abandonne"' in html  # remove the collectivité filter


def test_active_filters_are_listed_with_a_link_that_removes_each(client, bank):
    response = client.get("/projets/?collectivite=somme&statut=deploye")
    active = {f.key: f.remove_url for f in response.context["listing"].active_filters}
    assert active == {"collectivite": "?statut=deploye", "statut": "?collectivite=somme"}
    html = page_text(response)
    assert "Collectivité : Département de la Somme" in html
    assert "Retirer le filtre" in html
    assert "2 projets correspondent à vos critères" in html


@pytest.mark.parametrize("query", ["collectivite=%00", "thematique=acc%00ueil"])
def test_control_characters_in_filters_are_a_bad_request(client, bank, query):
    response = client.get(f"/projets/?{query}")
    assert response.status_code == 400
    assert "Adresse invalide" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "statut=inconnu",
        "collectivite=atlantide",
        "promotion=promo-99",
        "thematique=rien-du-tout",
        "annee=deux-mille",
        "annee=1850",
        "annee=99999999999999999999",
        "tri=hasard",
    ],
)
def test_unknown_filter_values_give_a_normal_page(client, bank, query):
    response = client.get(f"/projets/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected(bank, *"ABCDEFG")
    if not query.startswith("tri="):
        assert "ne correspond à rien de connu" in page_text(response)


def test_the_form_submission_is_redirected_to_a_short_shareable_address(client, bank):
    response = client.get(
        "/projets/?q=&collectivite=somme&statut=&promotion=&thematique=&annee=&tri=recent"
    )
    assert response.status_code == 302
    assert response["Location"] == "/projets/?collectivite=somme"
    response = client.get("/projets/?q=accueil&tri=pertinence&page=1")
    assert response["Location"] == "/projets/?q=accueil"
    response = client.get("/projets/?q=&tri=recent")
    assert response["Location"] == "/projets/"
    # Already short: served as it is.
    assert client.get("/projets/?collectivite=somme&tri=titre").status_code == 200


def test_the_filter_form_works_without_javascript(client, bank):
    html = page_text(client.get("/projets/"))
    assert '<form class="project-filters" method="get" action="/projets/"' in html
    for key in ("q", "tri"):
        assert f'<label for="project-filter-{key}">' in html
    # Each facet: a group of checkboxes (several values each), named after its filter.
    for key, legend in [
        ("collectivite", "Collectivité"),
        ("statut", "Statut"),
        ("promotion", "Promotion"),
        ("thematique", "Thématique"),
        ("annee", "Année du jury"),
    ]:
        assert f"<legend>{legend}</legend>" in html
        assert f'type="checkbox" id="project-filter-{key}-1" name="{key}"' in html
    assert '<button type="submit">Afficher les projets</button>' in html


def test_pagination_gives_twelve_per_page_and_survives_bad_numbers(client, somme, somme_cohort):
    for n in range(14):
        make_project(somme, f"Projet {n:02d}", cohort=somme_cohort)
    first = client.get("/projets/?statut=propose")
    assert len(first.context["listing"].page.object_list) == 12
    assert "Page 1 sur 2" in page_text(first)
    # The next-page link keeps the filters.
    assert "?statut=propose&page=2" in page_text(first)
    second = client.get("/projets/?statut=propose&page=2")
    assert len(second.context["listing"].page.object_list) == 2
    for bad, number in [("abc", 1), ("0", 1), ("-3", 1), ("2.5", 1), ("999", 2), ("", 1)]:
        response = client.get(f"/projets/?statut=propose&page={bad}", follow=True)
        assert response.status_code == 200, bad
        assert response.context["listing"].page.number == number, bad


def test_free_text_search(client, bank):
    assert titles(client.get("/projets/?q=téléphonique")) == expected(bank, "A")
    # Search words combine with the filters.
    assert titles(client.get("/projets/?q=accueil&collectivite=nord")) == expected(bank, "E")
    # The "why" and the themes are searched too.
    assert titles(client.get("/projets/?q=national")) == expected(bank, "B")
    # A NUL byte never reaches the search: refused before any view runs.
    assert client.get("/projets/?q=%00").status_code == 400
    response = client.get("/projets/?q=introuvablissime")
    assert titles(response) == set()
    html = page_text(response)
    assert "Vérifiez l'orthographe" in html or "Vérifiez l'orthographe" in html


def test_search_results_are_sorted_by_relevance_unless_asked_otherwise(client, bank):
    response = client.get("/projets/?q=accueil")
    assert response.context["listing"].sort == "pertinence"
    response = client.get("/projets/?q=accueil&tri=titre")
    listed = [p.title for p in response.context["listing"].page.object_list]
    assert listed == sorted(listed)
    # Without words, relevance is not offered.
    assert client.get("/projets/?tri=pertinence").context["listing"].sort == "recent"


def test_sort_by_title_and_by_recency(client, bank):
    by_title = [p.title for p in client.get("/projets/?tri=titre").context["listing"].page]
    assert by_title == sorted(by_title)
    recent = [p.title for p in client.get("/projets/").context["listing"].page]
    # Jury 2023 (Somme cohort), then 2021 (Nord cohort), then 2019 (Amiens forum).
    rank = {title: i for i, title in enumerate(recent)}
    assert max(rank[bank[k].title] for k in "ABC") < min(rank[bank[k].title] for k in "EG")
    assert max(rank[bank[k].title] for k in "EG") < min(rank[bank[k].title] for k in "DF")


def test_cards_say_the_status_in_words_and_why_a_project_stopped(client, bank):
    html = page_text(client.get("/projets/?statut=abandonne"))
    assert '<span class="visually-hidden">Statut : </span>Abandonné' in html
    assert "<strong>Pourquoi :</strong> Un service national a ouvert" in html


def test_section_page_lists_its_collectivity_projects_and_what_became_of_them(client, bank, somme):
    response = client.get("/projets/somme/")
    assert response.status_code == 200
    listed = {p.title for p in response.context["projects_page"].object_list}
    assert listed == expected(bank, *"ABCD")
    html = page_text(response)
    assert "Ce que sont devenus ces projets" in html
    assert 'href="/projets/?collectivite=somme&statut=deploye"' in html
    assert "2 projets" in html  # deployed
    assert "Projet protégé" not in html


@pytest.mark.parametrize("words", ['"', "(", "*", "AND", "accueil OR", "-", "l'", "%", "NEAR("])
def test_search_syntax_characters_never_break_the_page(client, bank, words):
    response = client.get("/projets/", {"q": words}, follow=True)
    assert response.status_code == 200


def ordered_titles(response):
    return [project.title for project in response.context["listing"].page.object_list]


def test_most_recent_first_follows_the_jury_then_the_cohort_and_its_changes(
    client, somme, somme_cohort
):
    later_cohort = make_cohort(
        somme.collectivity, number=2, start=datetime.date(2024, 9, 1), jury_date=None
    )
    later_cohort.jury_date = None
    later_cohort.save()
    own_jury = make_project(somme, "Jury à lui", other_programme=AMIENS, jury_date=AMIENS_JURY)
    make_project(somme, "Première promotion", cohort=somme_cohort)
    no_jury_yet = make_project(somme, "Jury à venir", cohort=later_cohort)
    # The cohort whose jury is still to come counts from its start (2024-09-01).
    assert ordered_titles(client.get("/projets/")) == [
        "Jury à venir",
        "Première promotion",
        "Jury à lui",
    ]
    assert ProjectPage.objects.get(pk=no_jury_yet.pk).recency_date == datetime.date(2024, 9, 1)
    # A cohort's new jury date moves its projects, without their being published again.
    somme_cohort.jury_date = datetime.date(2025, 1, 15)
    somme_cohort.save()
    assert ordered_titles(client.get("/projets/")) == [
        "Première promotion",
        "Jury à venir",
        "Jury à lui",
    ]
    assert ProjectPage.objects.get(pk=own_jury.pk).recency_date == AMIENS_JURY


def test_several_values_of_a_facet_add_up_and_the_other_filters_still_apply(client, bank):
    response = client.get("/projets/?statut=deploye&statut=abandonne&collectivite=somme")
    listing = response.context["listing"]
    assert titles(response) == expected(bank, "A", "B", "D")
    # The status facet counts as if no status were chosen; both stay checked.
    assert facet(response, "statut") == {"deploye": 2, "non-retenu": 1, "abandonne": 1}
    assert [o.value for o in listing.facet("statut").options if o.selected] == [
        "deploye",
        "abandonne",
    ]
    # The collectivité facet counts what the two statuses leave.
    assert facet(response, "collectivite")["somme"] == 3
    # Each value is an active filter of its own, removed alone.
    active = [(f.value_label, f.remove_url) for f in listing.active_filters]
    assert ("Déployé", "?statut=abandonne&collectivite=somme") in active
    assert ("Abandonné", "?statut=deploye&collectivite=somme") in active
    assert ("Département de la Somme", "?statut=deploye&statut=abandonne") in active
    html = page_text(response)
    assert 'name="statut" value="deploye" checked>' in html
    assert 'name="statut" value="abandonne" checked>' in html


def test_several_themes_keep_their_counts_exact_and_a_repeated_value_counts_once(client, bank):
    one = titles(client.get("/projets/?thematique=accueil"))
    both = client.get("/projets/?thematique=accueil&thematique=petite-enfance&thematique=accueil")
    assert titles(both) >= one
    assert titles(both) == one | titles(client.get("/projets/?thematique=petite-enfance"))
    assert both.context["listing"].total == len(titles(both))
    assert len([f for f in both.context["listing"].active_filters if f.key == "thematique"]) == 2


def test_an_unknown_value_among_several_is_ignored_and_said(client, bank):
    response = client.get("/projets/?statut=deploye&statut=inconnu")
    assert titles(response) == titles(client.get("/projets/?statut=deploye"))
    assert response.context["listing"].ignored == [("Statut", "inconnu")]


def test_a_long_listing_links_its_first_last_and_neighbouring_pages_only(
    client, somme, somme_cohort
):
    for n in range(12 * 9):
        make_project(somme, f"Projet {n:03d}", cohort=somme_cohort)
    html = page_text(client.get("/projets/"))
    assert "Page 1 sur 9" in html
    linked = [n for n in range(1, 10) if f'?page={n}"><span class="visually-hidden">Page' in html]
    assert linked == [2, 3, 9]
    assert html.count('class="pagination__gap"') == 1


def test_page_numbers_show_both_ends_and_two_neighbours_whatever_the_number_of_pages():
    paginator = Paginator(range(10_000), 12)
    assert page_numbers(paginator.page(40)) == [1, None, 38, 39, 40, 41, 42, None, 834]
    assert page_numbers(paginator.page(1)) == [1, 2, 3, None, 834]
    assert page_numbers(Paginator(range(30), 12).page(2)) == [1, 2, 3]


def statut_counts(response):
    return {o.value: o.count for o in response.context["listing"].facet("statut").options}


def test_counts_are_kept_until_a_publication_changes_them(client, somme, somme_cohort):
    make_project(somme, "Guichet unique", status=ProjectStatus.DEPLOYE, cohort=somme_cohort)
    with CaptureQueriesContext(connection) as first:
        assert statut_counts(client.get("/projets/")) == {ProjectStatus.DEPLOYE: 1}
    with CaptureQueriesContext(connection) as again:
        assert statut_counts(client.get("/projets/")) == {ProjectStatus.DEPLOYE: 1}
    assert len(again) <= len(first) - 6  # the total and the five facets, read from the cache
    make_project(somme, "Tiers-lieu", status=ProjectStatus.DEPLOYE, cohort=somme_cohort)
    assert statut_counts(client.get("/projets/")) == {ProjectStatus.DEPLOYE: 2}
    draft = make_project(
        somme, "Brouillon", status=ProjectStatus.ABANDONNE, cohort=somme_cohort, live=False
    )
    assert statut_counts(client.get("/projets/")) == {ProjectStatus.DEPLOYE: 2}
    draft.save_revision().publish()
    counts = statut_counts(client.get("/projets/"))
    assert counts == {ProjectStatus.DEPLOYE: 2, ProjectStatus.ABANDONNE: 1}
