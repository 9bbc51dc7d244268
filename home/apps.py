from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.roles import declare_roles

        from .models import CollectivityIndexPage, CollectivityPage
        from .retention import register_rules

        register_rules()
        # Each collectivité gets its page under /collectivites/, as it gets its sections.
        declare_roles("home", sections=[(CollectivityIndexPage, CollectivityPage)])
