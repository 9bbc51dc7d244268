"""One source of truth for retention: the rules of cms.retention are both the table of
/donnees-personnelles/ and what `purge_personal_data` deletes."""

import dataclasses
import datetime
import html
import os
import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from cms import retention
from cms.retention import Term
from home.models import ContactPage, LegalPage, LegalPageKind

pytestmark = pytest.mark.django_db

PURGED_KEYS = {
    "contact_messages",
    "feedback",
    "applications",
    "registrations",
    "topic_proposals",
    "logs",
    "backups",
}


def run(*args):
    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def cells(response):
    table = re.search(
        r'<table class="retention-table">(.*?)</table>', response.content.decode(), re.S
    )
    assert table, "the personal-data page has no retention table"
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)[1:]
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


def test_every_kind_of_personal_data_has_a_rule():
    keys = {rule.key for rule in retention.rules()}
    assert PURGED_KEYS <= keys
    for rule in retention.rules():
        if rule.key in PURGED_KEYS:
            assert rule.purge is not None and rule.term is not None, rule.key
        assert rule.purge or rule.manual, f"{rule.key}: who removes this data?"
    # Added by the mail queue and login-throttling packages when they are installed.
    assert ("mail_queue" in keys) == apps.is_installed("mailer")
    assert ("login_attempts" in keys) == apps.is_installed("axes")


def test_the_page_table_is_the_registry(client, demo_site_pages):
    rows = cells(client.get("/donnees-personnelles/"))
    assert rows == [
        [rule.category, rule.data, rule.purpose, rule.duration_text] for rule in retention.rules()
    ]
    assert [
        "Inscriptions aux événements",
        retention.get("registrations").data,
        "Organisation de l'événement",
        "24 mois après l'événement",
    ] in rows


def test_changing_a_term_changes_the_page_and_the_purge_together(
    client, demo_site_pages, monkeypatch
):
    rule = retention.get("contact_messages")
    monkeypatch.setitem(retention._RULES, rule.key, dataclasses.replace(rule, term=Term(months=3)))
    contact = ContactPage.objects.get()
    old = FormSubmission.objects.create(page=contact, form_data={"message": "ancien"})
    FormSubmission.objects.filter(pk=old.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=100)
    )
    recent = FormSubmission.objects.create(page=contact, form_data={"message": "récent"})

    rows = cells(client.get("/donnees-personnelles/"))
    assert [
        "Formulaire de contact",
        "Nom, courriel, message",
        "Vous répondre",
        "3 mois après l'envoi du message",
    ] in rows
    run("--rule=contact_messages")
    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [recent.pk]


def test_dry_run_lists_each_rule_in_french_and_deletes_nothing(demo_site_pages, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    contact = ContactPage.objects.get()
    message = FormSubmission.objects.create(page=contact, form_data={"message": "ancien"})
    FormSubmission.objects.filter(pk=message.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=400)
    )
    out = run("--dry-run")
    assert out.startswith("Simulation : rien n'est supprimé.")
    for rule in retention.rules():
        assert f"{rule.category} — {rule.duration_text}" in out
    assert re.search(
        r"messages du formulaire de contact \(avant le [\d/]+ [\d:]+\) : 1 à supprimer", out
    )
    assert "Annuaire des alumni — Jusqu'à la suppression du compte" in out
    assert "pas de purge automatique : la personne supprime son compte" in out
    assert FormSubmission.objects.filter(pk=message.pk).exists()


def test_old_backup_archives_and_log_files_are_deleted(settings, tmp_path):
    backups, logs = tmp_path / "backups", tmp_path / "logs"
    backups.mkdir()
    logs.mkdir()
    settings.BACKUP_DIR, settings.EMI_LOG_DIR = backups, str(logs)
    now = timezone.now().timestamp()
    old_age = 31 * 86400
    files = {
        "old_archive": backups / "emi-sauvegarde-20250101-030000.tar.gz.age",
        "new_archive": backups / "emi-sauvegarde-20261130-030000.tar.gz.age",
        "not_an_archive": backups / "notes.txt",
        "old_log": logs / "access.log.3.gz",
        "new_log": logs / "access.log",
    }
    for name, path in files.items():
        path.write_text(name)
    for name in ("old_archive", "not_an_archive"):
        os.utime(files[name], (now - old_age, now - old_age))
    os.utime(files["old_log"], (now - 400 * 86400,) * 2)

    out = run("--rule=backups", "--rule=logs")
    assert f"archives de sauvegarde dans {backups}" in out and ": 1 supprimé(s)" in out
    assert not files["old_archive"].exists() and not files["old_log"].exists()
    assert files["new_archive"].exists() and files["new_log"].exists()
    assert files["not_an_archive"].exists()  # only the site's own archives are touched


def test_logs_on_stdout_are_left_to_journald(settings):
    settings.EMI_LOG_DIR = ""
    assert "journald : MaxRetentionSec=12month" in run("--rule=logs")


def test_the_personal_data_page_cannot_drop_the_table(demo_site_pages):
    page = LegalPage.objects.get(kind=LegalPageKind.PERSONAL_DATA)
    page.body = [
        (block.block_type, block.value)
        for block in page.body
        if block.block_type != "retention_table"
    ]
    with pytest.raises(ValidationError, match="Tableau des durées de conservation"):
        page.full_clean()


@pytest.mark.skipif(not apps.is_installed("mailer"), reason="django-mailer non installé")
def test_mail_log_is_purged_after_its_term():
    from mailer.models import Message, MessageLog

    old = timezone.now() - datetime.timedelta(days=120)
    MessageLog.objects.create(
        message_data="", when_added=old, when_attempted=old, priority=2, result="1"
    )
    MessageLog.objects.create(message_data="", when_added=timezone.now(), priority=2, result="1")
    Message.objects.create(message_data="", when_added=old)
    out = run("--rule=mail_queue")
    assert "entrées du journal d'envoi des courriels" in out
    assert MessageLog.objects.count() == 1 and Message.objects.count() == 0


@pytest.mark.skipif(not apps.is_installed("axes"), reason="django-axes non installé")
def test_login_attempts_are_purged_after_their_term():
    from axes.models import AccessAttempt, AccessLog

    for model, extra in ((AccessAttempt, {"failures_since_start": 3}), (AccessLog, {})):
        fields = {"ip_address": "127.0.0.1", "user_agent": "t", **extra}
        old = model.objects.create(username="x", **fields)
        model.objects.filter(pk=old.pk).update(
            attempt_time=timezone.now() - datetime.timedelta(days=200)
        )
        model.objects.create(username="y", **fields)
    run("--rule=login_attempts")
    assert AccessAttempt.objects.count() == 1 and AccessLog.objects.count() == 1
