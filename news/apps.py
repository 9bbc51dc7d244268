from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Actualités et agenda"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from cms.roles import declare_roles

        from .events.signals import event_published
        from .models import (
            EventIndexPage,
            EventPage,
            EventRegistration,
            EventSectionPage,
            NewsIndexPage,
            NewsSectionPage,
            TopicProposal,
            TrainingIndexPage,
        )
        from .retention import register_rules

        declare_roles(
            "news",
            sections=[(NewsIndexPage, NewsSectionPage), (EventIndexPage, EventSectionPage)],
            # /formations/ holds EMI's own trainings and calls: edited by EMI moderators only.
            emi_indexes=[TrainingIndexPage],
            # Registrations and topic proposals hold personal data: EMI moderators manage
            # them (every action, no per-model grant needed); the collectivités never see
            # them; anyone else needs Django's model permissions, given explicitly.
            moderators_manage=[EventRegistration, TopicProposal],
        )
        register_rules()
        page_published.connect(
            event_published, sender=EventPage, dispatch_uid="news_event_published"
        )
