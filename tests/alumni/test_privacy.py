"""Every field of a profile is shown only to whom its owner opened it."""

import pytest
from django.urls import reverse

from alumni.models import PRIVATE_FIELDS, Visibility
from tests.factories.alumni import (
    Client,
    all_visible,
    login,
    make_cohort,
    make_collectivity,
    make_member,
    make_project,
    make_user,
)

# What each field shows on a page: a value nobody else on the page could contain.
MARKERS = {
    "job_title": "Cheffe de projet Zéphyr",
    "collectivity": "Communauté Xylophone",
    "cohort": "Quetzal",
    "projects": "Projet Ornithorynque",
    "themes": "thème ouistiti",
    "bio": "Biographie du wombat",
    "email": "adresse.kiwi@example.test",
    "phone": "01 23 45 67 89",
    "linkedin_url": "https://www.linkedin.com/in/lemurien",
}
FIELD_NAMES = [name for name, _label, _default in PRIVATE_FIELDS]


@pytest.fixture
def owner(alumni_site):
    collectivity = make_collectivity("Communauté Xylophone", slug="xylophone")
    host = make_collectivity("Département du Quetzal", short_name="Quetzal", slug="quetzal")
    cohort = make_cohort(host, number=7)
    project = make_project(cohort, "Projet Ornithorynque")
    profile = make_member(
        "Alix",
        "Marqueur",
        user=make_user("alix@example.test"),
        public=True,
        visibility=dict.fromkeys(FIELD_NAMES, Visibility.HIDDEN),
        themes=["thème ouistiti"],
        job_title=MARKERS["job_title"],
        collectivity=collectivity,
        cohort=cohort,
        bio=MARKERS["bio"],
        phone=MARKERS["phone"],
        linkedin_url=MARKERS["linkedin_url"],
    )
    profile.email = MARKERS["email"]
    profile.save()
    profile.projects.add(project)
    return profile


def viewers(owner):
    anonymous = Client()
    member = Client()
    login(member, make_member("Bérénice", "Autre"))
    own = Client()
    login(own, owner)
    return {"anonymous": anonymous, "member": member, "owner": own}


EXPECTED = {
    Visibility.HIDDEN: {"anonymous": False, "member": False, "owner": True},
    Visibility.MEMBERS: {"anonymous": False, "member": True, "owner": True},
    Visibility.PUBLIC: {"anonymous": True, "member": True, "owner": True},
}


@pytest.mark.parametrize("field_name", FIELD_NAMES)
def test_each_field_is_shown_only_to_whom_its_owner_opened_it(owner, field_name):
    clients = viewers(owner)
    url = reverse("alumni:profile", kwargs={"slug": owner.slug})
    marker = MARKERS[field_name]
    for visibility, expected in EXPECTED.items():
        setattr(owner, f"{field_name}_visibility", visibility)
        owner.save()
        for viewer, client in clients.items():
            response = client.get(url)
            assert response.status_code == 200
            shown = marker in response.content.decode()
            assert shown is expected[viewer], (
                f"{field_name} en « {visibility.label} » : "
                f"{'visible' if shown else 'invisible'} pour {viewer}"
            )
            # The name is always there: members and, on a public profile, everyone.
            assert "Alix Marqueur" in response.content.decode()


def test_an_unlisted_profile_shows_nothing_to_anonymous_visitors(owner):
    owner.public_listing = False
    for name in FIELD_NAMES:
        setattr(owner, f"{name}_visibility", Visibility.PUBLIC)
    owner.save()
    clients = viewers(owner)
    url = reverse("alumni:profile", kwargs={"slug": owner.slug})
    response = clients["anonymous"].get(url)
    assert response.status_code == 404
    content = response.content.decode()
    assert "Alix Marqueur" not in content
    assert not any(marker in content for marker in MARKERS.values())
    # Not in the public directory either, while members see it there.
    directory = reverse("alumni:directory")
    assert "Alix Marqueur" not in clients["anonymous"].get(directory).content.decode()
    assert "Alix Marqueur" in clients["member"].get(directory).content.decode()


def test_a_profile_without_consent_is_seen_by_its_owner_only(owner):
    owner.consent_at = None
    owner.consent_version = ""
    for name in FIELD_NAMES:
        setattr(owner, f"{name}_visibility", Visibility.PUBLIC)
    owner.save()
    clients = viewers(owner)
    url = reverse("alumni:profile", kwargs={"slug": owner.slug})
    assert clients["anonymous"].get(url).status_code == 404
    assert clients["member"].get(url).status_code == 404
    assert clients["owner"].get(url).status_code == 200
    for viewer in ("anonymous", "member"):
        page = clients[viewer].get(reverse("alumni:directory")).content.decode()
        assert "Alix Marqueur" not in page


def test_directory_cards_and_theme_filter_follow_the_same_choices(owner):
    clients = viewers(owner)
    directory = reverse("alumni:directory")
    owner.job_title_visibility = Visibility.MEMBERS
    owner.themes_visibility = Visibility.MEMBERS
    owner.save()
    anonymous = clients["anonymous"].get(directory).content.decode()
    member = clients["member"].get(directory).content.decode()
    assert "Alix Marqueur" in anonymous  # public profile, name listed
    assert MARKERS["job_title"] not in anonymous
    # Not even among the theme filter's choices: it would reveal the hidden value.
    assert MARKERS["themes"] not in anonymous
    assert MARKERS["job_title"] in member
    assert MARKERS["themes"] in member


def test_filters_never_match_a_field_the_viewer_cannot_see(owner):
    """Filtering by a hidden value would tell who has it: the filter ignores it."""
    owner.collectivity_visibility = Visibility.MEMBERS
    owner.save()
    clients = viewers(owner)
    url = reverse("alumni:directory") + "?collectivite=xylophone"
    card_link = f'href="{reverse("alumni:profile", kwargs={"slug": owner.slug})}"'

    def found(viewer):
        return card_link in clients[viewer].get(url).content.decode()

    assert not found("anonymous")
    assert found("member")
    owner.collectivity_visibility = Visibility.HIDDEN
    owner.save()
    # Hidden from members too: even the owner's own search does not use it.
    assert not found("member")
    assert not found("owner")


def test_a_fully_public_profile_lists_its_projects_for_everyone(owner):
    for name, value in all_visible().items():
        setattr(owner, f"{name}_visibility", value)
    owner.save()
    response = Client().get(reverse("alumni:profile", kwargs={"slug": owner.slug}))
    content = response.content.decode()
    project = owner.projects.get()
    assert f'href="{project.url}"' in content
    for marker in MARKERS.values():
        assert marker in content


def test_owner_sees_who_may_see_each_field(owner):
    client = Client()
    login(client, owner)
    content = client.get(reverse("alumni:my_profile")).content.decode()
    for marker in MARKERS.values():
        assert marker in content
    assert content.count("Visible par : moi seul·e") == len(FIELD_NAMES)
