"""An alumnus's rights over their data: download everything, erase their account.

The export gathers what the site holds about the person: account, profile and privacy
choices, consent, clubs, stories, mentoring requests, and what they gave with their
email address elsewhere on the site (event registrations, applications to calls,
topic proposals). The erasure removes the profile, the contact data and the account;
published stories are removed or kept signed "ancien membre", as the person chooses.
"""

import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import ModelLogEntry, PageLogEntry, Revision, WorkflowState

from cms.invitations import absolute_url
from cms.logins import forget_login_records
from cms.models import CustomImage
from news.models import CallForCandidatesPage, EventRegistration, TopicProposal

from . import membership
from .consent import consent_text
from .models import (
    PRIVATE_FIELDS,
    AlumniProfile,
    ClubPage,
    StoryPage,
    Visibility,
)
from .setup import stories_collection
from .stories import STORY_CONSENT_TEXT, statuses_for

EXPORT_VERSION = 1


def _iso(value):
    return value.isoformat() if value else None


def _page_ref(page, request=None):
    if page is None:
        return None
    return {"titre": page.title, "adresse": page.get_full_url(request) if page.live else None}


# --- Records kept by the news app, found by email --------------------------------------


def emails_of(profile):
    addresses = {profile.user.email.strip().lower()} if profile.user.email else set()
    if profile.email:
        addresses.add(profile.email.strip().lower())
    return sorted(address for address in addresses if address)


def any_address(field, addresses):
    """Rows whose `field` is one of the addresses, whatever the case it was typed in."""
    query = Q(pk__in=[])
    for address in addresses:
        query |= Q(**{f"{field}__iexact": address})
    return query


def event_registrations(addresses):
    registrations = EventRegistration.objects.filter(
        any_address("email", addresses)
    ).select_related("event")
    return [
        {
            "evenement": registration.event.title,
            "debut": _iso(registration.event.start),
            "nom": registration.name,
            "adresse_electronique": registration.email,
            "collectivite_ou_organisme": registration.organisation,
            "besoins_d_adaptation": registration.accessibility_needs,
            "statut": registration.get_status_display(),
            "inscrit_le": _iso(registration.created_at),
            "annulee_le": _iso(registration.cancelled_at),
        }
        for registration in registrations.order_by("created_at", "pk")
    ]


def applications(addresses):
    call_ids = CallForCandidatesPage.objects.values("pk")
    found = []
    for address in addresses:
        submissions = FormSubmission.objects.filter(
            page_id__in=call_ids, form_data__email__iexact=address
        ).select_related("page")
        for submission in submissions.order_by("submit_time", "pk"):
            found.append(
                {
                    "appel_a_candidatures": submission.page.title,
                    "envoyee_le": _iso(submission.submit_time),
                    "reponses": submission.form_data,
                }
            )
    return found


def topic_proposals(addresses):
    return [
        {
            "probleme": proposal.problem,
            "service": proposal.service,
            "contact": proposal.contact_name,
            "adresse_electronique": proposal.contact_email,
            "telephone": proposal.contact_phone,
            "statut": proposal.get_status_display(),
            "recue_le": _iso(proposal.created_at),
        }
        for proposal in TopicProposal.objects.filter(
            any_address("contact_email", addresses)
        ).order_by("created_at", "pk")
    ]


# --- Export ----------------------------------------------------------------------------


def _visibility_label(value):
    return Visibility(value).label


