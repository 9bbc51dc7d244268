from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Actualités et agenda"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.sections import register_section

        from .models import EventIndexPage, EventSectionPage, NewsIndexPage, NewsSectionPage

        register_section(NewsIndexPage, NewsSectionPage)
        register_section(EventIndexPage, EventSectionPage)
