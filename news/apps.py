from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Actualités et agenda"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from cms.sections import register_emi_index, register_section

        from .events.signals import event_published
        from .models import (
            EventIndexPage,
            EventPage,
            EventSectionPage,
            NewsIndexPage,
            NewsSectionPage,
            TrainingIndexPage,
        )
        from .permissions import register_policies
        from .retention import register_rules

        register_section(NewsIndexPage, NewsSectionPage)
        register_section(EventIndexPage, EventSectionPage)
        # /formations/ holds EMI's own trainings and calls: edited by EMI moderators only.
        register_emi_index(TrainingIndexPage)
        register_policies()
        register_rules()
        page_published.connect(
            event_published, sender=EventPage, dispatch_uid="news_event_published"
        )
