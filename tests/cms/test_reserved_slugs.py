"""Reserved names: no page may hide a route of its index or of the site (cms.checks)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from home.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["export-json", "export-csv", "rss", "atom", "ical", "embed"])
def test_an_editor_cannot_name_a_page_after_an_index_route(home_page, slug):
    page = StandardPage(title="Une page", slug=slug)
    with pytest.raises(ValidationError, match="est réservé à une page du site"):
        home_page.add_child(instance=page)


def test_the_check_finds_a_page_that_hides_a_route_of_the_site(home_page):
    call_command("check", databases=["default"])  # nothing to say on a clean site
    page = StandardPage(title="Nos données", slug="donnees")
    home_page.add_child(instance=page)  # allowed below the home page, but shadowed
    with pytest.raises(SystemCheckError, match="« donnees », réservé à une adresse du site"):
        call_command("check", databases=["default"])
