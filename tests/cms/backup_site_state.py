"""Run inside `manage.py shell` by tests/cms/test_backups.py, against the database under
test: `build()` makes a site with one page of every type from the factories, plus what
a restore must bring back beyond pages (form submissions, a topic proposal, a
registration, a member, documents); `state()` prints all of it, as JSON."""

import hashlib
import json

from django.db.models import F
from wagtail.contrib.forms.models import FormSubmission
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from alumni.models import AlumniProfile
from home.models import ContactPage
from news.models import CallForCandidatesPage, EventRegistration, TopicProposal
from projects.models import ProjectFeedback
from tests.conftest import ensure_wagtail_roots
from tests.factories.alumni import make_member
from tests.factories.site import build_home
from tests.factories.whole_site import build_every_page_type


def build():
    site = build_every_page_type(build_home(ensure_wagtail_roots()))
    EventRegistration.objects.create(
        event=site["event"], name="Jeanne Petit", email="jeanne.petit@example.org"
    )
    make_member("Hélène", "Sauvegarde")
    seed()


def seed():
    contact = ContactPage.objects.first()
    call = CallForCandidatesPage.objects.first()
    for page, data in (
        (contact, {"nom": "Élise Dupré", "message": "Bonjour ; à bientôt."}),
        (call, {"nom": "Karim Benali", "email": "karim@example.org", "motivation": "Oui"}),
    ):
        FormSubmission.objects.create(page=page, form_data=data)
    TopicProposal.objects.create(
        problem="Accueil des usagers",
        service="Action sociale",
        sponsor="DGA",
        contact_name="Nadia Martin",
        contact_email="nadia@example.org",
    )


def _digest(file_field):
    with file_field.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def state():
    documents = get_document_model().objects.order_by("pk")
    images = get_image_model().objects.order_by("pk")
    data = {
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk", "url_path", "title", "live", "latest_revision_id", "live_revision_id"
            )
        ),
        "revisions": [
            [
                pk,
                object_id,
                hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest(),
            ]
            for pk, object_id, content in Revision.objects.order_by("pk").values_list(
                "pk", "object_id", "content"
            )
        ],
        "registrations": list(
            EventRegistration.objects.order_by("pk").values_list(
                "pk", "event_id", "email", "status"
            )
        ),
        "submissions": [
            [s.pk, s.page_id, s.form_data, s.submit_time.isoformat()]
            for s in FormSubmission.objects.order_by("pk")
        ],
        "topic_proposals": list(
            TopicProposal.objects.order_by("pk").values_list("pk", "problem", "contact_email")
        ),
        "feedback": list(ProjectFeedback.objects.order_by("pk").values_list("pk", "text")),
        "profiles": list(AlumniProfile.objects.order_by("pk").values_list("pk", F("user__email"))),
        "documents": [[d.pk, d.title, d.file.name, _digest(d.file)] for d in documents],
        "images": [[i.pk, i.title, i.file.name, _digest(i.file)] for i in images],
    }
    print(json.dumps(data, ensure_ascii=False, default=str))
