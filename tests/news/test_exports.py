"""Exports of registrations, applications and contact messages: XLSX and a CSV that French
Excel and LibreOffice open (BOM, `;`, Paris time), each recorded in the audit log."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import ModelLogEntry, PageLogEntry

from cms.exports import EXPORT_ACTION
from home.models import ContactPage
from news.events.registrations import register
from news.models import EventRegistration

from .conftest import add_event, page_text

pytestmark = pytest.mark.django_db

# 14:30 UTC on 1 December is 15:30 in Paris (winter); 1 July 08:05 UTC is 10:05 (summer).
WINTER_UTC = datetime.datetime(2026, 12, 1, 14, 30, tzinfo=datetime.UTC)
SUMMER_UTC = datetime.datetime(2026, 7, 1, 8, 5, tzinfo=datetime.UTC)


@pytest.fixture
def admin(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def event(event_index):
    event = add_event(
        event_index,
        "Club mesure d'impact",
        event_type="club",
        start=timezone.now() + datetime.timedelta(days=12),
        registration_mode="formulaire",
        capacity=5,
    )
    for name, email, when in (
        ("Élise Dupré", "elise@example.org", WINTER_UTC),
        ("Karim ; Benali", "karim@example.org", SUMMER_UTC),
    ):
        registration = register(event, name=name, email=email, organisation="Cergy")
        EventRegistration.objects.filter(pk=registration.pk).update(created_at=when)
    return event


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf"), "the CSV must start with a UTF-8 BOM"
    text = raw.decode("utf-8")[1:]
    assert text.splitlines()[0].count(";") >= 2
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def xlsx_rows(response):
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def export_entries(page=None):
    if page is not None:
        return list(PageLogEntry.objects.filter(action=EXPORT_ACTION, page=page))
    entries = list(PageLogEntry.objects.filter(action=EXPORT_ACTION))
    return entries + list(ModelLogEntry.objects.filter(action=EXPORT_ACTION))


def test_registrations_csv_opens_in_french_excel(admin, event):
    rows = csv_rows(admin.get("/admin/inscriptions/", {"event": event.pk, "export": "csv"}))
    by_name = {row["Nom et prénom"]: row for row in rows}
    assert set(by_name) == {"Élise Dupré", "Karim ; Benali"}  # the `;` is quoted, not split
    assert by_name["Élise Dupré"]["Inscrit le"] == "01/12/2026 15:30"
    assert by_name["Karim ; Benali"]["Inscrit le"] == "01/07/2026 10:05"
    start = timezone.localtime(event.start).strftime("%d/%m/%Y %H:%M")
    assert by_name["Élise Dupré"]["Début"] == start


def test_registrations_xlsx_has_the_headings_and_paris_times(admin, event):
    headings, rows = xlsx_rows(
        admin.get("/admin/inscriptions/", {"event": event.pk, "export": "xlsx"})
    )
    assert headings[:4] == ["Événement", "Début", "Nom et prénom", "Adresse électronique"]
    by_name = {row[headings.index("Nom et prénom")]: row for row in rows}
    created = headings.index("Inscrit le")
    assert by_name["Élise Dupré"][created] == datetime.datetime(2026, 12, 1, 15, 30)
    assert by_name["Karim ; Benali"][created] == datetime.datetime(2026, 7, 1, 10, 5)
    assert by_name["Élise Dupré"][headings.index("Collectivité ou organisme")] == "Cergy"


def test_each_export_is_in_the_audit_log_and_the_site_history(admin, event):
    assert export_entries() == []
    admin.get("/admin/inscriptions/", {"event": event.pk, "export": "csv"})
    admin.get("/admin/inscriptions/", {"event": event.pk, "export": "xlsx"})
    entries = sorted(export_entries(), key=lambda entry: entry.timestamp)
    assert [entry.data["format"] for entry in entries] == ["csv", "xlsx"]
    for entry in entries:
        assert entry.user_id == admin.user.pk
        assert entry.page_id == event.pk
        assert entry.data["count"] == 2
        assert entry.data["filters"] == {"event": [str(event.pk)]}
    assert entries[0].message == (
        f"Export CSV de 2 inscriptions aux événements (filtres : event = {event.pk})"
    )
    history = page_text(admin.get("/admin/reports/site-history/"))
    assert "Export CSV de 2 inscriptions aux événements" in history
    assert "Export de données" in history  # the action's label, in the filter too
    page_history = page_text(admin.get(f"/admin/pages/{event.pk}/history/"))
    assert "Export XLSX de 2 inscriptions aux événements" in page_history


def test_an_export_over_no_event_is_logged_against_the_site(admin, event_index):
    rows = csv_rows(admin.get("/admin/inscriptions/", {"export": "csv"}))
    assert rows == []
    (entry,) = export_entries()
    assert isinstance(entry, ModelLogEntry) and entry.data["count"] == 0


@pytest.fixture
def applications(trainings):
    call = trainings["call"]
    for name, when in (("Élise Dupré", WINTER_UTC), ("Karim Benali", SUMMER_UTC)):
        submission = FormSubmission.objects.create(
            page=call,
            form_data={
                "name": name,
                "email": "x@example.org",
                "collectivity": "Cergy",
                "job_title": "Chargée de mission",
                "motivation": "Améliorer l'accueil ; simplifier.",
            },
        )
        FormSubmission.objects.filter(pk=submission.pk).update(submit_time=when)
    return call


def test_applications_export_in_paris_time_and_logged_on_the_call(admin, applications):
    url = f"/admin/forms/submissions/{applications.pk}/"
    rows = csv_rows(admin.get(url, {"export": "csv"}))
    assert len(rows) == 2
    dates = sorted(row[next(iter(row))] for row in rows)
    assert dates == ["01/07/2026 10:05", "01/12/2026 15:30"]
    assert {row["Motivation"] for row in rows} == {"Améliorer l'accueil ; simplifier."}

    headings, xrows = xlsx_rows(admin.get(url, {"export": "xlsx"}))
    assert "Motivation" in headings
    assert sorted(row[0] for row in xrows) == [
        datetime.datetime(2026, 7, 1, 10, 5),
        datetime.datetime(2026, 12, 1, 15, 30),
    ]
    entries = export_entries(page=applications)
    assert sorted(entry.data["format"] for entry in entries) == ["csv", "xlsx"]
    assert all(entry.data["subject"] == "réponses au formulaire" for entry in entries)


def test_contact_messages_export(admin, demo_site_pages):
    contact = ContactPage.objects.get()
    FormSubmission.objects.create(page=contact, form_data={"message": "Bonjour"})
    response = admin.get(f"/admin/forms/submissions/{contact.pk}/", {"export": "csv"})
    assert len(csv_rows(response)) == 1
    assert len(export_entries(page=contact)) == 1


def test_only_permitted_users_export_and_a_refusal_is_not_logged(client, event, applications):
    contributors = Group.objects.create(name="Contributeurs — Somme")
    contributors.permissions.add(Permission.objects.get(codename="access_admin"))
    user = get_user_model().objects.create_user("leo", "leo@example.org", "pw")
    user.groups.add(contributors)
    client.force_login(user)
    for url in (
        f"/admin/inscriptions/?event={event.pk}&export=csv",
        "/admin/inscriptions/?export=xlsx",
        f"/admin/forms/submissions/{applications.pk}/?export=csv",
        f"/admin/forms/submissions/{applications.pk}/?export=xlsx",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"elise@example.org" not in b"".join(
            getattr(response, "streaming_content", [response.content])
        )
    assert export_entries() == []
