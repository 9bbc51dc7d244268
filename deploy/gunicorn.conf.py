"""gunicorn's settings for the site: `gunicorn -c deploy/gunicorn.conf.py cms.wsgi:application`.

Every value can be changed by the environment (GUNICORN_*), or on the command line,
which wins over this file.

Workers: sync workers, 2 × cores + 1 (gunicorn's own advice). A request of this site
spends a good part of its time waiting (PostgreSQL, Redis, the bucket, the mail queue):
while one worker waits, another uses the core, and the extra one covers a worker that
is restarting. With SQLite (one writer at a time) or little memory (~150 MB a worker),
prefer cores + 1: GUNICORN_WORKERS=3 on 2 cores.
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # "0.0.0.0:8000", "unix:/run/emi.sock"
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"
threads = _int("GUNICORN_THREADS", 1)
# A request still running after this is killed and its worker restarted (the proxy's own
# timeout should be a little longer); a big upload goes through well under it.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Behind a proxy that keeps connections open to the app.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# A worker is replaced after this many requests (with jitter, not all at once): a slow
# leak in a library never grows without bound.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# The application is loaded once, before the fork: less memory, and a broken setting
# stops the start instead of every worker failing in turn.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") not in ("0", "false", "False")
# Only the proxy sets X-Forwarded-*: trust it from the addresses it uses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# The worker heartbeat files in memory, not on a slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Logs on stdout/stderr, one access line per request with the site's request id (the
# response's X-Request-ID, the same id as in the application's JSON lines).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    'access method=%(m)s path="%(U)s" query="%(q)s" status=%(s)s bytes=%(B)s ms=%(M)s '
    'request_id=%({x-request-id}o)s remote=%(h)s agent="%(a)s"'
)
proc_name = "emi"
