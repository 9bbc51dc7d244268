from types import SimpleNamespace

import pytest

from tests.factories.alumni import build_alumni_pages
from tests.factories.site import build_indexes


@pytest.fixture
def alumni_site(home_page):
    """The site frame's indexes plus /alumni/, its stories and clubs, and the workflow."""
    build_indexes(home_page)
    index, stories, clubs, setup = build_alumni_pages(home_page)
    return SimpleNamespace(home=home_page, index=index, stories=stories, clubs=clubs, setup=setup)
