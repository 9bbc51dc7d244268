"""Prints, as JSON, what the soak's database holds at the end of a run."""

import json

import django


def main():
    django.setup()
    from mailer.models import RESULT_FAILURE, RESULT_SUCCESS, Message, MessageLog
    from wagtail.contrib.forms.models import FormSubmission

    from alumni.models import StoryPage
    from news.models import EventRegistration

    sent = MessageLog.objects.filter(result=RESULT_SUCCESS).exclude(message_id=None)
    print(
        json.dumps(
            {
                "registrations": EventRegistration.objects.filter(
                    email__endswith="@visiteurs.soak.example"
                ).count(),
                "applications": FormSubmission.objects.filter(page__slug="appel-endurance").count(),
                "stories": StoryPage.objects.filter(title__startswith="Endurance ").count(),
                "mail_sent": sent.values("message_id").distinct().count(),
                "mail_remaining": Message.objects.count(),
                "mail_deferred": Message.objects.deferred().count(),
                "mail_failed_attempts": MessageLog.objects.filter(result=RESULT_FAILURE).count(),
            }
        )
    )


if __name__ == "__main__":
    main()
