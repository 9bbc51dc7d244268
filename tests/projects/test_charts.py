"""The charts of /projets/chiffres/ and of a collectivité's section: their numbers, their
geometry, and what a visitor (or a screen reader) finds on the page."""

import datetime
import html as html_module
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from projects import charts
from projects.charts import ProjectCharts, bar_chart, before_after_chart, shorten, trend_chart
from projects.figures import KeyFigures
from projects.models import ProjectImpactIndicator, ProjectPage, ProjectStatus, published_projects
from tests.factories.projects import make_project, make_section

pytestmark = pytest.mark.django_db

RETAINED = {"retenu", "experimentation", "deploye", "abandonne"}


def add_indicator(project, label, baseline, value, unit, measured_on, sort_order=0):
    return ProjectImpactIndicator.objects.create(
        page=project,
        label=label,
        baseline=baseline,
        value=value,
        unit=unit,
        measured_on=measured_on,
        source="Logiciel métier",
        sort_order=sort_order,
    )


@pytest.fixture
def bank(index, somme, nord, somme_cohort, nord_cohort):
    """Somme (jury 2023), Nord (jury 2021), a forum project judged in 2022, an empty Oise."""
    oise = make_section(index, "Département de l'Oise", slug="oise")
    standard = make_project(
        somme,
        "Raccourcir l'attente au standard des solidarités",
        status=ProjectStatus.DEPLOYE,
        cohort=somme_cohort,
        themes=["accueil"],
    )
    add_indicator(
        standard, "Délai de rappel", 78, 41, "jours", datetime.date(2024, 3, 1), sort_order=0
    )
    # Its second indicator is never the one drawn: one pair per project.
    add_indicator(standard, "Appels perdus", 30, 8, "%", datetime.date(2025, 1, 1), sort_order=1)
    demarches = make_project(
        somme,
        "Des démarches en ligne pour les collèges",
        status=ProjectStatus.DEPLOYE,
        cohort=somme_cohort,
        themes=["accueil", "collèges"],
    )
    add_indicator(
        demarches, "Demandes déposées en ligne", 120, 300, "demandes", datetime.date(2024, 5, 1)
    )
    abandoned = make_project(
        somme, status=ProjectStatus.ABANDONNE, cohort=somme_cohort, themes=["collèges"]
    )
    # Not deployed: its indicator is never drawn.
    add_indicator(abandoned, "Dossiers traités", 10, 12, "", datetime.date(2024, 6, 1))
    make_project(somme, status=ProjectStatus.NON_RETENU, cohort=somme_cohort)
    make_project(nord, status=ProjectStatus.RETENU, cohort=nord_cohort, themes=["accueil"])
    make_project(nord, status=ProjectStatus.EXPERIMENTATION, cohort=nord_cohort)
    forum = make_project(
        nord,
        "Un guichet unique des aides",
        status=ProjectStatus.DEPLOYE,
        other_programme="Forum d'Amiens",
        jury_date=datetime.date(2022, 1, 15),
        themes=["routes"],
    )
    # Deployed, but no starting value: nothing to compare.
    ProjectImpactIndicator.objects.create(
        page=forum,
        label="Bénéficiaires",
        value=450,
        unit="foyers",
        measured_on=datetime.date(2024, 9, 1),
        source="Comptage",
    )
    # Never counted: a draft.
    make_project(somme, status=ProjectStatus.DEPLOYE, cohort=somme_cohort, live=False)
    return {"oise": oise, "standard": standard, "demarches": demarches}


def years_the_slow_way(section=None):
    """Projects per jury year, counted one by one from the pages themselves."""
    years = {}
    for project in ProjectPage.objects.live():
        if section is not None and project.get_parent().pk != section.pk:
            continue
        jury = project.jury_date or (project.cohort.jury_date if project.cohort else None)
        if jury is None:
            continue
        row = years.setdefault(jury.year, {"total": 0, "retained": 0, "deployed": 0})
        row["total"] += 1
        row["retained"] += project.status in RETAINED
        row["deployed"] += project.status == "deploye"
    return years


