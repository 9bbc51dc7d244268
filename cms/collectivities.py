"""Collectivité spaces: the one service that creates or completes a collectivité's space.

Used by `python manage.py add_collectivity`, by the collectivités admin (creating or
editing a collectivité) and by the demo loader, so the three give the same result.
Every function is idempotent: it finds what exists (through the links kept on the
Collectivity, then by name or slug), adopts it, and creates only what is missing.

A space is:
- one section page per registered index (cms.sections): /projets/<slug>/, ...;
- a collection for its images and documents (under "Collectivités");
- the groups "Contributeurs — <nom>" and "Référents — <nom>": admin access, add and
  edit pages in its sections, add and choose images and documents in its collection;
  never publish;
- the workflow "Modération — <nom>" on its sections: step 1, review by its référents
  (EMI moderators may stand in), step 2, the "Validation EMI" task shared by all.

Only the group "Modérateurs EMI" holds publish permission (cms.roles).
"""

import re
from dataclasses import dataclass, field
from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from . import invitations
from .models import RESERVED_SLUGS, Collectivity, CollectivityReviewTask
from .roles import (
    apply_member_roles,
    apply_roles,
    contributors_group_name,
    referents_group_name,
)
from .sections import registered_sections

EMI_VALIDATION_TASK_NAME = "Validation EMI"
COLLECTIVITIES_COLLECTION_NAME = "Collectivités"

ROLE_CONTRIBUTOR = "contributor"
ROLE_REFERENT = "referent"


class CollectivitySpaceError(Exception):
    """Why a space cannot be created, in French, for the person who asked."""


def workflow_name(collectivity):
    return f"Modération — {collectivity.name}"


def review_task_name(collectivity):
    return f"Relecture des référents — {collectivity.name}"


def collectivity_slug(text):
    """ "Val-d'Oise" → "val-d-oise": apostrophes separate words, as in speech."""
    return slugify(re.sub(r"[’']", "-", text or "")).strip("-")[:80].strip("-")


class SpaceReport:
    """What a run did, line by line, for the command's progress output and the admin."""

    CREATED, EXISTING, UPDATED, SENT, WARNING = "+", "=", "~", "@", "!"

    def __init__(self, write=None):
        self.lines = []
        self._write = write

    def _add(self, kind, text):
        self.lines.append((kind, text))
        if self._write is not None:
            self._write(kind, text)

    def created(self, text):
        self._add(self.CREATED, text)

    def existing(self, text):
        self._add(self.EXISTING, text)

    def updated(self, text):
        self._add(self.UPDATED, text)

    def sent(self, text):
        self._add(self.SENT, text)

    def warning(self, text):
        self._add(self.WARNING, text)

    def count(self, kind):
        return sum(1 for line_kind, _text in self.lines if line_kind == kind)

    @property
    def warnings(self):
        return [text for kind, text in self.lines if kind == self.WARNING]


@dataclass
class CollectivitySpace:
    collectivity: Collectivity
    sections: list = field(default_factory=list)
    collection: Collection | None = None
    contributors_group: Group | None = None
    referents_group: Group | None = None
    review_task: CollectivityReviewTask | None = None
    workflow: Workflow | None = None


# --- EMI moderators ------------------------------------------------------------------


def ensure_editorial_roles(report=None):
    """The group "Modérateurs EMI" with its permissions, and the shared step 2 task.

    Moderators add, edit and publish under every index (EMI's own content lives
    directly under them, the collectivités' in their sections), manage every image and
    document, edit the collectivités and the site settings: what the apps declared
    (cms.roles), applied with every collectivité's groups. Returns (group, task).
    """
    report = report or SpaceReport()
    group = apply_roles(report=report)

    task = GroupApprovalTask.objects.filter(name=EMI_VALIDATION_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=EMI_VALIDATION_TASK_NAME)
        report.created(f"étape partagée « {task.name} » (validée par {group.name})")
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
        report.updated(f"étape « {task.name} » réactivée")
    task.groups.add(group)
    return group, task


