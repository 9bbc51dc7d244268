"""A bounded soak: the site under gunicorn, PostgreSQL and Redis, loses nothing.

`run_soak()` creates a database of its own on the PostgreSQL server of `base_url`,
starts redis-server on a free loopback port (or uses `redis_url`), an aiosmtpd sink and
gunicorn, then for `duration` seconds mixes anonymous reads of every page type with
concurrent event registrations, applications to a call and story submissions (logged-in
alumni). The SMTP sink is stopped for the middle third of the run; a worker runs
`send_mail` (and `retry_deferred`) the whole time, as cron would, then empties the queue.
Everything it started is stopped, and the database dropped, before it returns the
figures: 5xx answers, accepted vs saved submissions, queued vs delivered mail.
"""

import http.client
import itertools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path

from tests.cms.outage import RedisServer
from tests.smtp_sink import SmtpSink, free_port

ROOT = Path(__file__).resolve().parents[2]
STORIES_PER_PERSON = 4  # under the site's limit of 5 an hour
VISITORS_DOMAIN = "visiteurs.soak.example"


# --- services -------------------------------------------------------------------------


def _wait_until(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what}: not ready after {timeout} s")


class Postgres:
    """A database of its own on the server of base_url, dropped afterwards."""

    def __init__(self, base_url):
        import psycopg

        self.psycopg = psycopg
        parts = urllib.parse.urlsplit(base_url)
        self.name = f"emi_soak_{os.getpid()}_{random.randrange(10**6)}"
        self.admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
        self.url = urllib.parse.urlunsplit(parts._replace(path=f"/{self.name}"))

    def _execute(self, sql):
        with self.psycopg.connect(self.admin_url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql)

    def create(self, template=None):
        # A template (a database where the demo is already loaded, e.g. CI's) saves the
        # minutes of migrate + load_demo; prepare still runs both, idempotently.
        suffix = f' TEMPLATE "{template}"' if template else ""
        self._execute(f'CREATE DATABASE "{self.name}"{suffix}')
        return self

    def drop(self):
        self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


# --- an HTTP visitor with its own cookies ----------------------------------------------


class Visitor:
    """One person's browser: cookies kept, CSRF token sent, behind an HTTPS proxy."""

    def __init__(self, port, record):
        self.port = port
        self.record = record
        self.cookies = {}

    def request(self, method, path, form=None):
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            # gunicorn sits behind a TLS-terminating proxy in production.
            "X-Forwarded-Proto": "https",
            "User-Agent": "emi-soak",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            form = dict(form, csrfmiddlewaretoken=self.cookies.get("csrftoken", ""))
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except OSError as error:
            self.record(method, path, None, repr(error))
            raise
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        self.record(method, path, response.status, "")
        return response.status, response.headers, content.decode("utf-8", "replace")

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        if "csrftoken" not in self.cookies:
            self.get(path)
        return self.request("POST", path, form)


# --- the run ---------------------------------------------------------------------------


