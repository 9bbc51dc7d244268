"""The directory: filters as slugs, pagination, and a query count that does not grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alumni.directory import PER_PAGE
from tests.factories.alumni import (
    Client,
    all_visible,
    login,
    make_cohort,
    make_collectivity,
    make_member,
    make_mentor,
)


@pytest.fixture
def places(alumni_site):
    somme = make_collectivity("Département de la Somme", short_name="Somme", slug="somme")
    nord = make_collectivity("Département du Nord", short_name="Nord", slug="nord")
    return {
        "somme": somme,
        "nord": nord,
        "somme-1": make_cohort(somme, number=1),
        "nord-2": make_cohort(nord, number=2),
    }


def card_names(response):
    content = response.content.decode()
    return {
        name
        for name in ("Anne Somme", "Bruno Nord", "Chloé Impact", "Denis Cache")
        if f">{name}</a>" in content
    }


@pytest.fixture
def people(places):
    make_member(
        "Anne",
        "Somme",
        public=True,
        visibility=all_visible(),
        collectivity=places["somme"],
        cohort=places["somme-1"],
        themes=["design de service"],
    )
    make_member(
        "Bruno",
        "Nord",
        public=True,
        visibility=all_visible(),
        collectivity=places["nord"],
        cohort=places["nord-2"],
        themes=["achats publics"],
    )
    make_member(
        "Chloé",
        "Impact",
        collectivity=places["somme"],
        cohort=places["nord-2"],
        themes=["Mesure d'impact"],
    )
    make_member("Denis", "Cache", consent=False, collectivity=places["somme"])


@pytest.fixture
def member_client(places):
    client = Client()
    login(client, make_member("Lectrice", "Membre"))
    return client


def test_filters_are_slugs_and_combine(people, member_client):
    def names(query):
        return card_names(member_client.get("/alumni/annuaire/" + query))

    assert names("") == {"Anne Somme", "Bruno Nord", "Chloé Impact"}
    assert names("?collectivite=somme") == {"Anne Somme", "Chloé Impact"}
    assert names("?promotion=" + "somme-longue-1") == {"Anne Somme"}
    assert names("?theme=mesure-d-impact") == {"Chloé Impact"}
    assert names("?collectivite=somme&promotion=nord-longue-2") == {"Chloé Impact"}
    assert names("?q=bru") == {"Bruno Nord"}
    assert names("?q=chloé impact") == {"Chloé Impact"}


def test_anonymous_visitors_search_public_profiles_only(people):
    client = Client()
    assert card_names(client.get("/alumni/annuaire/")) == {"Anne Somme", "Bruno Nord"}
    assert card_names(client.get("/alumni/annuaire/?collectivite=somme")) == {"Anne Somme"}
    content = client.get("/alumni/annuaire/").content.decode()
    # The theme of a members-only profile is not offered as a filter to the public.
    assert "Mesure d&#x27;impact" not in content and "mesure-d-impact" not in content


def test_an_unknown_filter_value_is_ignored_with_a_message(people, member_client):
    response = member_client.get("/alumni/annuaire/?collectivite=atlantide")
    content = response.content.decode()
    assert "Filtre « Collectivité » ignoré : la valeur « atlantide »" in content
    assert card_names(response) == {"Anne Somme", "Bruno Nord", "Chloé Impact"}


def test_pages_of_twenty_and_invalid_page_numbers(places, member_client):
    for number in range(PER_PAGE + 5):
        make_member("Membre", f"Numero{number:02d}")
    first = member_client.get("/alumni/annuaire/?page=abc").content.decode()
    assert "Page 1 sur 2" in first
    last = member_client.get("/alumni/annuaire/?page=999").content.decode()
    assert "Page 2 sur 2" in last
    assert last.count('class="card alumni-card"') == PER_PAGE + 5 + 1 - PER_PAGE


def count_queries(client, url):
    # Warm the per-process caches (site, content types), then what is kept until the
    # tree changes (menu, routes: a first render that makes an image public renews them).
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def populate(places, number, offset=0):
    for index in range(offset, offset + number):
        make_member(
            "Profil",
            f"Numero{index:03d}",
            public=index % 2 == 0,
            visibility=all_visible(),
            collectivity=places["somme"] if index % 3 else places["nord"],
            cohort=places["somme-1"],
            themes=[f"thème {index % 7}", "design de service"],
        )
        if index % 4 == 0:
            make_mentor("Mentor", f"Numero{index:03d}", themes=[f"thème {index % 5}"])


@pytest.mark.parametrize(
    "url",
    [
        "/alumni/annuaire/",
        "/alumni/annuaire/?collectivite=somme&theme=design-de-service",
        "/alumni/parrains/",
    ],
)
def test_query_count_does_not_grow_with_the_number_of_profiles(places, url):
    reader = make_member("Lectrice", "Membre")
    member = Client()
    login(member, reader)
    anonymous = Client()
    populate(places, 3)
    small_member = count_queries(member, url)
    small_anonymous = count_queries(anonymous, url) if "parrains" not in url else None
    populate(places, 60, offset=3)
    assert count_queries(member, url) == small_member
    if small_anonymous is not None:
        assert count_queries(anonymous, url) == small_anonymous
    print(f"\n{url} : {small_member} requêtes (membre), {small_anonymous} (anonyme)")


def test_profile_and_story_pages_have_a_constant_query_count(places, alumni_site):
    reader = make_member("Lectrice", "Membre")
    member = Client()
    login(member, reader)
    populate(places, 2)
    subject = make_member(
        "Sujet", "Stable", public=True, visibility=all_visible(), themes=["a", "b"]
    )
    url = f"/alumni/annuaire/{subject.slug}/"
    before = count_queries(member, url)
    subject.themes.add("c", "d", "e")
    populate(places, 20, offset=2)
    assert count_queries(member, url) == before