# --- the collectivité itself ---------------------------------------------------------


def slug_problems(slug, collectivity=None):
    """Why `slug` cannot be the address of a (new) collectivité's sections, in French."""
    if not slug:
        return [
            "Impossible de déduire un identifiant d'adresse de ce nom : "
            "indiquez-en un (lettres minuscules, chiffres et tirets)."
        ]
    if slug in RESERVED_SLUGS:
        return [f"« {slug} » est réservé à une page du site ; choisissez un autre identifiant."]
    problems = []
    others = Collectivity.objects.filter(slug=slug)
    if collectivity is not None and collectivity.pk:
        others = others.exclude(pk=collectivity.pk)
    other = others.first()
    if other is not None:
        problems.append(f"L'identifiant « {slug} » est déjà celui de la collectivité « {other} ».")
    for entry in registered_sections():
        index = entry.index_model.objects.first()
        if index is None:
            continue
        child = index.get_children().filter(slug=slug).first()
        if child is None:
            continue
        specific = child.specific
        adoptable = (
            collectivity is not None
            and collectivity.pk
            and isinstance(specific, entry.section_model)
            and specific.collectivity_id == collectivity.pk
        )
        if not adoptable:
            problems.append(
                f"L'adresse {_public_path(child)} est déjà prise par la page « {child.title} »."
            )
    return problems


def _public_path(page):
    return page.get_url() or page.url_path


def get_or_create_collectivity(
    name,
    *,
    short_name="",
    slug="",
    kind="",
    website="",
    joined_year=None,
    report=None,
):
    """The collectivité of this name (or slug), created if missing.

    An existing collectivité is completed, never overwritten: empty fields are filled
    in, the others are kept (they may have been edited in the admin).
    """
    report = report or SpaceReport()
    name = " ".join((name or "").split())
    if not name:
        raise CollectivitySpaceError("Le nom de la collectivité est obligatoire.")
    max_length = Collectivity._meta.get_field("name").max_length
    if len(name) > max_length:
        raise CollectivitySpaceError(
            f"Le nom « {name} » dépasse {max_length} caractères : utilisez un nom plus court."
        )
    valid_kinds = dict(Collectivity.KIND_CHOICES)
    if kind and kind not in valid_kinds:
        raise CollectivitySpaceError(
            f"Type « {kind} » inconnu ; types possibles : {', '.join(valid_kinds)}."
        )
    if slug and slug in RESERVED_SLUGS:
        raise CollectivitySpaceError(slug_problems(slug)[0])

    collectivity = Collectivity.objects.filter(name__iexact=name).first()
    if collectivity is None and slug:
        collectivity = Collectivity.objects.filter(slug=slug).first()
    if collectivity is not None:
        report.existing(f"collectivité « {collectivity} » (identifiant « {collectivity.slug} »)")
        changed = []
        for field_name, value in (
            ("short_name", short_name),
            ("website", website),
            ("joined_year", joined_year),
        ):
            if value and not getattr(collectivity, field_name):
                setattr(collectivity, field_name, value)
                changed.append(field_name)
        if changed:
            collectivity.save(update_fields=changed)
            labels = ", ".join(
                str(Collectivity._meta.get_field(name).verbose_name) for name in changed
            )
            report.updated(f"collectivité « {collectivity} » complétée : {labels}")
        if kind and kind != collectivity.kind:
            report.warning(
                f"type « {valid_kinds[kind]} » ignoré : « {collectivity} » est enregistrée "
                f"comme « {collectivity.get_kind_display()} » (modifiable dans l'administration)."
            )
        return collectivity

    slug = slug or collectivity_slug(short_name or name)
    problems = slug_problems(slug)
    if problems:
        raise CollectivitySpaceError(" ".join(problems))
    collectivity = Collectivity(
        name=name,
        short_name=short_name or "",
        slug=slug,
        kind=kind or Collectivity.KIND_DEPARTEMENT,
        website=website or "",
        joined_year=joined_year,
    )
    try:
        collectivity.full_clean()
    except ValidationError as error:
        messages = [m for msgs in error.message_dict.values() for m in msgs]
        raise CollectivitySpaceError(" ".join(messages)) from error
    collectivity.save()
    report.created(f"collectivité « {collectivity} » (identifiant « {collectivity.slug} »)")
    return collectivity


