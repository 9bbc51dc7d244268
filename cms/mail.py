"""Sending the site's mail: queued in the database, never failing what caused it.

EMAIL_BACKEND is django-mailer's queue (settings/base.py), so `send()` is an INSERT in
the transaction of the submission: both are committed together, and the worker
(`manage.py send_mail`) delivers later, with retries. `queue_mail` adds a savepoint: if
even queueing fails (a misconfigured backend, an unpicklable attachment), the error is
logged for the administrators and the person's submission is still saved and answered.
"""

import logging
import smtplib

from django.db import transaction
from mailer import engine

logger = logging.getLogger(__name__)


def queue_mail(message):
    """Send (queue) one EmailMessage; returns how many were accepted (0 or 1)."""
    try:
        with transaction.atomic():
            return message.send()
    except Exception:
        logger.exception("Mail not queued: %r to %s", message.subject, ", ".join(message.to))
        return 0


def handle_delivery_exception(connection, message, exc):
    """The worker's error handler (MAILER_ERROR_HANDLER): defer, never crash the run.

    django-mailer defers on connection and recipient errors but re-raises any other
    SMTP error (a server that hangs up mid-session), which would stop the whole run on
    one message. Every SMTP error defers here. The Message-ID is stored with the message
    before its first failure, so that each attempt in the log names the same message.
    """
    email = message.email
    if email is not None and engine.get_message_id(email) is None:
        engine.ensure_message_id(email)
        message.email = email
    if isinstance(exc, smtplib.SMTPException):
        exc = OSError(f"{type(exc).__name__}: {exc}")
    return engine.handle_delivery_exception(connection, message, exc)
