import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.forms import HONEYPOT_FIELD
from news.models import CallForCandidatesPage

from .conftest import add_collectivity, page_text, paris

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(trainings):
    add_collectivity("Département de la Somme", "somme")
    add_collectivity("Ville d'Herblay-sur-Seine", "herblay-sur-seine")
    return trainings["call"]


APPLICATION = {
    "name": "Camille Martin",
    "email": "camille.martin@example.org",
    "collectivity": "Département de la Somme",
    "function": "Cheffe du service accueil",
    "motivation": "Repenser l'accueil téléphonique des solidarités avec les usagers.",
    "telephone": "01 23 45 67 89",
}


# --- Open or closed, at the boundaries, in Paris time -------------------------------------


@pytest.mark.parametrize(
    "moment, state",
    [
        (paris(2026, 10, 31, 23, 59, 59), "a-venir"),
        (paris(2026, 11, 1, 0, 0, 0), "ouvert"),
        (paris(2026, 12, 15, 23, 59, 59), "ouvert"),
        (paris(2026, 12, 16, 0, 0, 0), "clos"),
        # 23:30 UTC on the 15th of December is already the 16th in Paris: closed.
        (datetime.datetime(2026, 12, 15, 23, 30, tzinfo=datetime.UTC), "clos"),
        # 22:30 UTC on the 15th is 23:30 in Paris: still open.
        (datetime.datetime(2026, 12, 15, 22, 30, tzinfo=datetime.UTC), "ouvert"),
        # 23:30 UTC on the 31st of October is the 1st of November in Paris: open.
        (datetime.datetime(2026, 10, 31, 23, 30, tzinfo=datetime.UTC), "ouvert"),
    ],
)
def test_call_state_at_the_boundaries(call, moment, state):
    assert call.state_at(moment) == state


def test_closing_date_cannot_precede_opening(call):
    call.closing_date = datetime.date(2026, 10, 1)
    with pytest.raises(Exception) as error:
        call.full_clean()
    assert "La clôture ne peut pas précéder l'ouverture" in str(error.value)


def test_open_call_shows_the_form_with_fixed_and_added_questions(client, call, frozen_now):
    frozen_now(paris(2026, 12, 15, 23, 59, 59))
    html = page_text(client.get(call.url))
    assert "Candidatures ouvertes</strong> jusqu'au mardi 15 décembre 2026 à 23h59" in html
    for name in ("name", "email", "collectivity", "function", "motivation", "telephone"):
        assert f'name="{name}"' in html
    assert '<option value="Département de la Somme">' in html
    assert html.index('name="motivation"') < html.index('name="telephone"')


def test_application_is_stored_and_mailed_to_candidate_and_emi(client, call, frozen_now):
    frozen_now(paris(2026, 12, 15, 23, 59, 59))
    response = client.post(call.url, APPLICATION)
    assert response.status_code == 200
    assert "votre candidature est bien enregistrée" in page_text(response)

    submission = FormSubmission.objects.get(page=call)
    data = submission.get_data()
    for key, value in APPLICATION.items():
        assert data[key] == value
    assert HONEYPOT_FIELD not in submission.form_data

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"emi-candidatures@example.org", "camille.martin@example.org"}
    notification = by_recipient["emi-candidatures@example.org"]
    assert notification.reply_to == ["camille.martin@example.org"]
    assert "Repenser l'accueil téléphonique" in notification.body
    confirmation = by_recipient["camille.martin@example.org"]
    assert confirmation.subject == f"Votre candidature : {call.title}"
    assert "- Collectivité : Département de la Somme" in confirmation.body
    assert "supprimées 24 mois après la clôture" in confirmation.body


