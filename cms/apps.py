from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site EMI"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate
        from wagtail.signals import post_page_move

        from . import publicity
        from .collectivity_rule import resync_after_move
        from .notifications import register_signal_handlers
        from .retention_rules import register_site_rules
        from .site_address import sync_site_after_migrate

        register_signal_handlers()
        register_site_rules()
        publicity.connect()
        post_page_move.connect(resync_after_move, dispatch_uid="cms_collectivity_after_move")
        # Every deployment runs migrate: the Site record then follows WAGTAILADMIN_BASE_URL.
        post_migrate.connect(
            sync_site_after_migrate, sender=self, dispatch_uid="cms_sync_site_address"
        )
