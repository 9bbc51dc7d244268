"""Tell the author of a story what the moderators decided (links to /alumni/mon-profil/)."""

import threading
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import page_published, workflow_rejected

from .models import StoryPage

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


def story_sent_back(sender, instance, user=None, **kwargs):
    if _is_muted():
        return
    if instance.content_type_id != ContentType.objects.get_for_model(StoryPage).pk:
        return
    story = StoryPage.objects.filter(pk=instance.object_id).select_related("author__user").first()
    if story is None:
        return
    rejected = (
        TaskState.objects.filter(workflow_state=instance, status=TaskState.STATUS_REJECTED)
        .order_by("-finished_at", "-pk")
        .first()
    )
    comment = rejected.comment if rejected else ""
    from .notifications import send_story_sent_back

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
    from .notifications import send_story_published

    transaction.on_commit(lambda: send_story_published(story))


def connect():
    workflow_rejected.connect(
        story_sent_back, sender=WorkflowState, dispatch_uid="alumni_story_sent_back"
    )
    page_published.connect(story_published, sender=StoryPage, dispatch_uid="alumni_story_published")
