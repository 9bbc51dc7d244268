import pytest

from news.models import EventPage, NewsPage
from projects.models import ProjectPage
from tests.cms import test_collectivity_rule as rule
from tests.cms.test_collectivity_rule import *  # noqa


@pytest.fixture(autouse=True)
def _patch(monkeypatch):
    monkeypatch.setattr(rule, "collectivity_page_models", lambda: [ProjectPage, NewsPage, EventPage])
