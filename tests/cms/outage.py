"""What the outage tests and benchmarks share: a real redis-server on a free loopback
port that can be stopped or paused, the site's own Redis cache settings pointed at it,
and one URL of every public page type."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import redis

from tests.smtp_sink import free_port

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = os.environ.get("REDIS_SERVER", "/usr/bin/redis-server")


class RedisServer:
    """A throw-away redis-server: no persistence, loopback only, stopped in a finally."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.paused = False

    def start(self):
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        probe = redis.Redis(port=self.port, socket_timeout=0.5, socket_connect_timeout=0.5)
        for _ in range(100):
            try:
                probe.ping()
                return self
            except redis.ConnectionError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def client(self):
        return redis.Redis(port=self.port, socket_timeout=2, socket_connect_timeout=2)

    def pause(self):
        """Hung: the kernel still accepts connections, nobody answers."""
        self.process.send_signal(signal.SIGSTOP)
        self.paused = True

    def resume(self):
        self.process.send_signal(signal.SIGCONT)
        self.paused = False

    def stop(self):
        """Gone: connections are refused."""
        if self.process is None:
            return
        try:
            self.process.send_signal(signal.SIGCONT)
        except ProcessLookupError:
            pass
        self.process.kill()
        self.process.wait(timeout=10)
        self.process = None
        self.paused = False


def redis_server_or_skip():
    if not Path(REDIS_SERVER).exists():
        if os.environ.get("CI"):
            pytest.fail(
                f"CI sans Redis : {REDIS_SERVER} introuvable (apt-get install redis-server)."
            )
        pytest.skip(f"redis-server absent ({REDIS_SERVER}) : apt-get install redis-server")
    return RedisServer()


PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps(settings.CACHES))
"""


def site_redis_caches(url, settings_module="cms.settings.production"):
    """CACHES exactly as the site's settings build them for REDIS_URL=url."""
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE=settings_module,
        REDIS_URL=url,
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="testserver",
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def public_urls():
    """One URL of every public page type (tests.factories.whole_site), and the contact
    form."""
    from alumni.models import ResourcePage
    from news.models import CallForCandidatesPage, EventPage
    from projects.models import ProjectPage

    event = next(e for e in EventPage.objects.live().order_by("start") if e.registration_open)
    return {
        "accueil": "/",
        "projets": "/projets/",
        "projet": ProjectPage.objects.live().first().url,
        "actualites": "/actualites/",
        "agenda": "/agenda/",
        "evenement": event.url,
        "formations": "/formations/",
        "appel": CallForCandidatesPage.objects.live().first().url,
        "ressources": "/ressources/",
        "ressource": ResourcePage.objects.live().public().first().url,
        "recherche": "/recherche/?q=x",
        "contact": "/contact/",
    }


CONTACT = {
    "nom": "Camille Martin",
    "email": "camille.martin@example.org",
    "objet": "Rejoindre l'EMI",
    "message": "Notre commune souhaite envoyer deux cadres à la prochaine session.",
}


class TcpProxy:
    """A loopback TCP proxy that can be cut (connections closed, new ones refused) and
    restored on the same port: a database outage without touching the database."""

    def __init__(self, upstream_port, upstream_host="127.0.0.1"):
        self.upstream = (upstream_host, upstream_port)
        self.port = free_port()
        self.listener = None
        self.sockets = set()
        self.lock = threading.Lock()

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(64)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()
        return self

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # the listener was closed: the proxy is cut
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets.update((client, upstream))
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
                with self.lock:
                    self.sockets.discard(sock)

    def cut(self):
        """Every open connection is closed and new ones are refused."""
        try:
            # Wakes the thread blocked in accept() (a bare close would not, on Linux).
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.listener.close()
        with self.lock:
            sockets, self.sockets = list(self.sockets), set()
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def restore(self):
        self.start()

    def stop(self):
        self.cut()
