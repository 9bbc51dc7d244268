"""Redis as a cache that may fail: a failure is a miss, and a failing Redis is left alone.

django-redis with ``IGNORE_EXCEPTIONS`` already turns a Redis error into a cache miss,
and the socket timeouts (settings: ``SOCKET_CONNECT_TIMEOUT``, ``SOCKET_TIMEOUT``) bound
how long one call may wait. What it lacks is a back-off: with Redis hung, every request
would still wait one timeout per cache call. ``BackoffClient`` adds it: after a
connection error or a timeout, every thread of this process skips Redis for
``BACKOFF_SECONDS`` (an OPTIONS key, default 5), answering as if the key were missing,
then tries again.
"""

import functools
import threading
from time import monotonic

from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError

DEFAULT_BACKOFF_SECONDS = 5.0

# Per process, shared by every thread (Django builds one cache client per thread):
# server locations -> monotonic time before which Redis is not tried.
_retry_after = {}
_lock = threading.Lock()

# The methods behind Django's cache API and django-redis's extras used by the site.
GUARDED_METHODS = (
    "get",
    "get_many",
    "set",
    "set_many",
    "add",
    "delete",
    "delete_many",
    "delete_pattern",
    "has_key",
    "incr",
    "decr",
    "incr_version",
    "touch",
    "ttl",
    "expire",
    "persist",
    "keys",
    "iter_keys",
    "clear",
)


class RedisSkipped(RedisConnectionError):
    """Raised instead of calling Redis while the back-off lasts (never reaches a page)."""


def reset_backoff():
    """Forget every back-off of this process (tests, or after Redis is known to be back)."""
    with _lock:
        _retry_after.clear()


def _guard(method):
    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        if monotonic() < _retry_after.get(self._backoff_key, 0.0):
            cause = RedisSkipped("Redis is skipped after a recent error (back-off).")
            raise ConnectionInterrupted(connection=None) from cause
        try:
            return method(self, *args, **kwargs)
        except ConnectionInterrupted:
            # Includes timeouts: django-redis wraps both in ConnectionInterrupted.
            with _lock:
                _retry_after[self._backoff_key] = monotonic() + self._backoff_seconds
            raise

    return guarded


class BackoffClient(DefaultClient):
    """django-redis's DefaultClient that stops calling Redis for a while after an error."""

    def __init__(self, server, params, backend):
        super().__init__(server, params, backend)
        self._backoff_seconds = float(self._options.get("BACKOFF_SECONDS", DEFAULT_BACKOFF_SECONDS))
        self._backoff_key = tuple(self._server)


for _name in GUARDED_METHODS:
    setattr(BackoffClient, _name, _guard(getattr(DefaultClient, _name)))
