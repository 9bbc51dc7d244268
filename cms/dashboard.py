"""The dashboard's "Mes contenus": one place to follow one's submissions and reviews.

It extends Wagtail's own workflow panels (same querysets, same permissions):
- for everyone, the pages one submitted or owns that are in moderation or sent back,
  with the reviewer's last comment inline and a link to edit;
- for référents, what waits for their review in their collectivité (Wagtail's
  "awaiting your review" list), with who submitted it and when.
EMI moderators keep Wagtail's review panel, with its approve buttons, for the whole site.
"""

from django.urls import reverse
from wagtail.admin.utils import get_latest_str
from wagtail.admin.views.home import (
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)
from wagtail.models import Page, TaskState, WorkflowState

from .membership import annotate_collectivities, user_collectivities
from .roles import is_moderator


def _display_name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def last_comments(workflow_states):
    """The latest non-empty reviewer comment of each workflow state, by its id."""
    comments = {}
    states = (
        TaskState.objects.filter(workflow_state__in=workflow_states)
        .exclude(comment="")
        .select_related("finished_by", "task")
        .order_by("-finished_at", "-pk")
    )
    for task_state in states:
        comments.setdefault(task_state.workflow_state_id, task_state)
    return comments


class MyContentPanel(UserObjectsInWorkflowModerationPanel):
    name = "my_content"
    template_name = "cms/admin/my_content_panel.html"
    order = 40

    def __init__(self, show_review=False):
        self.show_review = show_review

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        workflow_states = context["workflow_states"]
        comments = last_comments([state.pk for state in workflow_states])
        items = []
        for state in workflow_states:
            obj = state.content_object
            task_state = state.current_task_state
            comment = comments.get(state.pk)
            items.append(
                {
                    "title": get_latest_str(obj),
                    "edit_url": reverse("wagtailadmin_pages:edit", args=[obj.pk])
                    if isinstance(obj, Page)
                    else None,
                    "sent_back": state.status == WorkflowState.STATUS_NEEDS_CHANGES,
                    "task_name": task_state.task.name if task_state else "",
                    "since": task_state.finished_at
                    if state.status == WorkflowState.STATUS_NEEDS_CHANGES
                    else (task_state.started_at if task_state else state.created_at),
                    "comment": comment.comment if comment else "",
                    "comment_by": _display_name(comment.finished_by) if comment else "",
                    "comment_at": comment.finished_at if comment else None,
                    "comment_task": comment.task.name if comment else "",
                }
            )
        context["items"] = items
        context["to_review"] = self.to_review(parent_context) if self.show_review else []
        context["show_review"] = self.show_review
        return context

    def to_review(self, parent_context):
        """Wagtail's "awaiting your review" list, limited to the user's collectivités."""
        request = parent_context["request"]
        own = set(user_collectivities(request.user).values_list("pk", flat=True))
        entries = [
            entry
            for entry in WorkflowObjectsToModeratePanel().get_context_data(parent_context)["states"]
            if entry["actions"] and isinstance(entry["obj"], Page)
        ]
        # One query per section type for all the pages, not per page.
        annotate_collectivities([entry["obj"] for entry in entries])
        reviews = []
        for entry in entries:
            obj = entry["obj"]
            collectivity = obj.section_collectivity
            if collectivity is None or collectivity.pk not in own:
                continue
            reviews.append(
                {
                    "title": get_latest_str(obj),
                    "collectivity": collectivity,
                    "edit_url": reverse("wagtailadmin_pages:edit", args=[obj.pk]),
                    "preview_url": reverse(
                        entry["workflow_preview_url_name"],
                        args=[obj.pk, entry["task_state"].task_id],
                    )
                    if entry["workflow_preview_url_name"]
                    else None,
                    "submitted_by": _display_name(entry["revision"].user),
                    "submitted_at": entry["task_state"].started_at,
                    "task_name": entry["task_state"].task.name,
                }
            )
        return reviews


def replace_workflow_panels(request, panels):
    """`construct_homepage_panels`: "Mes contenus" instead of Wagtail's two workflow panels.

    EMI moderators keep Wagtail's site-wide review panel (with its approve buttons).
    """
    user = request.user
    moderator = is_moderator(user)
    referent = (
        not moderator
        and user_collectivities(user).filter(referents_group__in=user.groups.all()).exists()
    )
    removed = {UserObjectsInWorkflowModerationPanel.name}
    if not moderator:
        removed.add(WorkflowObjectsToModeratePanel.name)
    panels[:] = [panel for panel in panels if getattr(panel, "name", None) not in removed]
    panels.append(MyContentPanel(show_review=referent))
