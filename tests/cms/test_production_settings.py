"""Production settings: check --deploy without a warning, HTTPS with the health check
exempt, frames and browser features denied, noindex on staging, errors that reach
someone (ADMINS over SMTP, request ids in JSON logs, an optional error tracker)."""

import json
import logging
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.test import Client
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.log import JsonFormatter, RequestContextFilter
from home.models import LegalPage
from tests.cms.editorial import make_user

ROOT = Path(__file__).resolve().parents[2]
SECRET = "".join(
    secrets.choice(string.ascii_letters + string.digits + "!@%^*(-_=+)") for _ in range(50)
)
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "emi.example.fr",
    # Production needs a shared cache (rate limits, page cache): django-ratelimit's check
    # refuses a per-process one. `check` does not connect to it.
    "REDIS_URL": "redis://127.0.0.1:6379/15",
}
OUR_VARIABLES = {
    # Set by the browser tests' harness in the same worker; never in a deployment.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SENTRY_DSN",
    "ADMINS",
    "STATIC_ROOT",
    "SITE_NOINDEX",
}

PROBE = """
import json, django
from django.conf import settings
django.setup()
import sentry_sdk
print(json.dumps({
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "redirect_exempt": settings.SECURE_REDIRECT_EXEMPT,
    "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
    "hsts_subdomains": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "hsts_preload": settings.SECURE_HSTS_PRELOAD,
    "silenced": settings.SILENCED_SYSTEM_CHECKS,
    "admins": settings.ADMINS,
    "static_root": str(settings.STATIC_ROOT),
    "sentry": sentry_sdk.get_client().is_active(),
    "x_frame": settings.X_FRAME_OPTIONS,
    "noindex": settings.SITE_NOINDEX,
    "mail_admins_backend": settings.LOGGING["handlers"]["mail_admins"]["email_backend"],
}))
"""


