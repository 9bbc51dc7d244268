"""Step 1 notifications: the référents; EMI moderators only when no référent can be told.

Wagtail's own notifier already emails the members of a group approval task's `groups`
(the référents). This one covers the space without référents: otherwise nobody would
hear of the submission, although EMI moderators may approve step 1 in their place.
"""

from django.contrib.auth import get_user_model
from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier
from wagtail.models import TaskState
from wagtail.signals import task_submitted

from .models import CollectivityReviewTask


class SubstituteReviewersSubmissionNotifier(BaseGroupApprovalTaskStateEmailNotifier):
    notification = "submitted"

    def can_handle(self, instance, **kwargs):
        return isinstance(instance, TaskState) and isinstance(
            instance.task.specific, CollectivityReviewTask
        )

    def get_recipient_users(self, task_state, **kwargs):
        User = get_user_model()
        triggering_user = kwargs.get("user")
        task = task_state.task.specific
        reviewers = User.objects.filter(groups__in=task.groups.all(), is_active=True).exclude(
            email=""
        )
        if triggering_user is not None:
            reviewers = reviewers.exclude(pk=triggering_user.pk)
        if reviewers.exists():
            return User.objects.none()
        substitutes = User.objects.filter(groups__in=task.substitute_groups.all()).distinct()
        if triggering_user is not None:
            substitutes = substitutes.exclude(pk=triggering_user.pk)
        return substitutes


substitute_reviewers_notifier = SubstituteReviewersSubmissionNotifier()


def register_signal_handlers():
    task_submitted.connect(
        substitute_reviewers_notifier,
        sender=TaskState,
        dispatch_uid="cms_substitute_reviewers_submitted_email_notification",
    )