def percent(deployed, retained):
    return f"{round(100 * deployed / retained)}\u00a0%" if retained else "—"


# -- Unit: the numbers and the geometry ------------------------------------------------


def test_rates_by_year_fill_the_years_and_follow_the_jury(bank):
    rows = ProjectCharts(KeyFigures(published_projects())).years
    truth = years_the_slow_way()
    assert [row.year for row in rows] == list(range(min(truth), max(truth) + 1))
    for row in rows:
        expected = truth.get(row.year, {"total": 0, "retained": 0, "deployed": 0})
        assert (row.total, row.retained, row.deployed) == (
            expected["total"],
            expected["retained"],
            expected["deployed"],
        )
        assert row.rate == (100 * row.deployed / row.retained if row.retained else None)
    # The forum project has its own jury date (2022), not a cohort's.
    assert {row.year: row.deployed for row in rows}[2022] == 1


def test_trend_chart_columns_on_a_zero_to_hundred_axis():
    years = [
        charts.YearRow(2020, total=2, retained=2, deployed=2),
        charts.YearRow(2021, total=1, retained=0, deployed=0),
        charts.YearRow(2022, total=4, retained=4, deployed=1),
        charts.YearRow(2023, total=3, retained=3, deployed=0),
    ]
    chart = trend_chart(years)
    ticks = {tick["value"]: tick["y"] for tick in chart["ticks"]}
    full, empty, quarter, zero = chart["columns"]
    assert full["y"] == ticks[100] and full["height"] == chart["base"] - ticks[100]
    assert empty["height"] == 0 and empty["row"].rate is None
    assert quarter["y"] == ticks[25]
    assert zero["height"] == 0 and zero["y"] == ticks[0] == chart["base"]
    # Years left to right, inside the drawing, never overlapping.
    xs = [column["x"] for column in chart["columns"]]
    assert xs == sorted(xs)
    assert all(b - a >= chart["column"] for a, b in zip(xs, xs[1:], strict=False))
    assert xs[-1] + chart["column"] <= chart["width"]
    assert all(isinstance(column["height"], int) for column in chart["columns"])


def test_trend_chart_without_any_retained_project_is_not_drawn():
    assert trend_chart([]) is None
    assert trend_chart([charts.YearRow(2024, total=3, retained=0, deployed=0)]) is None


def test_bar_chart_scales_to_the_largest_and_shortens_long_names():
    long_name = "Communauté d'agglomération du Grand Versailles et des communes alentour"
    chart = bar_chart(
        [
            {"name": "Somme", "total": 8},
            {"name": long_name, "total": 2},
            {"name": "Nord", "total": 0},
        ]
    )
    largest, small, nothing = chart["bars"]
    assert small["width"] * 4 == largest["width"] <= charts.WIDTH
    assert nothing["width"] == 0
    assert largest["value_x"] > largest["width"]
    assert small["label"].endswith("…") and len(small["label"]) <= charts.LABEL_MAX
    assert long_name.startswith(small["label"][:-1])
    assert largest["label"] == "Somme"
    # Rows go down the drawing, each bar under its label.
    assert [bar["y"] for bar in chart["bars"]] == sorted(bar["y"] for bar in chart["bars"])
    assert all(bar["label_y"] < bar["y"] for bar in chart["bars"])
    assert chart["height"] >= nothing["y"] + chart["bar_height"]
    assert bar_chart([]) is None


def test_bar_chart_draws_the_first_rows_and_counts_the_others():
    rows = [{"name": f"Thématique {n}", "total": 20 - n} for n in range(charts.BAR_LIMIT + 3)]
    chart = bar_chart(rows)
    assert [bar["row"] for bar in chart["bars"]] == rows[: charts.BAR_LIMIT]
    assert chart["left_off"] == 3 and chart["row_count"] == len(rows)
    assert bar_chart(rows[:2])["left_off"] == 0


