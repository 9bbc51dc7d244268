"""Where the values kept under the tree generation live: this process's memory first,
then the shared cache (Redis in production).

Every key given here ends with the tree generation (cms.page_cache): a value stored
under a key never changes, a publication anywhere gives every key a new name. So a copy
kept in the memory of one app process can never be stale, on any number of servers: only
the generation itself is read from the shared cache on each request. What this saves is
the round trip to Redis for each card, fragment or derived value (a page computed from
kept values asks the shared cache once for the generation, then nothing).

The memory is Django's local-memory cache (values pickled, so that no request changes
another's copy), bounded by `KEPT_LOCAL_ENTRIES` (least recently used first out; 0 turns
it off). The shared cache is `CACHES[PAGE_CACHE_ALIAS]`; when it fails, a value is a
miss like any other and is computed.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

# Long enough for a generation (renewed at the next publication), short enough that an
# entry orphaned by a quiet site leaves the memory.
LOCAL_TIMEOUT = 3600
_memories = {}


def local_memory(name, entries, timeout=LOCAL_TIMEOUT):
    """This process's local-memory cache called `name`, bounded to `entries` values
    (least recently used first out), or None when `entries` is 0."""
    if entries <= 0:
        return None
    memory = _memories.get(name)
    if memory is None or memory._max_entries != entries:
        memory = _memories[name] = LocMemCache(
            name, {"TIMEOUT": timeout, "OPTIONS": {"MAX_ENTRIES": entries, "CULL_FREQUENCY": 4}}
        )
    return memory


def _local_cache():
    return local_memory("emi-kept-values", getattr(settings, "KEPT_LOCAL_ENTRIES", 0))


def _shared():
    return caches[settings.PAGE_CACHE_ALIAS]


def get_many(keys):
    """{key: value} for the keys found, in memory or in the shared cache."""
    local = _local_cache()
    found = local.get_many(keys) if local is not None else {}
    missing = [key for key in keys if key not in found]
    if missing:
        shared = _shared().get_many(missing)
        if local is not None and shared:
            local.set_many(shared)
        found.update(shared)
    return found


def get(key):
    """The value under `key`, or None."""
    return get_many([key]).get(key)


def keep_many(values, timeout):
    """Keep `values` ({key: value}) here and in the shared cache for `timeout` seconds."""
    if not values:
        return
    _shared().set_many(values, timeout)
    local = _local_cache()
    if local is not None:
        local.set_many(values, min(timeout, LOCAL_TIMEOUT))


def keep(key, value, timeout):
    keep_many({key: value}, timeout)


def clear_local():
    """Forget this process's copies, of kept values and of cached pages (tests that look
    at the shared cache alone)."""
    for memory in _memories.values():
        memory.clear()
