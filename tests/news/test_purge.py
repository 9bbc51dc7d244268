import datetime

import pytest
from django.core.management import call_command
from wagtail.contrib.forms.models import FormSubmission

from cms.retention import months_before
from news.models import CallForCandidatesPage, EventRegistration, TopicProposal

from .conftest import add_event, paris, publish

pytestmark = pytest.mark.django_db


def test_months_before_handles_short_months():
    assert months_before(datetime.date(2026, 11, 22), 24) == datetime.date(2024, 11, 22)
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 13) == datetime.date(2024, 12, 15)


def test_purge_removes_only_what_is_past_its_term(trainings, event_index, frozen_now, capsys):
    now = frozen_now(paris(2026, 11, 22, 3, 0))
    training, recent_call = trainings["training"], trainings["call"]
    old_call = CallForCandidatesPage(
        title="Appel 2024",
        slug="appel-2024",
        opening_date=datetime.date(2024, 9, 1),
        closing_date=datetime.date(2024, 11, 21),  # 24 months and a day ago
    )
    publish(training, old_call)
    border_call = CallForCandidatesPage(
        title="Appel limite",
        slug="appel-limite",
        opening_date=datetime.date(2024, 9, 1),
        closing_date=datetime.date(2024, 11, 22),  # exactly 24 months ago: kept today
    )
    publish(training, border_call)
    for page in (old_call, border_call, recent_call):
        FormSubmission.objects.create(page=page, form_data={"name": "X", "email": "x@example.org"})

    old_event = add_event(
        event_index, "Ancien", start=paris(2024, 11, 20, 9), end=paris(2024, 11, 20, 17)
    )
    recent_event = add_event(event_index, "Récent", start=paris(2025, 6, 1, 9))
    EventRegistration.objects.create(event=old_event, name="A", email="a@example.org")
    EventRegistration.objects.create(event=recent_event, name="B", email="b@example.org")

    old_topic = TopicProposal.objects.create(
        problem="Vieux sujet",
        service="S",
        sponsor="D",
        contact_name="Nom",
        contact_email="nom@example.org",
        created_at=paris(2024, 10, 1, 10),
    )
    new_topic = TopicProposal.objects.create(
        problem="Sujet récent",
        service="S",
        sponsor="D",
        contact_name="Nom2",
        contact_email="nom2@example.org",
        created_at=paris(2026, 1, 1, 10),
    )

    call_command("purge_news_personal_data", "--dry-run")
    assert FormSubmission.objects.count() == 3
    out = capsys.readouterr().out
    assert "candidatures aux appels clos (avant le 22/11/2024 03:00) : 1 à supprimer" in out
    assert "inscriptions aux événements passés (avant le 22/11/2024 03:00) : 1 à supprimer" in out
    assert "coordonnées de propositions de sujets (avant le 22/11/2024 03:00) : 1 à effacer" in out
    assert EventRegistration.objects.count() == 2

    call_command("purge_news_personal_data")
    out = capsys.readouterr().out
    assert "candidatures aux appels clos (avant le 22/11/2024 03:00) : 1 supprimé(s)" in out
    # The former command is a part of purge_personal_data: only the news rules run.
    assert "Avis des usagers" not in out and "Sauvegardes" not in out
    assert set(FormSubmission.objects.values_list("page_id", flat=True)) == {
        border_call.pk,
        recent_call.pk,
    }
    assert list(EventRegistration.objects.values_list("name", flat=True)) == ["B"]
    old_topic.refresh_from_db()
    new_topic.refresh_from_db()
    assert old_topic.problem == "Vieux sujet"  # the topic stays, its contact goes
    assert (old_topic.contact_name, old_topic.contact_email) == ("", "")
    assert old_topic.anonymised_at == now
    assert new_topic.contact_email == "nom2@example.org"
