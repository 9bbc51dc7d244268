"""Remove Wagtail's example groups and workflow, unused, in favour of the EMI roles.

Wagtail's migrations create the groups "Moderators" (publish permission on the root
page) and "Editors", and the workflow "Moderators approval" on the root page. Here only
"Modérateurs EMI" may publish (cms.collectivities): a second group able to publish
everything would bypass every collectivité's moderation. Only what nobody uses yet is
removed, so an installation that relies on them keeps them.
"""

from django.conf import settings
from django.db import migrations

WAGTAIL_DEFAULT_GROUPS = ["Moderators", "Editors"]
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"


def remove_wagtail_default_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    TaskState = apps.get_model("wagtailcore", "TaskState")

    for workflow in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW):
        if not WorkflowState.objects.filter(workflow=workflow).exists():
            workflow.delete()
    for task in GroupApprovalTask.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW):
        in_use = (
            WorkflowTask.objects.filter(task_id=task.pk).exists()
            or TaskState.objects.filter(task_id=task.pk).exists()
        )
        if not in_use:
            task.delete()
    for group in Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS):
        if not User.objects.filter(groups=group).exists():
            group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_collectivity_space"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(remove_wagtail_default_roles, migrations.RunPython.noop),
    ]