# --- the space -----------------------------------------------------------------------


def _find_section(entry, index, collectivity):
    """The collectivité's existing section under `index`, if any (adopted as it is)."""
    section = entry.section_model.objects.child_of(index).filter(collectivity=collectivity).first()
    if section is not None:
        return section
    child = index.get_children().filter(slug=collectivity.slug).first()
    if child is None:
        return None
    specific = child.specific
    if isinstance(specific, entry.section_model) and specific.collectivity_id == collectivity.pk:
        return specific
    raise CollectivitySpaceError(
        f"L'adresse {_public_path(child)} est déjà prise par la page « {child.title} » : "
        f"renommez cette page ou choisissez un autre identifiant pour « {collectivity} »."
    )


def _ensure_sections(collectivity, report):
    sections = []
    for entry in registered_sections():
        index = entry.index_model.objects.first()
        label = entry.section_model._meta.verbose_name
        if index is None:
            report.warning(
                f"{label} : pas encore d'index « {entry.index_model._meta.verbose_name} » ; "
                "relancez la commande une fois l'index créé."
            )
            continue
        section = _find_section(entry, index, collectivity)
        if section is not None:
            report.existing(f"{label} ({_public_path(section)})")
            sections.append(section)
            continue
        section = entry.section_model(
            title=collectivity.name, slug=collectivity.slug, collectivity=collectivity
        )
        index.add_child(instance=section)
        section.save_revision().publish()
        report.created(f"{label} ({_public_path(section)})")
        sections.append(section)
    return sections


def _ensure_collection(collectivity, report):
    collection = collectivity.collection
    if collection is not None:
        if collection.name != collectivity.name:
            collection.name = collectivity.name
            collection.save(update_fields=["name"])
            report.updated(f"collection renommée « {collection.name} »")
        else:
            report.existing(f"collection « {collection.name} »")
        return collection
    root = Collection.get_first_root_node()
    parent = root.get_children().filter(name=COLLECTIVITIES_COLLECTION_NAME).first()
    if parent is None:
        parent = root.add_child(name=COLLECTIVITIES_COLLECTION_NAME)
        report.created(f"collection « {COLLECTIVITIES_COLLECTION_NAME} »")
    collection = parent.get_children().filter(name=collectivity.name).first()
    if collection is None:
        collection = parent.add_child(name=collectivity.name)
        report.created(f"collection « {collection.name} » (images et documents)")
    else:
        report.existing(f"collection « {collection.name} »")
    return collection


def _ensure_named(obj, expected_name, queryset, kind_label, report):
    """Rename `obj` to `expected_name` (after a rename of the collectivité)."""
    if obj.name == expected_name:
        report.existing(f"{kind_label} « {obj.name} »")
        return obj
    if queryset.filter(name=expected_name).exclude(pk=obj.pk).exists():
        raise CollectivitySpaceError(
            f"Impossible de renommer {kind_label} « {obj.name} » en « {expected_name} » : "
            "ce nom est déjà pris."
        )
    old_name = obj.name
    obj.name = expected_name
    obj.save(update_fields=["name"])
    report.updated(f"{kind_label} « {old_name} » renommé « {expected_name} »")
    return obj


def _ensure_group(group, expected_name, report):
    if group is not None:
        return _ensure_named(group, expected_name, Group.objects.all(), "groupe", report)
    group, created = Group.objects.get_or_create(name=expected_name)
    if created:
        report.created(f"groupe « {group.name} »")
    else:
        report.existing(f"groupe « {group.name} »")
    return group


