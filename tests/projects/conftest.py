import datetime

import pytest

from tests.factories.projects import make_cohort, make_section
from tests.factories.site import build_indexes


@pytest.fixture
def index(home_page):
    """/projets/ (and the other indexes) under the home page."""
    projects, _news, _events = build_indexes(home_page)
    return projects


@pytest.fixture
def somme(index):
    return make_section(index, "Département de la Somme", slug="somme", short_name="Somme")


@pytest.fixture
def nord(index):
    return make_section(index, "Département du Nord", slug="nord", short_name="Nord")


@pytest.fixture
def somme_cohort(somme):
    return make_cohort(somme.collectivity, number=1, jury_date=datetime.date(2023, 6, 20))


@pytest.fixture
def nord_cohort(nord):
    return make_cohort(
        nord.collectivity,
        number=2,
        training_type="courte",
        start=datetime.date(2021, 3, 1),
        jury_date=datetime.date(2021, 6, 10),
    )
