"""Logs an operator can follow: one JSON object a line on stdout, with the request's id.

``RequestIdMiddleware`` (cms.middleware) stores the request id and path in context
variables; ``RequestContextFilter`` copies them on every record logged while the request
runs, and ``JsonFormatter`` writes the line. ``OncePerInterval`` lets through one record
per message and interval, so an outage (Redis down) is logged once a minute, not once a
request.
"""

import json
import logging
import threading
from contextvars import ContextVar
from datetime import UTC, datetime
from time import monotonic

request_id_var = ContextVar("request_id", default="-")
request_path_var = ContextVar("request_path", default="-")


class RequestContextFilter(logging.Filter):
    """Adds ``request_id`` and ``path`` (the current request's, or "-") to every record."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        record.path = request_path_var.get()
        request = getattr(record, "request", None)
        if record.request_id == "-" and request is not None:
            # django.request logs a response after the middleware is done with it.
            record.request_id = getattr(request, "request_id", "-")
            record.path = getattr(request, "path", "-")
        return True


class OncePerInterval(logging.Filter):
    """Lets one record per (logger, message) through every ``seconds``, per process.

    The next record let through says how many were held back in between.
    """

    def __init__(self, seconds=60):
        super().__init__()
        self.seconds = float(seconds)
        self._lock = threading.Lock()
        self._last = {}
        self._held_back = {}

    def reset(self):
        with self._lock:
            self._last.clear()
            self._held_back.clear()

    def filter(self, record):
        key = (record.name, str(record.msg))
        now = monotonic()
        with self._lock:
            last = self._last.get(key)
            if last is not None and now - last < self.seconds:
                self._held_back[key] = self._held_back.get(key, 0) + 1
                return False
            self._last[key] = now
            held_back = self._held_back.pop(key, 0)
        if held_back:
            record.held_back = held_back
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, request id and path."""

    FIELDS = ("request_id", "path", "status_code", "held_back")

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in self.FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
