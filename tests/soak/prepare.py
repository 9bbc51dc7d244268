"""Prepares the soak's database and prints what the load needs, as JSON.

    DJANGO_SETTINGS_MODULE=tests.soak.settings DATABASE_URL=… python -m tests.soak.prepare N

Migrates, loads the demo (every page type), adds an open event with a registration
form, an open call for candidates, N alumni who may log in, and one EMI moderator (so
that Wagtail's workflow notifications are part of the mail). Empties the mail queue.
"""

import datetime
import io
import json
import sys

import django


def main(alumni_count):
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone
    from mailer.models import Message, MessageLog
    from wagtail.models import Page

    from alumni import membership
    from alumni.consent import CURRENT_CONSENT_VERSION
    from alumni.models import AlumniProfile
    from cms.models import Collectivity
    from cms.roles import moderators_group
    from news.models import CallForCandidatesPage, EventIndexPage, EventPage, TrainingPage

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", stdout=io.StringIO())

    now = timezone.now()
    event = EventPage(
        title="Atelier d'endurance",
        slug="atelier-endurance",
        event_type="atelier",
        summary="L'atelier des essais d'endurance.",
        place_name="Hôtel du Département",
        address="2 avenue du Parc, 95000 Cergy",
        start=now + datetime.timedelta(days=20),
        end=now + datetime.timedelta(days=20, hours=2),
        registration_mode="formulaire",
        capacity=25,  # the rest goes to the waiting list: both paths are exercised
    )
    EventIndexPage.objects.get().add_child(instance=event)
    event.save_revision().publish()

    today = timezone.localdate()
    call = CallForCandidatesPage(
        title="Appel d'endurance",
        slug="appel-endurance",
        opening_date=today - datetime.timedelta(days=1),
        closing_date=today + datetime.timedelta(days=30),
        places=20,
        to_address="emi-candidatures@soak.example",
    )
    TrainingPage.objects.first().add_child(instance=call)
    call.save_revision().publish()

    User = get_user_model()
    moderator = User.objects.create_user(
        "moderatrice@soak.example", "moderatrice@soak.example", "soak-password-123"
    )
    moderator.groups.add(moderators_group())
    alumni = []
    for n in range(alumni_count):
        username = f"alumnus{n}@soak.example"
        user = User.objects.create_user(username, username, "soak-password-123")
        profile = AlumniProfile.objects.create(
            user=user,
            first_name="Alumnus",
            last_name=f"Endurance{n}",
            email=username,
            consent_at=now,
            consent_version=CURRENT_CONSENT_VERSION,
        )
        membership.activate(profile)
        alumni.append(username)

    Message.objects.all().delete()
    MessageLog.objects.all().delete()

    reads, seen = [], set()
    for page in Page.objects.live().public().specific().order_by("path"):
        kind = type(page).__name__
        url = page.get_url()
        if kind in seen or not url or not url.startswith("/"):
            continue
        seen.add(kind)
        reads.append(url)
    reads += [
        "/projets/chiffres/",
        "/projets/?statut=deploye",
        "/actualites/rss/",
        "/agenda/ical/",
        "/sitemap.xml",
        "/sitemap-pages.xml",
        "/robots.txt",
        "/recherche/?q=projet",
        "/api/v2/pages/?type=news.NewsPage",
    ]
    print(
        json.dumps(
            {
                "event_url": event.get_url(),
                "call_url": call.get_url(),
                "collectivity": Collectivity.objects.order_by("name").first().name,
                "alumni": alumni,
                "password": "soak-password-123",
                "moderators": User.objects.filter(groups=moderators_group(), is_active=True)
                .exclude(email="")
                .distinct()
                .count(),
                "page_types": sorted(seen),
                "reads": reads,
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