def run(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in OUR_VARIABLES}
    clean.update(PRODUCTION_ENV, **env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def probe(**env):
    result = run(["-c", PROBE], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_passes_without_a_warning():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_passes_with_hsts_preload_chosen():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], SECURE_HSTS_PRELOAD="1"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_defaults():
    values = probe()
    assert values["ssl_redirect"] is True
    assert values["redirect_exempt"] == [r"^sante/$"]
    assert values["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["hsts_subdomains"] is True
    assert values["hsts_preload"] is False
    assert "security.W021" in values["silenced"]
    assert values["x_frame"] == "DENY"
    assert values["noindex"] is False
    assert values["admins"] == []
    assert values["static_root"] == str(ROOT / "staticfiles")
    # No error tracker unless SENTRY_DSN says where.
    assert values["sentry"] is False
    # Error reports skip the mail queue (the database may be what is failing).
    assert values["mail_admins_backend"] == "django.core.mail.backends.smtp.EmailBackend"


def test_production_settings_from_the_environment(tmp_path):
    values = probe(
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_PRELOAD="1",
        ADMINS="Équipe web <web@valdoise.fr>, astreinte@valdoise.fr",
        STATIC_ROOT=str(tmp_path / "static"),
        SENTRY_DSN="http://cle@127.0.0.1:9/1",
        SITE_NOINDEX="1",
    )
    assert values["ssl_redirect"] is False
    assert values["hsts_preload"] is True
    assert "security.W021" not in values["silenced"]
    assert values["admins"] == [["Équipe web", "web@valdoise.fr"], ["", "astreinte@valdoise.fr"]]
    assert values["static_root"] == str(tmp_path / "static")
    assert values["sentry"] is True
    assert values["noindex"] is True


@pytest.fixture
def https_settings(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    return settings


@pytest.mark.django_db
def test_http_is_redirected_to_https_but_the_health_check(https_settings, home_page):
    client = Client()
    response = client.get("/", HTTP_HOST="emi.example.fr")
    assert response.status_code == 301
    assert response["Location"] == "https://emi.example.fr/"
    health = client.get("/sante/", HTTP_HOST="emi.example.fr")
    assert health.status_code == 200
    assert health.json() == {"database": "ok", "cache": "ok", "status": "ok"}
    secure = client.get("/", HTTP_HOST="emi.example.fr", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
def test_the_health_check_answers_503_when_the_database_fails(client, monkeypatch):
    from cms import views

    class BrokenConnection:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(views, "connection", BrokenConnection())
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["database"] == "indisponible"
    assert response["Cache-Control"].startswith("max-age=0")


def directive(response, name):
    for part in response["Content-Security-Policy"].split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    return None


@pytest.mark.django_db
def test_public_pages_are_never_framed_and_deny_browser_features(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert directive(response, "frame-ancestors") == ["'none'"]
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "fullscreen", "picture-in-picture"):
        assert f"{feature}=()" in policy
    assert "X-Robots-Tag" not in response


@pytest.mark.django_db
def test_staging_asks_search_engines_not_to_index(client, home_page, settings):
    settings.SITE_NOINDEX = True
    for url in ("/", "/robots.txt", "/sante/"):
        assert client.get(url)["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.django_db
def test_an_editor_previews_a_page_in_a_frame_of_the_admin(client, demo_site_pages):
    legal = LegalPage.objects.get(slug="mentions-legales")
    client.force_login(make_user("moderatrice-apercu", superuser=True))
    preview_url = f"/admin/pages/{legal.pk}/edit/preview/"
    data = nested_form_data(
        {
            "title": "Mentions légales (brouillon prévisualisé)",
            "slug": legal.slug,
            "kind": legal.kind,
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    posted = client.post(preview_url, data)
    assert posted.json()["is_valid"] is True, posted.content
    response = client.get(preview_url + "?in_preview_panel=true")
    assert response.status_code == 200
    assert "Mentions légales (brouillon prévisualisé)" in response.content.decode()
    # The admin frames its preview: same origin allowed, by both headers.
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directive(response, "frame-ancestors") == ["'self'"]
    edit = client.get(f"/admin/pages/{legal.pk}/edit/")
    assert directive(edit, "frame-src") == ["'self'"]
    # The published page itself stays unframeable.
    public = Client().get(Page.objects.get(pk=legal.pk).url)
    assert public["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_each_response_and_log_line_carries_the_request_id(client, home_page, caplog):
    given = client.get("/", HTTP_X_REQUEST_ID="proxy-abc123")
    assert given["X-Request-ID"] == "proxy-abc123"
    made = client.get("/")
    assert len(made["X-Request-ID"]) == 32
    refused = client.get("/", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert refused["X-Request-ID"] != "bad id\nwith newline"

    with caplog.at_level(logging.WARNING, logger="django.request"):
        missing = client.get("/page-qui-n-existe-pas/", HTTP_X_REQUEST_ID="req-404")
    assert missing.status_code == 404
    record = next(r for r in caplog.records if r.name == "django.request")
    RequestContextFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-404"
    assert line["path"] == "/page-qui-n-existe-pas/"
    assert line["level"] == "WARNING"
    assert line["status_code"] == 404


def test_json_logs_on_stdout_carry_request_id_and_path(tmp_path):
    """A real process: an error inside a request is one JSON line on stdout."""
    script = """
import django, logging
django.setup()
from django.test import RequestFactory
from django.http import HttpResponse
from cms.middleware import RequestIdMiddleware
def view(request):
    logging.getLogger("cms.views").error("Échec de l'envoi", extra={"status_code": 500})
    return HttpResponse()
request = RequestFactory().get("/contact/", HTTP_X_REQUEST_ID="req-42")
RequestIdMiddleware(view)(request)
"""
    result = run(["-c", script])
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert line["message"] == "Échec de l'envoi"
    assert line["request_id"] == "req-42"
    assert line["path"] == "/contact/"
    assert line["logger"] == "cms.views"


@pytest.mark.django_db
def test_the_500_page_shows_a_reference_and_promises_nothing_untrue(home_page, settings):
    from django.urls import path

    def broken(request):
        raise RuntimeError("panne")

    urls = type("urls", (), {})()
    from cms import urls as site_urls

    urls.urlpatterns = [path("panne/", broken), *site_urls.urlpatterns]
    urls.handler500 = site_urls.handler500
    settings.ROOT_URLCONF = urls
    client = Client(raise_request_exception=False)
    response = client.get("/panne/", HTTP_X_REQUEST_ID="req-500")
    html = response.content.decode()
    assert response.status_code == 500
    assert "req-500" in html
    assert "informée" not in html
    assert "enregistrée" in html


def test_with_sentry_dsn_errors_reach_the_tracker():
    """A Sentry-compatible sink on loopback receives the error logged by the site."""
    import gzip
    import http.server
    import threading

    received = []

    class Sink(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            received.append(body)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    sink = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    script = """
import django, logging, sentry_sdk
django.setup()
logging.getLogger("cms.views").error("Panne du formulaire de contact")
sentry_sdk.flush(timeout=10)
"""
    try:
        result = run(["-c", script], SENTRY_DSN=f"http://cle@127.0.0.1:{sink.server_port}/1")
    finally:
        sink.shutdown()
        sink.server_close()
    assert result.returncode == 0, result.stderr
    assert any(b"Panne du formulaire de contact" in body for body in received), received
