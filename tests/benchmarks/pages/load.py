"""Throughput and latency under gunicorn (production settings, deploy/gunicorn.conf.py,
2 workers) on 127.0.0.1, measured with wrk (Debian's `wrk`), bounded in time and
connections. Also serves a checkout of wagtail/bakerydemo the same way (bakery.py).

Every request says ``Accept-Encoding: gzip, deflate``, as browsers and calendar clients
do: a page that a server keeps compressed (a cached page, a static file) is measured as
they receive it."""

import http.client
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "3"))
MAX_WRK_SECONDS = 20
WRK_CONNECTIONS = int(os.environ.get("BENCH_WRK_CONNECTIONS", "8"))
WORKERS = "2"
# A Redis database of the benchmark's own (the page cache and sessions' cache).
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
SECRET_KEY = "bench-only-secret-key-not-for-production-0123456789abcdef"
ACCEPT_ENCODING = "gzip, deflate"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url, page_cache):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "PAGE_CACHE": "1" if page_cache else "0",
        "GUNICORN_WORKERS": WORKERS,
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
        "GUNICORN_MAX_REQUESTS": "0",
    }


def wait_until_up(base_url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base_url + "/", timeout=10):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"le serveur {base_url} n'a pas démarré en {timeout} s")


@contextmanager
def serving(command, env, cwd):
    """Start a server command with GUNICORN_BIND set; yields its base URL; stops it."""
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    command = [part.replace("{port}", str(port)) for part in command]
    process = subprocess.Popen(command, env=env, cwd=cwd, start_new_session=True)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base_url)
        yield base_url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=40)


@contextmanager
def emi_server(database_url, page_cache):
    gunicorn = str(ROOT / ".venv" / "bin" / "gunicorn")
    command = [gunicorn, "-c", "deploy/gunicorn.conf.py", "cms.wsgi:application"]
    with serving(command, production_env(database_url, page_cache), ROOT) as base_url:
        yield base_url


def collectstatic(database_url):
    env = production_env(database_url, False)
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "collectstatic", "--noinput",
         "-v", "0"],
        env=env, cwd=ROOT, check=True,
    )  # fmt: skip


def static_file_path():
    """A hashed static file as whitenoise serves it (from the manifest)."""
    manifest = (ROOT / "staticfiles" / "staticfiles.json").read_text()
    match = re.search(r'"css/print\.css":\s*"([^"]+)"', manifest)
    return f"/static/{match.group(1)}"


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output, seconds):
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    # A page slower than the run gives no distribution: its percentiles are the run.
    percentiles = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    percentiles = {p: percentiles.get(p, f"{seconds}s") for p in ("50", "90", "99")}
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:.*", output)
    return {
        "rps": round(rate, 1),
        "p50_ms": round(_ms(percentiles["50"]), 1),
        "p90_ms": round(_ms(percentiles["90"]), 1),
        "p99_ms": round(_ms(percentiles["99"]), 1),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(0) if socket_errors else "",
    }


def wrk(url, cookie=None):
    """One bounded wrk run (2 threads, WRK_CONNECTIONS connections, WRK_SECONDS s; longer
    for a page slower than a second, so that a few of its requests complete)."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk absent : apt-get install -y wrk")
    # Two warm-ups (the first fills the worker's and the page cache), the second timed; a
    # redirect (to the login page…) is an error.
    for _ in range(2):
        started = time.monotonic()
        with _OPENER.open(_request(url, cookie), timeout=60) as response:
            if response.status != 200:
                raise RuntimeError(f"{url} : statut {response.status}")
            response.read()
    seconds = min(MAX_WRK_SECONDS, max(WRK_SECONDS, math.ceil(3 * (time.monotonic() - started))))
    command = ["wrk", "-t2", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s", "--latency",
               "--timeout", "30s", "-H", f"Accept-Encoding: {ACCEPT_ENCODING}", url]  # fmt: skip
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return {**parse_wrk(output, seconds), "seconds": seconds}


def wrk_or_error(url, cookie=None):
    """wrk's figures, or what went wrong: one failing page does not lose the run."""
    try:
        return wrk(url, cookie)
    except (OSError, RuntimeError, subprocess.CalledProcessError, AttributeError,
            http.client.HTTPException) as error:  # fmt: skip
        return {"failure": str(error)[:300]}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 3xx is raised as an HTTPError


_OPENER = urllib.request.build_opener(_NoRedirect)


def _request(url, cookie):
    headers = {"Accept-Encoding": ACCEPT_ENCODING}
    if cookie:
        headers["Cookie"] = cookie
    return urllib.request.Request(url, headers=headers)
