from django.apps import AppConfig


class AlumniConfig(AppConfig):
    name = "alumni"
    default_auto_field = "django.db.models.BigAutoField"
