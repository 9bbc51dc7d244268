"""A cache backend that is always down: every operation raises, as Redis unreachable."""

from django.core.cache.backends.base import BaseCache


class CacheDown(ConnectionError):
    pass


class BrokenCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)

    def _down(self, *args, **kwargs):
        raise CacheDown("cache server unreachable")

    add = get = set = touch = delete = incr = clear = has_key = get_many = _down
