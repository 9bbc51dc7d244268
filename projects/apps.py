from django.apps import AppConfig

# What EMI moderators may do with the project bank's own models (page permissions on
# the sections are given by the collectivité spaces, cms.collectivities).
MODERATOR_PERMISSIONS = (
    "add_cohort",
    "change_cohort",
    "delete_cohort",
    "view_cohort",
    "add_projecttheme",
    "change_projecttheme",
    "delete_projecttheme",
    "view_projecttheme",
    "change_projectfeedback",
    "delete_projectfeedback",
    "view_projectfeedback",
)
MODERATORS_GROUP_NAME = "Modérateurs EMI"


def grant_moderator_permissions(group):
    from django.contrib.auth.models import Permission

    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="projects", codename__in=MODERATOR_PERMISSIONS
        )
    )


def _on_group_saved(sender, instance, created, **kwargs):
    if created and instance.name == MODERATORS_GROUP_NAME:
        grant_moderator_permissions(instance)


def _on_post_migrate(sender, **kwargs):
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name=MODERATORS_GROUP_NAME).first()
    if group is not None:
        grant_moderator_permissions(group)


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Projets"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.models import Group
        from django.db.models.signals import post_migrate, post_save

        from cms.sections import register_section

        from .models import ProjectIndexPage, ProjectSectionPage
        from .retention import register_rules

        register_section(ProjectIndexPage, ProjectSectionPage)
        register_rules()
        post_save.connect(_on_group_saved, sender=Group, dispatch_uid="projects_moderators")
        post_migrate.connect(_on_post_migrate, sender=self, dispatch_uid="projects_moderators")