def export_data(profile, request=None):
    """Everything held about the profile's owner, as a JSON-ready dict."""
    user = profile.user
    profile = (
        AlumniProfile.objects.select_related("collectivity", "cohort", "cohort__host_collectivity")
        .prefetch_related("theme_items__tag", "mentor_theme_items__tag", "projects")
        .get(pk=profile.pk)
    )
    addresses = emails_of(profile)
    values = {
        "job_title": profile.job_title,
        "collectivity": profile.collectivity.name if profile.collectivity_id else None,
        "cohort": str(profile.cohort) if profile.cohort_id else None,
        "projects": [_page_ref(project, request) for project in profile.projects.all()],
        "themes": sorted(item.tag.name for item in profile.theme_items.all()),
        "bio": profile.bio,
        "email": profile.email,
        "phone": profile.phone,
        "linkedin_url": profile.linkedin_url,
    }
    fields = {
        name: {
            "libelle": label,
            "valeur": values[name],
            "visible_par": _visibility_label(profile.visibility_of(name)),
        }
        for name, label, _default in PRIVATE_FIELDS
    }
    stories = []
    for status in statuses_for(profile):
        story = StoryPage.objects.select_related("related_project", "cover_image").get(
            pk=status.story.pk
        )
        latest = story.get_latest_revision_as_object()
        stories.append(
            {
                "titre": latest.title,
                "etat": status.label,
                "texte": latest.body,
                "projet_lie": _page_ref(latest.related_project, request),
                "image": (
                    {
                        "titre": latest.cover_image.title,
                        "texte_alternatif": latest.cover_image.alt_text,
                        # The original is private: a full-size rendition, which its
                        # uploader may open (cms.publicity).
                        "fichier": absolute_url(latest.cover_image.get_rendition("original").url),
                    }
                    if latest.cover_image
                    else None
                ),
                "propose_le": _iso(story.created_at),
                "publie_le": _iso(story.first_published_at),
                "adresse": story.get_full_url(request) if story.live else None,
                "accord_de_publication": {
                    "date": _iso(story.publication_consent_at),
                    "version": story.publication_consent_version,
                    "texte": STORY_CONSENT_TEXT,
                },
                "commentaire_de_la_moderation": status.comment,
            }
        )

    def request_data(item, other):
        return {
            "avec": other.full_name,
            "message": item.message,
            "statut": item.get_status_display(),
            "envoyee_le": _iso(item.created_at),
            "reponse_le": _iso(item.answered_at),
        }

    sent = profile.mentor_requests_sent.select_related("mentor").order_by("created_at", "pk")
    received = profile.mentor_requests_received.select_related("requester").order_by(
        "created_at", "pk"
    )
    return {
        "export": {
            "site": settings.WAGTAIL_SITE_NAME,
            "genere_le": _iso(timezone.now()),
            "version": EXPORT_VERSION,
        },
        "compte": {
            "identifiant": user.get_username(),
            "adresse_electronique": user.email,
            "cree_le": _iso(user.date_joined),
            "derniere_connexion": _iso(user.last_login),
        },
        "profil": {
            "prenom": profile.first_name,
            "nom": profile.last_name,
            "adresse_de_la_fiche": absolute_url(profile_path(profile)),
            "fiche_publique": profile.public_listing,
            "membre_actif": profile.is_active,
            "champs": fields,
            "accord": {
                "date": _iso(profile.consent_at),
                "version": profile.consent_version,
                "texte": consent_text(profile.consent_version),
            },
            "parrainage": {
                "disponible": profile.is_mentor,
                "en_pause": profile.mentor_paused,
                "demandes_par_mois": profile.mentor_capacity,
                "themes": sorted(item.tag.name for item in profile.mentor_theme_items.all()),
            },
            "mis_a_jour_le": _iso(profile.profile_updated_at),
            "invite_le": _iso(profile.invited_at),
            "dernier_rappel_le": _iso(profile.reminder_sent_at),
        },
        "clubs": [
            {
                "club": membership_item.club.title,
                "inscrit_le": _iso(membership_item.joined_at),
                "coordination": membership_item.club.coordinators.filter(pk=profile.pk).exists(),
            }
            for membership_item in profile.club_memberships.select_related("club").order_by(
                "joined_at"
            )
        ],
        "clubs_coordonnes": [club.title for club in profile.coordinated_clubs.all()],
        "temoignages": stories,
        "demandes_de_parrainage_envoyees": [request_data(r, r.mentor) for r in sent],
        "demandes_de_parrainage_recues": [request_data(r, r.requester) for r in received],
        "adresses_recherchees": addresses,
        "inscriptions_aux_evenements": event_registrations(addresses),
        "candidatures": applications(addresses),
        "propositions_de_sujets": topic_proposals(addresses),
    }


