"""Sending the site's mail: queued in the database, never failing what caused it.

EMAIL_BACKEND is django-mailer's queue (settings/base.py), so `send()` is an INSERT in
the transaction of the submission: both are committed together, and the worker
(`manage.py send_mail`) delivers later, with retries. `queue_mail` adds a savepoint: if
even queueing fails (a misconfigured backend, an unpicklable attachment), the error is
logged for the administrators and the person's submission is still saved and answered.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def queue_mail(message):
    """Send (queue) one EmailMessage; returns how many were accepted (0 or 1)."""
    try:
        with transaction.atomic():
            return message.send()
    except Exception:
        logger.exception("Mail not queued: %r to %s", message.subject, ", ".join(message.to))
        return 0
