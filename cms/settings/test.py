from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
# Tests read mail.outbox; the mail-queue tests switch to mailer.backend.DbBackend.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MAILER_USE_FILE_LOCK = False  # parallel test workers each have their own database
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT", "/tmp/emi-test-media"))  # noqa: F405
PRIVATE_MEDIA_ROOT = Path(  # noqa: F405
    os.environ.get("TEST_PRIVATE_MEDIA_ROOT", "/tmp/emi-test-private-media")  # noqa: F405
)
BACKUP_DIR = Path(os.environ.get("TEST_BACKUP_DIR", "/tmp/emi-test-backups"))  # noqa: F405
# AVIF encoding costs seconds per image on these machines: tests render WebP/JPEG only.
EMI_PICTURE_FORMATS = "format-{webp,jpeg}"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        # Room for the feeds' cached events (calendars.py).
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}
# The live server of browser tests serves static files straight from the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Local-memory cache in tests: django-ratelimit's check for a shared cache is silenced.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
# Tests name the public address they expect, whatever the operator's environment says.
WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://127.0.0.1:8000"
# The page cache is off whatever the environment says; its tests turn it on.
PAGE_CACHE_ENABLED = False
EDGE_CACHE_URLS = []
