"""The alumni themes are one list kept by moderators: spellings merged, near-duplicates
refused, members tick them on their profile."""

import pytest

from alumni.models import AlumniProfileTheme, AlumniTheme, MentorTheme
from alumni.themes import merge_duplicate_themes, theme_key
from tests.factories.alumni import make_member, make_mentor, make_moderator, make_user

pytestmark = pytest.mark.django_db

THEMES_ADMIN = "/admin/snippets/alumni/alumnitheme/"


@pytest.mark.parametrize(
    "one, other",
    [
        ("design de service", "design de services"),
        ("relation aux usagers", "Relation usager"),
        ("Mesure d'impact", "mesure de l’impact"),
        ("Achats publics", "achat public"),
        ("Éco-conception", "eco conception"),
    ],
)
def test_spellings_of_one_theme_share_a_key(one, other):
    assert theme_key(one) == theme_key(other)


def test_different_themes_keep_different_keys():
    assert theme_key("design de service") != theme_key("design d'espace")
    assert theme_key("achats publics") != theme_key("achats responsables")


def test_merging_keeps_the_spelling_most_profiles_used_and_loses_no_one():
    first = make_member("Ana", themes=["design de service"])
    second = make_member("Bruno", themes=["design de service"])
    both = make_member("Chloé", themes=["design de service", "Design de services"])
    third = make_mentor("Dina", themes=["design de services"])
    make_member("Eli", themes=["achats publics"])

    spellings = AlumniTheme.objects.count()
    removed = merge_duplicate_themes(AlumniTheme, [AlumniProfileTheme, MentorTheme])

    assert spellings >= 3 and removed == spellings - 2
    assert sorted(AlumniTheme.objects.values_list("name", flat=True)) == [
        "achats publics",
        "design de service",
    ]
    for profile in (first, second, both):
        assert list(profile.themes.names()) == ["design de service"]
    assert list(third.mentor_themes.names()) == ["design de service"]
    assert merge_duplicate_themes(AlumniTheme, [AlumniProfileTheme, MentorTheme]) == 0


def test_a_moderator_lists_the_themes_with_how_many_profiles_use_them(client):
    make_member("Ana", themes=["design de service"])
    make_member("Bruno", themes=["design de service", "achats publics"])
    client.force_login(make_moderator())
    page = client.get(THEMES_ADMIN).content.decode()
    assert "Thèmes et compétences" in page
    assert "design de service" in page and "achats publics" in page
    assert ">2<" in page.replace(" ", "").replace("\n", "")


def test_a_near_duplicate_is_refused_with_the_name_already_listed(client):
    AlumniTheme.objects.create(name="relation aux usagers")
    client.force_login(make_moderator())
    response = client.post(f"{THEMES_ADMIN}add/", {"name": "Relation usager"})
    assert response.status_code == 200
    assert "Ce thème figure déjà dans la liste : « relation aux usagers »." in (
        response.content.decode()
    )
    assert AlumniTheme.objects.count() == 1

    client.post(f"{THEMES_ADMIN}add/", {"name": "Commande publique"})
    assert AlumniTheme.objects.filter(name="Commande publique").exists()


def test_a_member_or_a_stranger_cannot_edit_the_list(client):
    client.force_login(make_member("Ana").user)
    assert client.get(THEMES_ADMIN).status_code in (302, 403)
    client.force_login(make_user())
    assert client.post(f"{THEMES_ADMIN}add/", {"name": "Autre"}).status_code in (302, 403)
    assert not AlumniTheme.objects.filter(name="Autre").exists()