def test_after_closing_the_form_is_gone_and_a_late_post_is_refused(client, call, frozen_now):
    frozen_now(paris(2026, 12, 16, 0, 0, 0))
    html = page_text(client.get(call.url))
    assert 'name="motivation"' not in html
    assert "Appel clos</strong> depuis le mardi 15 décembre 2026 à 23h59" in html
    assert "Les candidatures sont closes : le formulaire n'est plus disponible." in html

    html = page_text(client.post(call.url, APPLICATION))
    assert "Votre candidature n'a pas été enregistrée : l'appel est clos" in html
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_before_opening_the_page_says_when(client, call, frozen_now):
    frozen_now(paris(2026, 10, 31, 23, 59, 59))
    html = page_text(client.get(call.url))
    assert 'name="motivation"' not in html
    assert "les candidatures ouvriront le dimanche 1er novembre 2026" in html
    client.post(call.url, APPLICATION)
    assert FormSubmission.objects.count() == 0


def test_errors_keep_what_was_typed(client, call, frozen_now):
    frozen_now(paris(2026, 11, 22, 10, 0))
    data = dict(APPLICATION, collectivity="Ville inconnue", email="pas-une-adresse", function="")
    response = client.post(call.url, data)
    html = page_text(response)
    assert "Votre candidature n'a pas été envoyée" in html
    assert "Choisissez votre collectivité dans la liste." in html
    assert "Saisissez une adresse électronique valide" in html
    assert 'value="pas-une-adresse"' in html
    assert "Repenser l'accueil téléphonique des solidarités avec les usagers.</textarea>" in html
    assert 'value="01 23 45 67 89"' in html
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_honeypot_stores_nothing(client, call, frozen_now):
    frozen_now(paris(2026, 11, 22, 10, 0))
    client.post(call.url, dict(APPLICATION, **{HONEYPOT_FIELD: "spam"}))
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


# --- Admin ------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


def call_form_data(extra_fields):
    return nested_form_data(
        {
            "title": "Appel formation courte",
            "slug": "appel-courte",
            "intro": rich_text(""),
            "opening_date": "2026-11-01",
            "closing_date": "2026-11-30",
            "places": "",
            "eligibility": rich_text(""),
            "process": rich_text(""),
            "calendar": streamfield([]),
            "thank_you_text": rich_text("<p>Merci.</p>"),
            "confirmation_text": "",
            "from_address": "",
            "to_address": "",
            "subject": "",
            "form_fields": inline_formset(
                [
                    {
                        "label": label,
                        "field_type": "singleline",
                        "required": "on",
                        "help_text": "",
                        "choices": "",
                        "default_value": "",
                    }
                    for label in extra_fields
                ]
            ),
            "action-publish": "publish",
        }
    )


def test_editors_cannot_add_a_question_that_replaces_a_fixed_one(admin_client, trainings):
    url = f"/admin/pages/add/news/callforcandidatespage/{trainings['training'].pk}/"
    response = admin_client.post(url, call_form_data(["Email"]))
    assert response.status_code == 200
    assert "Le formulaire pose déjà cette question" in page_text(response)
    assert not CallForCandidatesPage.objects.filter(slug="appel-courte").exists()

    response = admin_client.post(url, call_form_data(["Service"]))
    assert response.status_code == 302
    page = CallForCandidatesPage.objects.get(slug="appel-courte")
    # The fixed questions are asked even though the editor added only one.
    assert list(page.get_form().fields)[:6] == [
        "name",
        "email",
        "collectivity",
        "function",
        "motivation",
        "service",
    ]


def test_submissions_csv_export_has_the_fixed_questions(admin_client, call, frozen_now):
    frozen_now(paris(2026, 11, 22, 10, 0))
    admin_client.post(call.url, APPLICATION)
    response = admin_client.get(f"/admin/forms/submissions/{call.pk}/", {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    # French spreadsheets: UTF-8 with BOM, ';' separators (cms.exports).
    [row] = list(csv.DictReader(io.StringIO(content), delimiter=";"))
    assert row["Nom et prénom"] == "Camille Martin"
    assert row["Collectivité"] == "Département de la Somme"
    assert row["Motivation"].startswith("Repenser l'accueil")
    assert row["Téléphone"] == "01 23 45 67 89"