def _ensure_review_task(collectivity, referents, moderators, report):
    expected = review_task_name(collectivity)
    task = collectivity.review_task
    if task is None:
        task = CollectivityReviewTask.objects.filter(name=expected).first()
        if task is None:
            task = CollectivityReviewTask.objects.create(name=expected)
            report.created(f"étape 1 « {task.name} »")
        else:
            report.existing(f"étape 1 « {task.name} »")
    else:
        _ensure_named(task, expected, CollectivityReviewTask.objects.all(), "l'étape", report)
    if not task.active:
        task.active = True
        task.save(update_fields=["active"])
        report.updated(f"étape « {task.name} » réactivée")
    task.groups.add(referents)
    task.substitute_groups.add(moderators)
    return task


def _ensure_workflow(collectivity, tasks, report):
    expected = workflow_name(collectivity)
    workflow = collectivity.workflow
    if workflow is None:
        workflow = Workflow.objects.filter(name=expected).first()
        if workflow is None:
            workflow = Workflow.objects.create(name=expected)
            report.created(f"circuit de modération « {workflow.name} »")
        else:
            report.existing(f"circuit de modération « {workflow.name} »")
    else:
        _ensure_named(workflow, expected, Workflow.objects.all(), "le circuit", report)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
        report.updated(f"circuit « {workflow.name} » réactivé")
    wanted = [task.pk for task in tasks]
    current = list(
        WorkflowTask.objects.filter(workflow=workflow)
        .order_by("sort_order")
        .values_list("task_id", flat=True)
    )
    if current != wanted:
        WorkflowTask.objects.filter(workflow=workflow).delete()
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
        if current:
            report.updated(f"circuit « {workflow.name} » : étapes rétablies")
    return workflow


def _assign_workflow(workflow, sections, report):
    for section in sections:
        link = WorkflowPage.objects.filter(page_id=section.pk).first()
        if link is None:
            WorkflowPage.objects.create(page=section, workflow=workflow)
            report.created(f"circuit « {workflow.name} » appliqué à {_public_path(section)}")
        elif link.workflow_id != workflow.pk:
            link.workflow = workflow
            link.save()
            report.updated(f"circuit « {workflow.name} » rétabli sur {_public_path(section)}")


@transaction.atomic
def ensure_space(collectivity, report=None):
    """Create or complete the space of an existing collectivité; returns its parts."""
    report = report or SpaceReport()
    moderators, validation_task = ensure_editorial_roles(report)
    space = CollectivitySpace(collectivity=collectivity)
    space.sections = _ensure_sections(collectivity, report)
    space.collection = _ensure_collection(collectivity, report)
    space.contributors_group = _ensure_group(
        collectivity.contributors_group, contributors_group_name(collectivity), report
    )
    space.referents_group = _ensure_group(
        collectivity.referents_group, referents_group_name(collectivity), report
    )
    for role, group in (
        ("contributors", space.contributors_group),
        ("referents", space.referents_group),
    ):
        apply_member_roles(group, role, space.sections, space.collection, report=report)
    space.review_task = _ensure_review_task(collectivity, space.referents_group, moderators, report)
    space.workflow = _ensure_workflow(collectivity, [space.review_task, validation_task], report)
    _assign_workflow(space.workflow, space.sections, report)

    links = {
        "collection": space.collection,
        "contributors_group": space.contributors_group,
        "referents_group": space.referents_group,
        "review_task": space.review_task,
        "workflow": space.workflow,
    }
    changed = [
        name for name, value in links.items() if getattr(collectivity, f"{name}_id") != value.pk
    ]
    for name in changed:
        setattr(collectivity, name, links[name])
    if changed:
        collectivity.save(update_fields=changed)
    return space


# --- members and invitations ---------------------------------------------------------

ROLE_LABELS = {ROLE_CONTRIBUTOR: "contributeur ou contributrice", ROLE_REFERENT: "référent·e"}


