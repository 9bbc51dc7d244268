"""Who may download what in the resource library, and what a resource's page shows.

A members-only resource's files are downloadable by members (and EMI moderators, who
manage them); everyone else sees "réservé aux membres" and a link to log in. The files
themselves are protected by their collection's view restriction (alumni.setup), so this
module only decides what to show. It imports no model of the library (the resource page
calls it); every function runs a fixed number of queries, whatever the number of
resources.
"""

from django.db import models
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.models import BaseViewRestriction

from cms.roles import is_moderator
from projects.models import published_projects, with_card_data

from ..membership import is_member
from ..setup import ALUMNI_GROUP_NAME, MEMBERS_COLLECTION_NAME


class Audience(models.TextChoices):
    """Who a resource is for (its page is always public; its files may not be)."""

    PUBLIC = "public", "Tout public"
    MEMBRES = "membres", "Réservé aux membres du réseau"


# --- Access ------------------------------------------------------------------------------


def may_download_members_files(user):
    """Members of the network, and the EMI moderators who publish the library."""
    return is_member(user) or (user.is_authenticated and is_moderator(user))


def is_members_only_document(document):
    """True if the document's collection (or one above it) is restricted to "Alumni"."""
    for restriction in document.collection.get_view_restrictions():
        if restriction.restriction_type == BaseViewRestriction.GROUPS and any(
            group.name == ALUMNI_GROUP_NAME for group in restriction.groups.all()
        ):
            return True
    return False


def has_view_restriction(document):
    return bool(document.collection.get_view_restrictions())


def misplaced_documents(documents, audience):
    """French messages for the files whose collection does not match the audience."""
    messages = []
    for document in documents:
        if audience == Audience.MEMBRES and not is_members_only_document(document):
            messages.append(
                f"« {document.title} » est rangé dans la collection "
                f"« {document.collection.name} », ouverte à tous : déplacez-le dans la "
                f"collection « {MEMBERS_COLLECTION_NAME} », ou rendez la ressource "
                "tout public."
            )
        elif audience == Audience.PUBLIC and has_view_restriction(document):
            messages.append(
                f"« {document.title} » est dans la collection à accès restreint "
                f"« {document.collection.name} » : les visiteurs ne pourraient pas le "
                "télécharger. Réservez la ressource aux membres, ou rangez le fichier "
                "dans une autre collection."
            )
    return messages


def login_url_for(request):
    return reverse("alumni:login") + "?" + urlencode({"next": request.get_full_path()})


# --- A resource page -----------------------------------------------------------------------


def resource_context(page, request, resources):
    """The resource page's context; `resources` are the library's published resources
    (handed over by the page, whose module imports this one)."""
    can_download = not page.is_members_only or may_download_members_files(request.user)
    files = []
    related_projects = []
    other_resources = []
    module_ids = []
    if page.pk:
        files = list(page.files.select_related("document").order_by("sort_order"))
        linked = page.project_links.values("project_id")
        related_projects = list(
            with_card_data(published_projects().filter(pk__in=linked)).order_by("title")
        )
        modules = list(page.modules.all())
        module_ids = [module.pk for module in modules]
    else:  # preview of a page never saved: the in-memory relations
        files = [item for item in page.files.all() if item.document_id]
        modules = []
    if module_ids:
        other_resources = list(
            resources.filter(modules__in=module_ids)
            .exclude(pk=page.pk)
            .distinct()
            .order_by("-resource_date", "title")[:3]
        )
    parent = page.get_parent() if page.pk else None
    return {
        "can_download": can_download,
        "resource_files": files,
        "resource_modules": modules,
        "resource_themes": list(page.themes.all()) if page.pk else [],
        "related_projects": related_projects,
        "other_resources": other_resources,
        "library_url": parent.url if parent else "/ressources/",
        "login_url": login_url_for(request),
        "is_logged_in_non_member": request.user.is_authenticated and not can_download,
    }
