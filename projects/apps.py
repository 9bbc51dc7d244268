from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Projets"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.sections import register_section

        from .models import ProjectIndexPage, ProjectSectionPage

        register_section(ProjectIndexPage, ProjectSectionPage)
