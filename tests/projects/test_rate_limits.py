"""The project feedback form resists flooding."""

import pytest

from projects.models import ProjectFeedback, ProjectStatus
from tests.cms.rate_limit_helpers import OTHER_ADDRESS, assert_refused, limit
from tests.factories.projects import make_project

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("rate_limit_clock")]

VALID = {
    "role": "Parent d'élève",
    "text": "Les menus sont enfin affichés à l'avance, et mon fils mange mieux.",
    "name": "Claire Dupont",
    "consent": "on",
}


def test_feedback_over_the_limit(client, somme, somme_cohort):
    project = make_project(somme, "Cantine", status=ProjectStatus.DEPLOYE, cohort=somme_cohort)
    allowed = limit("project_feedback")
    for _ in range(allowed):
        assert client.post(project.url, VALID).status_code == 302
    response = client.post(project.url, dict(VALID, text="Un avis de plus, écrit avec soin ici."))
    assert_refused(response, "Un avis de plus, écrit avec soin ici.", "Parent d'élève")
    assert ProjectFeedback.objects.count() == allowed
    assert client.post(project.url, VALID, REMOTE_ADDR=OTHER_ADDRESS).status_code == 302
    assert ProjectFeedback.objects.count() == allowed + 1
