"""What the alumni network needs around its pages: groups, moderation workflow, files.

Every function is idempotent and cheap to call again; they are run by the invitation
service, the demo loader and lazily when a story is submitted, so that a database
created by `migrate` alone (or flushed by a test) works without a manual step.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.roles import MODERATORS_GROUP_NAME, apply_moderator_roles

ALUMNI_GROUP_NAME = "Alumni"
WORKFLOW_NAME = "Modération alumni"
REVIEW_TASK_NAME = "Relecture des témoignages d'alumni"
STORIES_COLLECTION_NAME = "Témoignages des alumni"
MEMBERS_COLLECTION_NAME = "Ressources réservées aux membres"


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
    """The group "Modérateurs EMI" (created by the collectivité spaces, or here).

    A group created here gets its permissions at once (cms.roles).
    """
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP_NAME)
    return group


def ensure_workflow():
    """The one-step workflow "Modération alumni", applied to the story index."""
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

    # Looked up by name: alumni.models reads this module's names.
    for story_index in apps.get_model("alumni", "StoryIndexPage").objects.all():
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
    moderators = apply_moderator_roles()
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


def on_index_created(sender, instance, created, raw=False, **kwargs):
    """An index created in the admin gets its workflow without a command (its rights
    come from cms.roles)."""
    if created and not raw:
        transaction.on_commit(ensure_workflow)
