from types import SimpleNamespace

import pytest

from home.demo import site as demo_site
from tests.conftest import quiet_report

from .factories import build_alumni_pages


@pytest.fixture
def alumni_site(home_page):
    """The site frame's indexes plus /alumni/, its stories and clubs, and the workflow."""
    demo_site.load_indexes(home_page, quiet_report())
    index, stories, clubs, setup = build_alumni_pages(home_page)
    return SimpleNamespace(home=home_page, index=index, stories=stories, clubs=clubs, setup=setup)
