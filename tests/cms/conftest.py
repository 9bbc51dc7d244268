"""Two collectivités with their spaces, and one person per editorial role."""

from types import SimpleNamespace

import pytest

from cms.collectivities import ensure_collectivity_space
from cms.roles import moderators_group
from news.models import NewsSectionPage
from tests.alumni.conftest import alumni_site  # noqa: F401 - stories and documents tests
from tests.factories.site import build_indexes

from .editorial import make_user


@pytest.fixture
def indexes(home_page):
    projects, news, events = build_indexes(home_page)
    return SimpleNamespace(projects=projects, news=news, events=events)


@pytest.fixture
def space_a(indexes):
    return ensure_collectivity_space("Département de l'Aube", short_name="Aube", joined_year=2022)


@pytest.fixture
def space_b(indexes):
    return ensure_collectivity_space(
        "Ville de Beauvais", short_name="Beauvais", kind="commune", joined_year=2023
    )


def news_section(space):
    return next(s for s in space.sections if isinstance(s, NewsSectionPage))


@pytest.fixture
def people(space_a, space_b):
    """Anonymous aside, every role the permission matrix asks about."""
    moderators = moderators_group()
    return SimpleNamespace(
        contributor_a=make_user("contributrice-a", space_a.contributors_group),
        referent_a=make_user("referent-a", space_a.referents_group),
        contributor_b=make_user("contributeur-b", space_b.contributors_group),
        referent_b=make_user("referente-b", space_b.referents_group),
        moderator=make_user("moderatrice", moderators),
        moderator_2=make_user("moderateur", moderators),
        admin=make_user("admin", superuser=True),
    )
