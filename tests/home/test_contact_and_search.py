import re

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from cms.forms import HONEYPOT_FIELD

pytestmark = pytest.mark.django_db

VALID = {
    "nom": "Camille Martin",
    "email": "camille.martin@example.org",
    "objet": "Rejoindre l'EMI",
    "message": "Notre commune souhaite envoyer deux cadres à la prochaine session.",
}


def test_contact_form_stores_and_emails_the_contact_address(client, demo_site_pages):
    response = client.post("/contact/", VALID)
    assert response.status_code == 200
    assert "Merci, votre message a bien été envoyé" in response.content.decode()
    submission = FormSubmission.objects.get()
    assert submission.get_data()["message"] == VALID["message"]
    assert HONEYPOT_FIELD not in submission.form_data
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["emi@valdoise.fr"]
    assert sent.reply_to == ["camille.martin@example.org"]
    assert "Notre commune souhaite" in sent.body


def test_contact_errors_keep_what_was_typed(client, demo_site_pages):
    data = dict(VALID, email="pas-une-adresse")
    response = client.post("/contact/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le message n&#x27;a pas été envoyé" in html or "Le message n'a pas été envoyé" in html
    # Django or Django REST framework wording, depending on translation precedence.
    assert re.search(r"Saisissez une adresse (de courriel|e-mail) valide", html)
    assert (
        'aria-invalid="true"' in html
        and 'aria-describedby="id_email_helptext id_email_error"' in html
    )
    assert "Notre commune souhaite envoyer deux cadres" in html
    assert 'value="Camille Martin"' in html
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_honeypot_stops_naive_bots(client, demo_site_pages):
    response = client.post("/contact/", dict(VALID, **{HONEYPOT_FIELD: "http://spam.example"}))
    assert response.status_code == 200
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_search_finds_a_demo_page_with_a_french_count(client, demo_site_pages):
    html = client.get("/recherche/", {"q": "méthode"}).content.decode()
    assert "Notre méthode" in html
    assert "résultat" in html


def test_search_empty_state_and_unpublished_pages(client, demo_site_pages):
    from wagtail.models import Page

    Page.objects.get(slug="methode").specific.unpublish()
    html = client.get("/recherche/", {"q": "zzzyxwv"}).content.decode()
    assert "Aucun résultat pour « zzzyxwv »" in html
    html = client.get("/recherche/", {"q": "Notre méthode"}).content.decode()
    assert 'href="/l-emi/methode/"' not in html


def test_search_results_are_kept_and_follow_a_publication(client, demo_site_pages):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page

    client.get("/recherche/", {"q": "méthode"})
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/recherche/", {"q": "méthode"}).content.decode()
    assert "Notre méthode" in html
    # The ranked ids and every result's card are kept until the tree changes.
    assert not [q for q in queries if "wagtailcore_page" in q["sql"]]
    method = Page.objects.get(slug="methode").specific
    method.title = "Notre méthode, revue"
    method.save_revision().publish()
    html = client.get("/recherche/", {"q": "méthode"}).content.decode()
    assert "Notre méthode, revue" in html


def test_search_pagination_handles_bad_page_numbers(client, demo_site_pages):
    for page in ("abc", "9999", "-1"):
        assert client.get("/recherche/", {"q": "EMI", "page": page}).status_code == 200


def test_the_search_page_s_two_search_landmarks_have_distinct_names(client, demo_site_pages):
    html = client.get("/recherche/", {"q": "accueil"}).content.decode()
    forms = re.findall(r'<form[^>]*role="search"[^>]*>', html)
    labels = [re.search(r'aria-label="([^"]+)"', form).group(1) for form in forms]
    assert len(labels) == 2 and len(set(labels)) == 2


def test_no_form_has_an_empty_action(client, demo_site_pages):
    for url in ("/actualites/", "/agenda/", "/recherche/"):
        html = client.get(url).content.decode()
        assert 'action=""' not in html, url
