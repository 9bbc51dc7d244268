from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .retention import register_rules

        register_rules()