def test_before_after_leaves_room_for_long_units():
    project = ProjectPage(title="Des courriers que les usagers comprennent")
    short = ProjectImpactIndicator(page=project, label="Délai", baseline=78, value=41, unit="j")
    long = ProjectImpactIndicator(
        page=project, label="Appels", baseline=410, value=285, unit="appels par mois"
    )
    for indicator in (short, long):
        chart = before_after_chart([indicator])
        bar = chart["groups"][0]["before"]
        text = charts.value_text(indicator.baseline, indicator.unit)
        assert bar["value_x"] + charts.CHAR_WIDTH * len(text) <= chart["width"]
    assert charts.value_text(Decimal("12.50"), "%") == "12.5 %"


def test_shorten_keeps_short_text_and_cuts_at_a_word():
    assert shorten("Département du Nord") == "Département du Nord"
    assert shorten("un deux trois quatre", limit=12) == "un deux…"


def test_deployed_indicators_one_per_project_newest_first(bank):
    indicators, total = charts.deployed_indicators(published_projects())
    assert total == 2
    assert [(i.page.title, i.label) for i in indicators] == [
        ("Des démarches en ligne pour les collèges", "Demandes déposées en ligne"),
        ("Raccourcir l'attente au standard des solidarités", "Délai de rappel"),
    ]
    only_one, total = charts.deployed_indicators(published_projects(), limit=1)
    assert len(only_one) == 1 and total == 2


def test_deployed_indicators_take_the_editor_s_headline_result(bank):
    headline = add_indicator(
        bank["demarches"], "Appels évités", 900, 400, "appels", datetime.date(2024, 2, 1), 5
    )
    headline.is_headline = True
    headline.save()
    indicators, _total = charts.deployed_indicators(published_projects())
    chosen = {i.page.title: i.label for i in indicators}
    assert chosen["Des démarches en ligne pour les collèges"] == "Appels évités"
    assert chosen == {i.page.title: i.page.specific.headline_indicator.label for i in indicators}


def test_before_after_pairs_each_on_its_own_scale(bank):
    indicators, _total = charts.deployed_indicators(published_projects())
    chart = before_after_chart(indicators)
    rise, fall = chart["groups"]  # 120 → 300 demandes, 78 → 41 jours
    assert rise["after"]["width"] == fall["before"]["width"]  # the larger of each pair
    assert rise["before"]["width"] == round(rise["after"]["width"] * 120 / 300)
    assert fall["after"]["width"] == round(fall["before"]["width"] * 41 / 78)
    assert fall["label"].startswith("Raccourcir l'attente")
    assert fall["measure"] == "Délai de rappel" and fall["measure_y"] > fall["label_y"]
    assert rise["before"]["y"] < rise["after"]["y"] < fall["before"]["y"]
    assert before_after_chart([]) is None


def test_before_after_with_a_zero_pair_draws_no_bar():
    project = ProjectPage(title="Projet sans chiffre")
    indicator = ProjectImpactIndicator(
        page=project, label="Réclamations", baseline=Decimal(0), value=Decimal(0)
    )
    chart = before_after_chart([indicator])
    assert chart["groups"][0]["before"]["width"] == chart["groups"][0]["after"]["width"] == 0


# -- Views: what the page shows --------------------------------------------------------


