from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site EMI"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .notifications import register_signal_handlers

        register_signal_handlers()

        from . import publicity

        publicity.connect()
