from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site EMI"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import publicity
        from .notifications import register_signal_handlers
        from .retention_rules import register_site_rules

        register_signal_handlers()
        register_site_rules()
        publicity.connect()