class Soak:
    def __init__(self, base_url, duration, redis_url=None, readers=4, writers=2, report=print):
        self.base_url = base_url
        self.duration = duration
        self.redis_url = redis_url
        self.readers = readers
        self.writers = writers
        self.report = report
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.server_errors = []
        self.client_errors = []
        self.accepted = Counter()
        self.attempted = Counter()
        self.worker_runs = Counter()
        self.stop = threading.Event()
        self.serial = itertools.count(1)

    # bookkeeping

    def record(self, method, path, status, error):
        with self.lock:
            self.statuses[status if status is not None else "connexion"] += 1
            if status is None or status >= 500:
                self.server_errors.append(f"{method} {path} → {status or error}")
            elif status >= 400 and len(self.client_errors) < 10:
                self.client_errors.append(f"{method} {path} → {status}")

    def count(self, kind, accepted):
        with self.lock:
            self.attempted[kind] += 1
            if accepted:
                self.accepted[kind] += 1

    # subprocesses

    def manage(self, *args, timeout=300):
        command = [sys.executable, *args]
        result = subprocess.run(
            command,
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def mail_worker(self):
        """What cron does: send_mail every few seconds, retry_deferred every third run."""
        for run in itertools.count(1):
            if self.stop.wait(3):
                return
            self.manage("manage.py", "send_mail")
            self.worker_runs["send_mail"] += 1
            if run % 3 == 0:
                self.manage("manage.py", "retry_deferred")
                self.worker_runs["retry_deferred"] += 1

    # load

    def reader(self, port, reads):
        visitor = Visitor(port, self.record)
        rng = random.Random()
        while not self.stop.is_set():
            try:
                visitor.get(rng.choice(reads))
            except OSError:
                time.sleep(0.2)

    def registrant(self, port, event_url):
        while not self.stop.is_set():
            n = next(self.serial)
            visitor = Visitor(port, self.record)
            form = {
                "name": f"Visiteur {n}",
                "email": f"visiteur{n}@{VISITORS_DOMAIN}",
                "organisation": "Commune d'endurance",
                "accessibility_needs": "",
            }
            try:
                status, headers, _ = visitor.post(event_url, form)
            except OSError:
                self.count("registrations", False)
                continue
            ok = status == 302 and headers.get("Location", "").endswith("#inscription")
            self.count("registrations", ok)

    def candidate(self, port, call_url, collectivity):
        while not self.stop.is_set():
            n = next(self.serial)
            visitor = Visitor(port, self.record)
            form = {
                "name": f"Candidate {n}",
                "email": f"candidate{n}@{VISITORS_DOMAIN}",
                "collectivity": collectivity,
                "function": "Cheffe de service",
                "motivation": "Mener un projet d'innovation avec les usagers.",
            }
            try:
                status, _, body = visitor.post(call_url, form)
            except OSError:
                self.count("applications", False)
                continue
            self.count("applications", status == 200 and "bien enregistrée" in body)

    def storyteller(self, port, accounts, password):
        for username in accounts:
            visitor = Visitor(port, self.record)
            try:
                status, headers, _ = visitor.post(
                    "/alumni/connexion/", {"username": username, "password": password}
                )
            except OSError:
                continue
            if status != 302:
                raise RuntimeError(f"login of {username} answered {status}")
            for _ in range(STORIES_PER_PERSON):
                if self.stop.is_set():
                    return
                n = next(self.serial)
                form = {
                    "title": f"Endurance {n} : ce que l'EMI a changé",
                    "text": "Avant l'EMI, nous ne parlions pas aux usagers.\n\nAujourd'hui, si.",
                    "related_project": "",
                    "image_alt": "",
                    "consent": "on",
                }
                try:
                    status, headers, _ = visitor.post("/alumni/temoignages/proposer/", form)
                except OSError:
                    self.count("stories", False)
                    continue
                ok = status == 302 and "/alumni/mon-profil/" in headers.get("Location", "")
                self.count("stories", ok)
        self.stop.wait()

    # the whole thing

    def run(self):
        workdir = Path(tempfile.mkdtemp(prefix="emi-soak-"))
        database = Postgres(self.base_url).create(os.environ.get("SOAK_TEMPLATE_DATABASE"))
        redis = gunicorn = None
        sink = SmtpSink().start()
        try:
            if self.redis_url is None:
                redis = RedisServer().start()
            self.env = dict(
                os.environ,
                DJANGO_SETTINGS_MODULE="tests.soak.settings",
                DATABASE_URL=database.url,
                REDIS_URL=self.redis_url or redis.url,
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=str(sink.port),
                EMAIL_TIMEOUT="5",
                MAILER_LOCK_PATH=str(workdir / "send_mail"),
                MEDIA_ROOT=str(workdir / "media"),
                PRIVATE_MEDIA_ROOT=str(workdir / "private-media"),
                PYTHONPATH=str(ROOT),
            )
            started = time.monotonic()
            alumni_count = self.duration // 8 + 2
            data = json.loads(
                self.manage("-m", "tests.soak.prepare", str(alumni_count), timeout=900)
            )
            self.report(
                f"base prête en {time.monotonic() - started:.0f} s : {len(data['reads'])} "
                f"adresses lues ({len(data['page_types'])} types de page), "
                f"{alumni_count} alumni"
            )
            port = free_port()
            gunicorn = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "cms.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "--threads",
                    "4",
                    "--timeout",
                    "60",
                    "--graceful-timeout",
                    "10",
                    "--no-control-socket",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=open(workdir / "gunicorn.log", "w"),  # noqa: SIM115
            )
            probe = Visitor(port, lambda *args: None)
            _wait_until(lambda: probe.get("/")[0] == 200, 120, "gunicorn")
            self.report(f"gunicorn prêt en {time.monotonic() - started:.0f} s")
            self.load(port, data, sink)
            # The run is over: SMTP is back, the worker empties the queue (bounded).
            if not sink.running:
                sink.start()
            for _ in range(20):
                counts = json.loads(self.manage("-m", "tests.soak.count"))
                if counts["mail_remaining"] == 0:
                    break
                self.manage("manage.py", "retry_deferred")
                self.manage("manage.py", "send_mail")
            counts = json.loads(self.manage("-m", "tests.soak.count"))
            figures = self.figures(counts, data, sink)
            if figures["server_errors"]:
                log = (workdir / "gunicorn.log").read_text(errors="replace").splitlines()
                figures["gunicorn_log_tail"] = log[-40:]
            return figures
        finally:
            self.stop.set()
            if gunicorn is not None:
                _stop(gunicorn)
            sink.stop()
            if redis is not None:
                redis.stop()
            database.drop()
            shutil.rmtree(workdir, ignore_errors=True)

    def load(self, port, data, sink):
        threads = [threading.Thread(target=self.mail_worker, daemon=True)]
        for _ in range(self.readers):
            threads.append(threading.Thread(target=self.reader, args=(port, data["reads"])))
        for _ in range(self.writers):
            threads.append(threading.Thread(target=self.registrant, args=(port, data["event_url"])))
            threads.append(
                threading.Thread(
                    target=self.candidate, args=(port, data["call_url"], data["collectivity"])
                )
            )
        threads.append(
            threading.Thread(target=self.storyteller, args=(port, data["alumni"], data["password"]))
        )
        started = time.monotonic()
        for thread in threads:
            thread.start()
        # SMTP down for the middle third of the run, and at least for one whole run of
        # the worker (which then defers what it finds), then back.
        time.sleep(self.duration / 3)
        sink.stop()
        runs_at_stop = self.worker_runs["send_mail"]
        self.report(f"t={time.monotonic() - started:.0f} s : serveur SMTP arrêté")
        time.sleep(self.duration / 3)
        _wait_until(lambda: self.worker_runs["send_mail"] >= runs_at_stop + 2, 300, "worker")
        sink.start()
        self.report(f"t={time.monotonic() - started:.0f} s : serveur SMTP revenu")
        time.sleep(self.duration / 3)
        self.stop.set()
        for thread in threads:
            thread.join(120)
        self.elapsed = time.monotonic() - started

    def figures(self, counts, data, sink):
        moderators = data["moderators"]  # who gets Wagtail's "submitted" notification
        # Mails each accepted submission queues: the confirmation (registration); the
        # EMI's notification and the candidate's copy (application); the author's
        # acknowledgement and Wagtail's notification to each moderator (story).
        expected_mail = (
            counts["registrations"]
            + 2 * counts["applications"]
            + (1 + moderators) * counts["stories"]
        )
        delivered_ids = set(sink.message_ids())
        return {
            "duration_s": round(self.elapsed),
            "requests": sum(self.statuses.values()),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items(), key=str)},
            "server_errors": len(self.server_errors),
            "server_error_samples": self.server_errors[:10],
            "attempted": dict(self.attempted),
            "accepted": dict(self.accepted),
            "saved": {k: counts[k] for k in ("registrations", "applications", "stories")},
            "mail_expected": expected_mail,
            "mail_queued": counts["mail_sent"] + counts["mail_remaining"],
            "mail_delivered": len(delivered_ids),
            "mail_delivered_twice": len(sink.message_ids()) - len(delivered_ids),
            "mail_remaining": counts["mail_remaining"],
            "mail_failed_attempts": counts["mail_failed_attempts"],
            "client_error_samples": self.client_errors,
            "worker_runs": dict(self.worker_runs),
            "page_types": len(data["page_types"]),
        }


