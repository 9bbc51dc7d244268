"""Tell the author of a story what the moderators decided (links to /alumni/mon-profil/)."""

import threading
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.models import Page, ReferenceIndex, TaskState, WorkflowState
from wagtail.signals import page_published, workflow_cancelled, workflow_rejected

from cms.models import CustomImage
from cms.publicity import forget_renditions

from .models import StoryPage
from .notifications import send_story_published, send_story_sent_back
from .setup import stories_collection

_state = threading.local()


@contextmanager
def muted():
    """No email to authors inside this block (demo content, data imports)."""
    previous = getattr(_state, "muted", False)
    _state.muted = True
    try:
        yield
    finally:
        _state.muted = previous


def _is_muted():
    return getattr(_state, "muted", False)


def _story_of(workflow_state):
    if workflow_state.content_type_id != ContentType.objects.get_for_model(StoryPage).pk:
        return None
    return (
        StoryPage.objects.filter(pk=workflow_state.object_id)
        .select_related("author__user", "cover_image")
        .first()
    )


def _story_images(story):
    """The images of the story as its author last saved it (and of its live version)."""
    images = {story.cover_image_id} if story.cover_image_id else set()
    latest = story.get_latest_revision_as_object()
    if latest.cover_image_id:
        images.add(latest.cover_image_id)
    return images


def forget_private_renditions(sender, instance, **kwargs):
    """A story sent back: the renditions of its unpublished image are deleted (files
    included); only its author sees it until resubmission, and they are made again."""
    story = _story_of(instance)
    if story is None:
        return
    for image in CustomImage.objects.filter(pk__in=_story_images(story), is_public=False):
        forget_renditions(image)


def delete_withdrawn_story_images(sender, instance, **kwargs):
    """A story withdrawn from moderation: its unpublished story images are deleted."""
    story = _story_of(instance)
    if story is None or story.live:
        return
    _delete_unused_story_images(_story_images(story), ignoring_page=story.pk)


def story_deleted(sender, instance, **kwargs):
    images = {instance.cover_image_id} if instance.cover_image_id else set()
    _delete_unused_story_images(images, ignoring_page=instance.pk)


def _delete_unused_story_images(image_ids, ignoring_page):
    """Delete story images (the alumni stories' collection) that nothing else uses."""
    page_ct = ContentType.objects.get_for_model(Page)
    for image in CustomImage.objects.filter(
        pk__in=image_ids, collection=stories_collection(), is_public=False
    ):
        users = ReferenceIndex.get_references_to(image).exclude(
            base_content_type=page_ct, object_id=str(ignoring_page)
        )
        if not users.exists():
            image.delete()


def story_sent_back(sender, instance, user=None, **kwargs):
    if _is_muted():
        return
    story = _story_of(instance)
    if story is None:
        return
    rejected = (
        TaskState.objects.filter(workflow_state=instance, status=TaskState.STATUS_REJECTED)
        .order_by("-finished_at", "-pk")
        .first()
    )
    comment = rejected.comment if rejected else ""
    transaction.on_commit(lambda: send_story_sent_back(story, comment))


def story_published(sender, instance, revision=None, **kwargs):
    if _is_muted():
        return
    # Only the first publication: later corrections by the moderators are not news.
    if instance.first_published_at != instance.last_published_at:
        return
    story = StoryPage.objects.filter(pk=instance.pk).select_related("author__user").first()
    if story is None:
        return
    transaction.on_commit(lambda: send_story_published(story))


def connect():
    workflow_rejected.connect(
        story_sent_back, sender=WorkflowState, dispatch_uid="alumni_story_sent_back"
    )
    page_published.connect(story_published, sender=StoryPage, dispatch_uid="alumni_story_published")
    # Files of stories that are not published (cms.publicity): nobody else sees them.
    workflow_rejected.connect(
        forget_private_renditions, sender=WorkflowState, dispatch_uid="alumni_story_renditions"
    )
    workflow_cancelled.connect(
        delete_withdrawn_story_images,
        sender=WorkflowState,
        dispatch_uid="alumni_story_withdrawn",
    )
    post_delete.connect(story_deleted, sender=StoryPage, dispatch_uid="alumni_story_deleted")
