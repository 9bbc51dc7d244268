"""What the alumni network needs around its pages: groups, moderation workflow, rights.

Every function is idempotent and cheap to call again; they are run by the invitation
service, the demo loader and lazily when a story is submitted, so that a database
created by `migrate` alone (or flushed by a test) works without a manual step.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.collectivities import MODERATORS_GROUP_NAME

ALUMNI_GROUP_NAME = "Alumni"
WORKFLOW_NAME = "Modération alumni"
REVIEW_TASK_NAME = "Relecture des témoignages d'alumni"
STORIES_COLLECTION_NAME = "Témoignages des alumni"
MEMBERS_COLLECTION_NAME = "Ressources réservées aux membres"

# Page actions of EMI moderators on the alumni pages (stories, clubs).
MODERATOR_PAGE_ACTIONS = ("add", "change", "publish", "lock", "unlock")
# Model permissions of EMI moderators on the network: "add" is the invitation.
MODERATOR_MODEL_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("alumni", "add_alumniprofile"),
    ("alumni", "change_alumniprofile"),
    ("alumni", "view_alumniprofile"),
    ("alumni", "delete_alumniprofile"),
    ("alumni", "view_mentorrequest"),
    ("alumni", "add_trainingmodule"),
    ("alumni", "change_trainingmodule"),
    ("alumni", "delete_trainingmodule"),
    ("alumni", "view_trainingmodule"),
)


@dataclass
class AlumniSetup:
    alumni_group: Group
    moderators_group: Group
    task: GroupApprovalTask
    workflow: Workflow
    collection: Collection
    members_collection: Collection


def alumni_group():
    group, _created = Group.objects.get_or_create(name=ALUMNI_GROUP_NAME)
    return group


def moderators_group():
    """The group "Modérateurs EMI" (created by the collectivité spaces, or here)."""
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP_NAME)
    return group


def grant_moderator_permissions(group=None):
    group = group or moderators_group()
    wanted = [
        Permission.objects.filter(content_type__app_label=app, codename=codename).first()
        for app, codename in MODERATOR_MODEL_PERMISSIONS
    ]
    group.permissions.add(*[permission for permission in wanted if permission is not None])
    from .models import AlumniIndexPage, ResourceIndexPage

    page_permissions = {
        action: Permission.objects.get(
            content_type__app_label="wagtailcore", codename=f"{action}_page"
        )
        for action in MODERATOR_PAGE_ACTIONS
    }
    for index in [*AlumniIndexPage.objects.all(), *ResourceIndexPage.objects.all()]:
        for permission in page_permissions.values():
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=index.pk, permission=permission
            )
    return group


def ensure_workflow():
    """The one-step workflow "Modération alumni", applied to the story index."""
    from .models import StoryIndexPage

    moderators = moderators_group()
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME)
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.add(moderators)

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME)
    elif not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    steps = list(
        WorkflowTask.objects.filter(workflow=workflow)
        .order_by("sort_order")
        .values_list("task_id", flat=True)
    )
    if steps != [task.pk]:
        WorkflowTask.objects.filter(workflow=workflow).delete()
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)

    for story_index in StoryIndexPage.objects.all():
        link = WorkflowPage.objects.filter(page_id=story_index.pk).first()
        if link is None:
            WorkflowPage.objects.create(page=story_index, workflow=workflow)
        elif link.workflow_id != workflow.pk:
            link.workflow = workflow
            link.save()
    return task, workflow


def stories_collection():
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=STORIES_COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=STORIES_COLLECTION_NAME)
    return collection


def members_collection():
    """The collection of members-only files, viewable by "Alumni" and the moderators.

    Wagtail's serve view refuses its documents to anyone else; a restriction edited in
    the admin (other groups added) is completed, never narrowed.
    """
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=MEMBERS_COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=MEMBERS_COLLECTION_NAME)
    restriction = CollectionViewRestriction.objects.filter(
        collection=collection, restriction_type=BaseViewRestriction.GROUPS
    ).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=BaseViewRestriction.GROUPS
        )
    restriction.groups.add(alumni_group(), moderators_group())
    return collection


@transaction.atomic
def ensure_alumni_setup():
    group = alumni_group()
    moderators = grant_moderator_permissions()
    task, workflow = ensure_workflow()
    # Created first, read afterwards: collections are kept sorted by name, so adding one
    # moves its siblings' tree paths (and an instance read before would be stale).
    stories_pk, members_pk = stories_collection().pk, members_collection().pk
    return AlumniSetup(
        alumni_group=group,
        moderators_group=moderators,
        task=task,
        workflow=workflow,
        collection=Collection.objects.get(pk=stories_pk),
        members_collection=Collection.objects.get(pk=members_pk),
    )


def story_workflow(story_index):
    """The workflow a new story enters: the index's own, set up on the way if missing.

    A workflow the moderators chose for the index in the admin is respected.
    """
    if not WorkflowPage.objects.filter(page_id=story_index.pk, workflow__active=True).exists():
        ensure_workflow()
    return story_index.get_workflow()