def export_json(profile, request=None):
    return json.dumps(
        export_data(profile, request), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )


def profile_path(profile):
    return reverse("alumni:profile", kwargs={"slug": profile.slug})


# --- Erasure ---------------------------------------------------------------------------


def _scrub_revisions(page_ids, content_type, changes, drop_from_lists=None):
    """Apply `changes` to the stored revisions of these pages (JSON content)."""
    revisions = Revision.objects.filter(
        base_content_type=ContentType.objects.get(app_label="wagtailcore", model="page"),
        object_id__in=[str(pk) for pk in page_ids],
        content_type=content_type,
    )
    for revision in revisions:
        content = dict(revision.content)
        content.update(changes)
        for key, value in (drop_from_lists or {}).items():
            if isinstance(content.get(key), list):
                content[key] = [item for item in content[key] if item != value]
        if content != revision.content:
            revision.content = content
            revision.save(update_fields=["content"])


@transaction.atomic
def delete_account(profile, *, keep_published_stories):
    """Erase the profile, its contact data and the account; returns what was done.

    Stories never published are removed; published ones are removed too, unless the
    person chose to keep them online signed "Ancien membre du réseau".
    """
    user = profile.user
    stories = list(StoryPage.objects.filter(author=profile).select_related("cover_image"))
    keep = [story for story in stories if story.live] if keep_published_stories else []
    remove = [story for story in stories if story not in keep]
    story_type = ContentType.objects.get_for_model(StoryPage)

    removed_ids = []
    for story in remove:
        removed_ids.append(story.pk)
        story.delete()
    # The audit log of a removed story would keep its title: it goes with it.
    PageLogEntry.objects.filter(page_id__in=removed_ids).delete()
    # Images sent with stories (replaced ones included), except those of kept stories.
    kept_images = [story.cover_image_id for story in keep if story.cover_image_id]
    for image in CustomImage.objects.filter(
        uploaded_by_user=user, collection=stories_collection()
    ).exclude(pk__in=kept_images):
        image.delete()

    kept_ids = [story.pk for story in keep]
    if kept_ids:
        for state in WorkflowState.objects.active().filter(
            base_content_type__app_label="wagtailcore",
            base_content_type__model="page",
            object_id__in=[str(pk) for pk in kept_ids],
        ):
            state.cancel(user=None)
        StoryPage.objects.filter(pk__in=kept_ids).update(
            author=None, by_former_member=True, owner=None, locked_by=None
        )
        _scrub_revisions(
            kept_ids, story_type, {"author": None, "by_former_member": True, "owner": None}
        )

    club_ids = list(profile.coordinated_clubs.values_list("pk", flat=True))
    if club_ids:
        _scrub_revisions(
            club_ids,
            ContentType.objects.get_for_model(ClubPage),
            {},
            drop_from_lists={"coordinators": profile.pk},
        )

    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(AlumniProfile), object_id=str(profile.pk)
    ).delete()
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(get_user_model()), object_id=str(user.pk)
    ).delete()

    # Mentoring requests, club memberships, the profile's choice of themes: cascade. The
    # themes themselves are the moderators' list (alumni.themes) and stay.
    profile.delete()
    account_deleted = not membership.can_access_admin(user)
    if account_deleted:
        forget_login_records(user.get_username(), user.email)
        user.delete()
    else:
        # An editor keeps their editorial account; only the network's part goes.
        user.groups.remove(*user.groups.filter(name=membership.ALUMNI_GROUP_NAME))
        membership.forget_member_cache(user)
    return {
        "removed_stories": len(remove),
        "kept_stories": len(keep),
        "account_deleted": account_deleted,
    }
