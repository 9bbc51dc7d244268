"""The number of SQL queries of the project bank's pages does not grow with the projects."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.tests.utils import get_test_image_file

from cms.models import CustomImage
from projects.models import ProjectFeedback, ProjectRelatedLink, ProjectStatus
from tests.factories.projects import make_project

pytestmark = pytest.mark.django_db

STATUSES = [
    ProjectStatus.DEPLOYE,
    ProjectStatus.EXPERIMENTATION,
    ProjectStatus.NON_RETENU,
    ProjectStatus.ABANDONNE,
    ProjectStatus.RETENU,
    ProjectStatus.PROPOSE,
]


def add_projects(count, start, sections, image):
    """`count` projects alternating between collectivités, statuses and themes."""
    created = []
    for i in range(start, start + count):
        section, cohort = sections[i % 2]
        themes = ["accueil"] + (["collèges"] if i % 3 == 0 else [])
        created.append(
            make_project(
                section,
                f"Projet de test {i:03d}",
                status=STATUSES[i % len(STATUSES)],
                cohort=cohort,
                themes=themes,
                cover_image=image,
                with_details=i % 5 == 0,
            )
        )
    return created


def count_queries(client, url):
    client.get(url)  # first render creates the image renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def image(db):
    return CustomImage.objects.create(
        title="Atelier",
        file=get_test_image_file(filename="atelier.png"),
        alt_text="Des agents devant un mur de post-it",
    )


def test_query_counts_do_not_grow_with_the_number_of_projects(
    client, somme, nord, somme_cohort, nord_cohort, image
):
    sections = [(somme, somme_cohort), (nord, nord_cohort)]
    first = add_projects(10, 0, sections, image)
    project = first[0]
    ProjectRelatedLink.objects.create(page=project, related=first[1], sort_order=0)
    ProjectFeedback.objects.create(
        project=project, role="Usager", text="Très utile.", consent=True, status="approuve"
    )
    urls = [
        "/projets/",
        "/projets/?collectivite=somme&statut=deploye&thematique=accueil&annee=2023",
        "/projets/?q=projet&collectivite=somme",
        "/projets/?tri=titre&page=2",
        "/projets/chiffres/",
        "/projets/somme/",
        project.url,
        "/",
    ]
    with_10 = {url: count_queries(client, url) for url in urls}

    add_projects(90, 10, sections, image)
    with_100 = {url: count_queries(client, url) for url in urls}

    for url in urls:
        print(f"{url}: {with_10[url]} requêtes (10 projets), {with_100[url]} (100 projets)")
    assert with_100 == with_10
    # And the listing stays frugal in absolute terms, whatever the filters. The header and
    # footer find the agenda, the library and the site's chosen pages by what they are
    # (cms_tags.site_page): a few queries per page, none per item.
    assert max(itertools.islice(with_10.values(), 4)) <= 32
