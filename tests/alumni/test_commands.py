"""The monthly reminder to update a profile, and the demo content."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alumni import membership
from alumni.models import AlumniProfile, StoryPage
from home.demo import alumni as demo_alumni
from tests.demo_report import quiet_report
from tests.factories.alumni import make_member


def test_profiles_not_updated_for_a_year_are_reminded_once(alumni_site, capsys):
    old = make_member("Ancienne", "Fiche")
    fresh = make_member("Fraiche", "Fiche")
    gone = make_member("Partie", "Fiche")
    membership.deactivate(gone)
    a_year_ago = timezone.now() - datetime.timedelta(days=400)
    AlumniProfile.objects.filter(pk__in=[old.pk, gone.pk]).update(profile_updated_at=a_year_ago)
    AlumniProfile.objects.filter(pk=fresh.pk).update(
        profile_updated_at=timezone.now() - datetime.timedelta(days=200)
    )
    mail.outbox.clear()
    call_command("remind_alumni_profiles")
    assert [m.to for m in mail.outbox] == [[old.contact_email]]
    body = mail.outbox[0].body
    assert "http://127.0.0.1:8000/alumni/mon-profil/modifier/" in body
    assert "/admin/" not in body
    assert "1 alumni relancé(s)" in capsys.readouterr().out

    # Next month: no second reminder for the same stale period.
    mail.outbox.clear()
    call_command("remind_alumni_profiles")
    assert mail.outbox == []

    # A year after the reminder, still not updated: reminded again.
    AlumniProfile.objects.filter(pk=old.pk).update(
        reminder_sent_at=timezone.now() - datetime.timedelta(days=370)
    )
    call_command("remind_alumni_profiles", "--dry-run")
    assert mail.outbox == []
    call_command("remind_alumni_profiles")
    assert len(mail.outbox) == 1


def test_the_demo_is_idempotent_and_has_a_story_awaiting_review(demo_site_pages, settings):
    settings.DEBUG = False
    lines = []
    report = quiet_report()
    report.write = lines.append
    demo_alumni.load(report)
    assert report.created > 10
    assert StoryPage.objects.live().count() == 2
    in_review = StoryPage.objects.filter(live=False).get()
    assert in_review.current_workflow_state.status == "in_progress"
    listed = AlumniProfile.objects.listed()
    assert listed.filter(public_listing=True).exists()
    assert listed.filter(public_listing=False).exists()
    assert AlumniProfile.objects.filter(consent_at__isnull=True).exists()
    assert AlumniProfile.objects.filter(is_mentor=True, mentor_paused=False).exists()
    # Outside development, no demo account can log in, and no password is printed.
    assert not any(p.user.has_usable_password() for p in AlumniProfile.objects.all())
    assert not any("demo-emi" in line for line in lines)

    again = quiet_report()
    demo_alumni.load(again)
    assert again.created == 0
