from django.apps import AppConfig

# What EMI moderators may do with the project bank's own models (page permissions on
# the sections come with the sections, cms.roles).
MODERATOR_PERMISSIONS = (
    "projects.add_cohort",
    "projects.change_cohort",
    "projects.delete_cohort",
    "projects.view_cohort",
    "projects.add_projecttheme",
    "projects.change_projecttheme",
    "projects.delete_projecttheme",
    "projects.view_projecttheme",
    "projects.change_projectfeedback",
    "projects.delete_projectfeedback",
    "projects.view_projectfeedback",
)


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Projets"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.roles import Grants, declare_roles

        from .models import ProjectFeedback, ProjectIndexPage, ProjectSectionPage
        from .retention import register_rules

        declare_roles(
            "projects",
            sections=[(ProjectIndexPage, ProjectSectionPage)],
            moderators=Grants(permissions=MODERATOR_PERMISSIONS),
            # Opinions come from the public form only: nobody adds one in the admin.
            public_form_only=[ProjectFeedback],
        )
        register_rules()
