"""Editing one's profile: visibility choices, consent with its date and text version."""

from django.utils import timezone

from alumni.consent import CURRENT_CONSENT_VERSION
from alumni.models import AlumniProfile, AlumniTheme, Visibility
from tests.factories.alumni import Client, login, make_member

EDIT = "/alumni/mon-profil/modifier/"


def theme_ids(*names):
    """The moderators' list holds these themes; their ids, as the form posts them."""
    return [str(AlumniTheme.objects.get_or_create(name=name)[0].pk) for name in names]


def form_data(profile, **overrides):
    data = {
        "first_name": profile.first_name,
        "last_name": profile.last_name,
        "job_title": "Cheffe de projet innovation",
        "collectivity": "",
        "cohort": "",
        "themes": theme_ids("Design de service", "mesure d'impact"),
        "bio": "Une courte présentation.",
        "email": "contact@example.test",
        "phone": "01 34 25 30 30",
        "linkedin_url": "",
        "mentor_themes": [],
        "mentor_capacity": "2",
    }
    for name in (
        "job_title",
        "collectivity",
        "cohort",
        "projects",
        "themes",
        "bio",
        "email",
        "phone",
        "linkedin_url",
    ):
        data[f"{name}_visibility"] = Visibility.MEMBERS
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_first_save_records_consent_with_date_and_version(alumni_site):
    profile = make_member("Nouvelle", "Venue", consent=False)
    client = Client()
    login(client, profile)
    before = timezone.now()
    response = client.post(EDIT, form_data(profile, consent="on", phone_visibility="masque"))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.consent_at >= before
    assert profile.consent_version == CURRENT_CONSENT_VERSION
    assert profile.phone_visibility == Visibility.HIDDEN
    assert profile.profile_updated_at >= before
    assert sorted(t.name for t in profile.themes.all()) == ["Design de service", "mesure d'impact"]
    assert profile.user.first_name == "Nouvelle"


def test_without_consent_the_profile_is_saved_but_not_listed(alumni_site):
    profile = make_member("Hésitante", "Prudence", consent=False)
    client = Client()
    login(client, profile)
    response = client.post(EDIT, form_data(profile), follow=True)
    assert "n&#x27;apparaît pas dans l&#x27;annuaire" in response.content.decode()
    profile.refresh_from_db()
    assert profile.consent_at is None
    assert profile.bio == "Une courte présentation."
    assert not AlumniProfile.objects.listed().filter(pk=profile.pk).exists()


def test_public_listing_and_mentoring_need_consent_and_errors_keep_the_input(alumni_site):
    profile = make_member("Pressée", "Publique", consent=False)
    client = Client()
    login(client, profile)
    response = client.post(
        EDIT,
        form_data(
            profile,
            public_listing="on",
            is_mentor="on",
            phone="pas un numéro !",
            bio="Ce que j'ai écrit et que je garde.",
        ),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Pour que votre fiche soit publique, cochez l&#x27;accord." in content
    assert "Indiquez au moins un thème sur lequel vous pouvez aider." in content
    assert "Saisissez un numéro de téléphone" in content
    assert "Ce que j&#x27;ai écrit et que je garde." in content
    profile.refresh_from_db()
    assert not profile.public_listing and not profile.is_mentor


def test_themes_are_chosen_from_the_moderators_list(alumni_site):
    listed = theme_ids("Mesure d'impact", "design de service")
    profile = make_member("Seconde")
    client = Client()
    login(client, profile)
    content = client.get(EDIT).content.decode()
    assert 'type="checkbox" name="themes"' in content and "Un thème manque ?" in content
    client.post(EDIT, form_data(profile, themes=listed))
    assert sorted(t.name for t in profile.themes.all()) == ["Mesure d'impact", "design de service"]

    data = form_data(profile, themes=["999999"])
    listed_count = AlumniTheme.objects.count()
    response = client.post(EDIT, data)
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert AlumniTheme.objects.count() == listed_count


def test_a_consented_profile_is_not_asked_again(alumni_site):
    profile = make_member("Fidèle", "Membre")
    client = Client()
    login(client, profile)
    content = client.get(EDIT).content.decode()
    assert 'name="consent"' not in content
    stamp = profile.consent_at
    client.post(EDIT, form_data(profile))
    profile.refresh_from_db()
    assert profile.consent_at == stamp


def test_the_form_shows_the_current_themes_so_saving_keeps_them(alumni_site):
    profile = make_member(
        "Gardienne",
        "Themes",
        themes=["design de service", "Achats publics"],
        is_mentor=True,
        mentor_themes=["mesure d'impact"],
    )
    client = Client()
    login(client, profile)
    form = client.get(EDIT).context["form"]
    assert sorted(theme.name for theme in form.initial["themes"]) == [
        "Achats publics",
        "design de service",
    ]
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data["projects"] = []
    response = client.post(EDIT, data)
    assert response.status_code == 302
    assert sorted(t.name for t in profile.themes.all()) == ["Achats publics", "design de service"]
    assert [t.name for t in profile.mentor_themes.all()] == ["mesure d'impact"]
