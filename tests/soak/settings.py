"""Settings of the soak (tests/soak): production's, with what a throw-away run needs.

Everything else (DEBUG off, the mail queue, Redis from REDIS_URL, PostgreSQL from
DATABASE_URL, security headers) is exactly what production runs.
"""

import os

os.environ.setdefault("SECRET_KEY", "soak-only-secret-key-not-for-production")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from cms.settings.production import *  # noqa: E402, F403

# Static files straight from the finders: no collectstatic for a throw-away run.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
# Every simulated visitor comes from 127.0.0.1: per-address form limits would turn the
# soak into a test of the limiter (they fail closed with a 4xx, never silently).
RATELIMIT_ENABLE = False
