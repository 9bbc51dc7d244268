"""Configuration comes from the environment (each case runs in a fresh interpreter)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "db_engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "hosts": settings.ALLOWED_HOSTS,
    "email": settings.EMAIL_BACKEND,
    "admin_url": settings.WAGTAILADMIN_BASE_URL,
    "language": settings.LANGUAGE_CODE,
    "tz": settings.TIME_ZONE,
    "debug": settings.DEBUG,
}))
"""


def run_settings(module, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "EMAIL_BACKEND",
            "WAGTAILADMIN_BASE_URL",
        }
    }
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_dev_defaults_to_sqlite_at_repo_root_and_console_email():
    result = run_settings("cms.settings.dev")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["db_engine"] == "django.db.backends.sqlite3"
    assert values["db_name"] == str(ROOT / "db.sqlite3")
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"
    assert values["cache"].endswith("LocMemCache")
    assert values["language"] == "fr"
    assert values["tz"] == "Europe/Paris"


def test_database_redis_and_admin_url_come_from_the_environment():
    result = run_settings(
        "cms.settings.dev",
        DATABASE_URL="postgres://emi:secret@db.example:5433/emi_site",
        REDIS_URL="redis://127.0.0.1:6379/3",
        WAGTAILADMIN_BASE_URL="https://emi.valdoise.fr",
        ALLOWED_HOSTS="emi.valdoise.fr,www.emi.valdoise.fr",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["db_engine"] == "django.db.backends.postgresql"
    assert values["db_name"] == "emi_site"
    assert values["cache"] == "django_redis.cache.RedisCache"
    assert values["cache_location"] == "redis://127.0.0.1:6379/3"
    assert values["admin_url"] == "https://emi.valdoise.fr"
    assert values["hosts"] == ["emi.valdoise.fr", "www.emi.valdoise.fr"]


def test_production_refuses_to_start_without_secret_key():
    result = run_settings("cms.settings.production", ALLOWED_HOSTS="emi.valdoise.fr")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_starts_with_its_environment():
    result = run_settings(
        "cms.settings.production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="emi.valdoise.fr"
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is False
    # Mail is queued in the database; the worker delivers over SMTP (test_mail_queue.py).
    assert values["email"] == "mailer.backend.DbBackend"