def _role_message(collectivity, role):
    if role == ROLE_REFERENT:
        return (
            f"Vous êtes référent·e de « {collectivity} » sur le site de l'École du "
            "management par l'innovation (EMI). Vous relisez les projets, actualités et "
            "événements proposés par les contributeurs de votre collectivité : après votre "
            "accord, l'équipe de l'EMI les valide et les publie. Vous pouvez aussi proposer "
            "vos propres contenus."
        )
    return (
        f"Vous pouvez désormais proposer les projets, actualités et événements de "
        f"« {collectivity} » sur le site de l'École du management par l'innovation (EMI). "
        "Chaque proposition est relue par les référents de votre collectivité, puis validée "
        "par l'équipe de l'EMI avant d'être publiée."
    )


def _send_invitation(user_pk, collectivity_pk, role):
    user = get_user_model().objects.get(pk=user_pk)
    collectivity = Collectivity.objects.get(pk=collectivity_pk)
    subject = f"Votre accès au site de l'EMI — {collectivity}"
    message = _role_message(collectivity, role)
    if invitations.needs_activation(user):
        invitations.invite(user, subject=subject, message=message)
    else:
        invitations.notify_access(
            user, subject=subject, message=message, login_url=reverse("wagtailadmin_login")
        )


def add_member(collectivity, email, role, *, report=None, resend_invitation=False):
    """Put the person with this address in the collectivité's contributors or référents.

    A new account has no password: it receives an invitation (a single-use link to
    choose one), sent once the transaction is committed. Returns the user.
    """
    report = report or SpaceReport()
    if role not in ROLE_LABELS:
        raise ValueError(f"unknown role {role!r}")
    group = (
        collectivity.referents_group if role == ROLE_REFERENT else collectivity.contributors_group
    )
    if group is None:
        group = getattr(ensure_space(collectivity, report), f"{role}s_group")
    try:
        user, created = invitations.get_or_create_invited_user(email)
    except invitations.InvitationError as error:
        raise CollectivitySpaceError(str(error)) from error
    if created:
        report.created(f"compte {user.email}")
    if not user.is_active:
        report.warning(
            f"le compte {user.email} est désactivé : réactivez-le dans Utilisateurs pour "
            "qu'il puisse se connecter."
        )
    added = not user.groups.filter(pk=group.pk).exists()
    if added:
        user.groups.add(group)
        report.created(f"{user.email} : {ROLE_LABELS[role]} (groupe « {group.name} »)")
    else:
        report.existing(f"{user.email} : déjà {ROLE_LABELS[role]}")

    send = partial(_send_invitation, user.pk, collectivity.pk, role)
    if invitations.needs_activation(user):
        if added or created or resend_invitation:
            transaction.on_commit(send)
            report.sent(f"invitation envoyée à {user.email} (lien à usage unique)")
        else:
            report.existing(
                f"{user.email} n'a pas encore choisi son mot de passe "
                "(--resend-invitations pour renvoyer l'invitation)"
            )
    elif added:
        transaction.on_commit(send)
        report.sent(f"{user.email} prévenu·e de son nouvel accès")
    return user


@transaction.atomic
def ensure_collectivity_space(
    name,
    *,
    short_name="",
    slug="",
    kind="",
    website="",
    joined_year=None,
    contributors=(),
    referents=(),
    resend_invitations=False,
    report=None,
):
    """Create or complete a collectivité, its space and its members, in one transaction."""
    report = report or SpaceReport()
    for email in [*contributors, *referents]:
        try:
            invitations.normalize_email(email)
        except invitations.InvitationError as error:
            raise CollectivitySpaceError(str(error)) from error
    collectivity = get_or_create_collectivity(
        name,
        short_name=short_name,
        slug=slug,
        kind=kind,
        website=website,
        joined_year=joined_year,
        report=report,
    )
    space = ensure_space(collectivity, report)
    for role, emails in ((ROLE_CONTRIBUTOR, contributors), (ROLE_REFERENT, referents)):
        for email in emails:
            add_member(
                collectivity, email, role, report=report, resend_invitation=resend_invitations
            )
    return space