class Charts(HTMLParser):
    """The SVG charts (title, description) and tables (caption, rows) of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.svgs = {}
        self.tables = {}
        self._svg = None
        self._into = None
        self._table = None
        self._cell = None
        self.figures = 0
        self.figcaption_titles = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "figure":
            self.figures += 1
        if tag == "svg" and attrs.get("role") == "img":
            self._svg = {"labelledby": attrs.get("aria-labelledby", ""), "title": "", "desc": ""}
        elif self._svg is not None and tag in ("title", "desc"):
            self._into = (tag, attrs.get("id"))
        elif tag == "table":
            self._table = {"caption": "", "rows": []}
        elif self._table is not None and tag == "caption":
            self._into = ("caption", attrs.get("id"))
        elif self._table is not None and tag == "tr":
            self._table["rows"].append([])
        elif self._table is not None and tag in ("th", "td"):
            self._cell = ""
        elif tag == "span" and attrs.get("class") == "chart__title":
            self._into = ("figcaption", None)
            self.figcaption_titles.append("")

    def handle_endtag(self, tag):
        if tag == "svg" and self._svg is not None:
            self.svgs[self._svg["title"]] = self._svg
            self._svg = None
        elif tag in ("title", "desc", "caption", "span"):
            self._into = None
        elif tag == "table" and self._table is not None:
            self.tables[self._table["caption"]] = self._table["rows"]
            self._table = None
        elif tag in ("th", "td") and self._cell is not None:
            self._table["rows"][-1].append(re.sub(r"[ \t\r\n]+", " ", self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if self._into is None:
            return
        kind, element_id = self._into
        if kind in ("title", "desc"):
            self._svg[kind] += data
            self._svg[f"{kind}_id"] = element_id
        elif kind == "caption":
            self._table["caption"] += data
        elif kind == "figcaption":
            self.figcaption_titles[-1] += data


def read_charts(response):
    assert response.status_code == 200
    parser = Charts()
    parser.feed(response.content.decode())
    return parser


def assert_labelled(svg):
    """role="img" named by its own <title> and described by its <desc>."""
    assert svg["labelledby"] == f"{svg['title_id']} {svg['desc_id']}"
    assert svg["desc"].endswith("Les mêmes chiffres figurent dans le tableau ci-dessous.")


def test_key_figures_page_has_each_chart_with_title_description_and_table(client, bank):
    page = read_charts(client.get("/projets/chiffres/"))
    figures = KeyFigures(published_projects())
    titles = [
        "Graphique : nombre de projets par statut",
        "Graphique : taux de déploiement par année du jury",
        "Graphique : nombre de projets par collectivité",
        "Graphique : nombre de projets par thématique",
        "Graphique : indicateurs avant et après des projets déployés",
    ]
    assert sorted(page.svgs) == sorted(titles)
    for svg in page.svgs.values():
        assert_labelled(svg)
    # Each figure has a visible title.
    assert page.figures == len(titles) == len(page.figcaption_titles)
    assert "Taux de déploiement par année du jury" in page.figcaption_titles

    # Deployment rate by year: the table says what the database holds.
    truth = years_the_slow_way()
    year_rows = page.tables["Projets retenus et déployés par année du jury"]
    assert year_rows[0] == [
        "Année du jury",
        "Projets",
        "Retenus",
        "Déployés",
        "Taux de déploiement",
    ]
    for year, total, retained, deployed, shown_rate in year_rows[1:]:
        row = truth.get(int(year), {"total": 0, "retained": 0, "deployed": 0})
        assert [int(total), int(retained), int(deployed)] == [
            row["total"],
            row["retained"],
            row["deployed"],
        ]
        assert shown_rate == percent(row["deployed"], row["retained"])
        assert f"{year} : " in page.svgs[titles[1]]["desc"]

    # Projects by collectivité: the chart's description gives each number.
    desc = page.svgs[titles[2]]["desc"]
    for row in figures.by_collectivity:
        assert f"{row['name']} : {row['total']} projet" in desc
    assert "Département de l'Oise" not in desc  # no project, no bar

    # Themes.
    desc = page.svgs[titles[3]]["desc"]
    for row in figures.by_theme:
        assert f"{row['name']} : {row['total']} projet" in desc

    # Before/after: one row per deployed project with a starting value.
    impact = page.tables["Indicateurs des projets déployés, avant et après"]
    assert impact[0] == ["Projet", "Indicateur", "Avant", "Après", "Mesuré le", "Source"]
    assert impact[1:] == [
        [
            "Des démarches en ligne pour les collèges",
            "Demandes déposées en ligne",
            "120\u00a0demandes",
            "300\u00a0demandes",
            "1 mai 2024",
            "Logiciel métier",
        ],
        [
            "Raccourcir l'attente au standard des solidarités",
            "Délai de rappel",
            "78\u00a0jours",
            "41\u00a0jours",
            "1 mars 2024",
            "Logiciel métier",
        ],
    ]
    assert (
        "Raccourcir l'attente au standard des solidarités, Délai de rappel : avant 78 jours, "
        "après 41 jours" in page.svgs[titles[4]]["desc"]
    )


def test_key_figures_page_names_its_address_and_date_for_print(client, bank):
    html = html_module.unescape(client.get("/projets/chiffres/").content.decode())
    assert "Synthèse des chiffres clés de la banque de projets de l'EMI, http://" in html
    assert "/projets/chiffres/ : chiffres extraits le <time datetime=" in html
    assert "Imprimer cette synthèse" in html
    assert "style=" not in html.split("<main", 1)[1]


def test_section_page_charts_count_only_its_own_projects(client, bank, somme):
    page = read_charts(client.get(somme.url))
    titles = {
        "trend": "Graphique : taux de déploiement par année du jury — Département de la Somme",
        "themes": "Graphique : nombre de projets par thématique — Département de la Somme",
        "impact": "Graphique : indicateurs avant et après des projets déployés — "
        "Département de la Somme",
    }
    assert sorted(page.svgs) == sorted(titles.values())
    for svg in page.svgs.values():
        assert_labelled(svg)
    truth = years_the_slow_way(section=somme)
    rows = page.tables["Projets retenus et déployés par année du jury — Département de la Somme"]
    assert [(int(r[0]), int(r[1]), int(r[2]), int(r[3])) for r in rows[1:]] == [
        (year, row["total"], row["retained"], row["deployed"]) for year, row in truth.items()
    ]
    themes = page.tables["Projets publiés par thématique — Département de la Somme"]
    assert dict((name, int(n)) for name, n in themes[1:]) == {"accueil": 2, "collèges": 2}
    impact = page.tables[
        "Indicateurs des projets déployés, avant et après — Département de la Somme"
    ]
    assert [row[0] for row in impact[1:]] == [
        "Des démarches en ligne pour les collèges",
        "Raccourcir l'attente au standard des solidarités",
    ]


def test_section_page_links_chart_rows_to_the_filtered_bank(client, bank, somme):
    html = client.get(somme.url).content.decode()
    assert '<a href="/projets/?collectivite=somme&amp;annee=2023">2023</a>' in html
    assert '<a href="/projets/?collectivite=somme&amp;thematique=accueil">accueil</a>' in html
    assert '<a href="/projets/chiffres/">' in html


def test_section_with_no_project_shows_an_empty_state_and_no_svg(client, bank):
    response = client.get(bank["oise"].url)
    page = read_charts(response)
    assert page.svgs == {} and page.tables == {}
    assert "<svg" not in response.content.decode()
    assert (
        "Pas encore de graphique : les chiffres de cette collectivité apparaîtront avec ses "
        "premiers projets publiés." in html_module.unescape(response.content.decode())
    )


def test_section_without_jury_theme_or_measure_says_so_in_french(client, index):
    section = make_section(index, "Département de l'Aisne", slug="aisne")
    make_project(section, status=ProjectStatus.PROPOSE, other_programme="Appel à idées")
    response = client.get(section.url)
    html = html_module.unescape(response.content.decode())
    assert "<svg" not in html
    assert "Aucun projet de cette collectivité n'est encore passé devant un jury" in html
    assert "Aucun projet publié de cette collectivité n'a encore de thématique." in html
    assert "Aucun projet déployé de cette collectivité n'a encore publié d'indicateur" in html


def test_key_figures_without_retained_project_or_measure(client, index, somme, somme_cohort):
    make_project(somme, status=ProjectStatus.PROPOSE, cohort=somme_cohort, themes=["accueil"])
    response = client.get("/projets/chiffres/")
    page = read_charts(response)
    html = html_module.unescape(response.content.decode())
    assert "Graphique : taux de déploiement par année du jury" not in page.svgs
    assert "Aucun projet n'est encore passé devant un jury" in html
    assert "Aucun projet déployé n'a encore publié d'indicateur mesuré avant et après." in html
    # The year still shows in the table, with no rate.
    assert page.tables["Projets retenus et déployés par année du jury"][1] == [
        "2023",
        "1",
        "0",
        "0",
        "—",
    ]