def run_soak(base_url, duration, **kwargs):
    return Soak(base_url, duration, **kwargs).run()


def assert_nothing_lost(figures):
    assert figures["server_errors"] == 0, figures["server_error_samples"]
    assert figures["statuses"].get("connexion", 0) == 0, figures["server_error_samples"]
    for kind in ("registrations", "applications", "stories"):
        assert figures["accepted"].get(kind, 0) > 0, f"no {kind} accepted: {figures}"
        assert figures["saved"][kind] == figures["accepted"][kind], (kind, figures)
    assert figures["mail_remaining"] == 0, figures
    # The outage was real: the worker met it and deferred mail, delivered afterwards.
    assert figures["mail_failed_attempts"] > 0, figures
    assert figures["mail_queued"] == figures["mail_expected"], figures
    assert figures["mail_delivered"] == figures["mail_queued"], figures


def print_figures(figures, out=print):
    out("")
    out(f"Soak de {figures['duration_s']} s : {figures['requests']} requêtes")
    out(f"  réponses par statut : {figures['statuses']}")
    out(f"  réponses 5xx ou connexions perdues : {figures['server_errors']}")
    for sample in figures["server_error_samples"]:
        out(f"    {sample}")
    for kind in ("registrations", "applications", "stories"):
        out(
            f"  {kind:<13} envoyées {figures['attempted'].get(kind, 0):>5}   acceptées "
            f"{figures['accepted'].get(kind, 0):>5}   enregistrées {figures['saved'][kind]:>5}"
        )
    out(
        f"  courriels : attendus {figures['mail_expected']}, mis en file "
        f"{figures['mail_queued']}, remis {figures['mail_delivered']} "
        f"(dont {figures['mail_delivered_twice']} remis deux fois), restant "
        f"{figures['mail_remaining']} ; essais en échec pendant la panne : "
        f"{figures['mail_failed_attempts']}"
    )
    if figures["client_error_samples"]:
        out(f"  réponses 4xx (exemples) : {figures['client_error_samples']}")
    out(f"  passages du worker : {figures['worker_runs']}")
    for line in figures.get("gunicorn_log_tail", []):
        out(f"  | {line}")
