"""Flash messages that say what a workflow action did.

After "Approve" or "Request changes" in the page editor, Wagtail says "La page « … » a
été mise à jour", the message of a plain save (its msgid is shared, so no translation
can fix it). The `after_edit_page` hook replaces it with what happened: approved and
sent to the next step, approved and published, approved and scheduled, or sent back
to its author for changes.
"""

from django.contrib import messages as django_messages
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from wagtail.admin import messages
from wagtail.models import WorkflowState


def _latest_workflow_state(page):
    return (
        WorkflowState.objects.for_instance(page)
        .select_related("current_task_state__task")
        .order_by("-created_at")
        .first()
    )


def workflow_outcome_message(page, action):
    title = page.get_admin_display_title()
    if action == "reject":
        return (
            f"La page « {title} » a été renvoyée pour modification ; la personne qui l'a "
            "soumise est prévenue et retrouve votre commentaire sur son tableau de bord."
        )
    if action != "approve":
        return None
    state = _latest_workflow_state(page)
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return (
            f"La page « {title} » a été approuvée ; elle passe à l'étape "
            f"« {state.current_task_state.task.name} »."
        )
    page.refresh_from_db()
    revision = page.latest_revision
    go_live_at = revision.approved_go_live_at if revision else None
    if go_live_at and go_live_at > timezone.now():
        when = date_format(timezone.localtime(go_live_at), "DATETIME_FORMAT")
        return (
            f"La page « {title} » a été approuvée ; elle est programmée et sera publiée le {when}."
        )
    if page.live and not page.has_unpublished_changes:
        return f"La page « {title} » a été approuvée et publiée."
    return f"La page « {title} » a été approuvée."


def replace_update_message(request, page):
    """`after_edit_page` hook: after a workflow action, say what it did."""
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return
    text = workflow_outcome_message(page, request.POST.get("workflow-action-name"))
    if text is None:
        return
    generic = messages.render(
        gettext("Page '%(page_title)s' has been updated.")
        % {"page_title": page.get_admin_display_title()},
        None,
    )
    kept = [m for m in django_messages.get_messages(request) if m.message != generic]
    for message in kept:
        django_messages.add_message(request, message.level, message.message, message.extra_tags)
    messages.success(request, text)
