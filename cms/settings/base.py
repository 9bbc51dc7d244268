"""Settings shared by every environment; values that differ come from the environment."""

import datetime
import os
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    # Project apps, in their dependency order (DESIGN.md): cms <- projects <- news <- alumni <- home
    "cms",
    "projects",
    "news",
    "alumni",
    "home",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "mailer",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Its French catalogue translates naturaltime ("il y a 46 secondes"), which Wagtail's
    # workflow status uses.
    "django.contrib.humanize",
    # Django's widget templates, for the form renderer that reads TEMPLATES (below).
    "django.forms",
    # Logins resist guessing (issue 12 §3): throttling, second factor for moderators.
    "axes",
    # Read-only open data from any origin (issue 16): CORS_URLS_REGEX below.
    "corsheaders",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_ratelimit",
]

MIDDLEWARE = [
    # First: every response and every log line of the request carry its id (cms/log.py).
    "cms.middleware.RequestIdMiddleware",
    # Outside the page cache: a cached export or calendar gets its CORS headers per request.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cms.two_factor.AdminSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.middleware.SiteCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "cms.middleware.NoIndexMiddleware",
    # After the middleware that add security headers, before any view or query runs.
    "cms.middleware.MalformedRequestMiddleware",
    "cms.middleware.PrivateDocumentsCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a locked-out login into the French 429 answer (cms.logins).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Every form field through one template, templates/components/field.html (cms.form_renderer).
FORM_RENDERER = "cms.form_renderer.FormRenderer"

WSGI_APPLICATION = "cms.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database under concurrent requests (an autosave during a save): readers
    # never block the writer (WAL), a writer takes its lock when its transaction starts
    # (IMMEDIATE, so it waits instead of failing half-way) and waits up to 20 s for it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # A Redis failure is a cache miss: errors are ignored (and logged once a minute, see
    # LOGGING), no call waits more than REDIS_TIMEOUT seconds, and after an error the
    # process leaves Redis alone for REDIS_BACKOFF_SECONDS (cms/cache.py).
    REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.2"))
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "CLIENT_CLASS": "cms.cache.BackoffClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT,
                "SOCKET_TIMEOUT": REDIS_TIMEOUT,
                "BACKOFF_SECONDS": float(os.environ.get("REDIS_BACKOFF_SECONDS", "5")),
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Room for the feeds' cached events (calendars.py).
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

# Axes first: it refuses a locked-out (account, address) pair before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# The project's French overrides of Wagtail's admin strings (and of its JavaScript
# catalogue) take precedence over every app's catalogue; the .mo files are committed.
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Documents (public and members-only) live outside MEDIA_ROOT and are only served by
# Wagtail's serve view, which checks the collection's view restrictions (cms/storage.py).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
# Backups (cms.backups, `make backup`): archives hold personal data, encrypted for
# BACKUP_AGE_RECIPIENT / BACKUP_GPG_RECIPIENT (read at run time), purged after their term
# (cms.retention_rules). EMI_LOG_DIR: rotated log files purged the same way, if any.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))
EMI_LOG_DIR = os.environ.get("EMI_LOG_DIR", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email. Every mail (the site's own, Wagtail's notifications, password resets) is queued
# in the database by django-mailer, in the same transaction as what caused it: an SMTP
# outage never fails a form. The worker (`manage.py send_mail`, cron) delivers the queue
# through MAILER_EMAIL_BACKEND, the real backend, chosen by the EMAIL_BACKEND variable.
EMAIL_BACKEND = "mailer.backend.DbBackend"
_SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
MAILER_EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", _SMTP_BACKEND).replace(
    EMAIL_BACKEND,
    _SMTP_BACKEND,  # the queue can never deliver into itself
)
# A run stops after this many deferrals (SMTP down: the next cron run tries again) and
# the lock file keeps two workers from sending the same queue from one host.
MAILER_EMAIL_MAX_DEFERRED = int(os.environ.get("MAILER_EMAIL_MAX_DEFERRED", "10"))
MAILER_LOCK_PATH = os.environ.get("MAILER_LOCK_PATH", str(BASE_DIR / "send_mail"))
# retry_deferred (every 20 minutes) gives up on a mail after this many retries (72: a
# day); moderators see it in the admin (cms/mailqueue.py) and may send it again.
MAILER_EMAIL_MAX_RETRIES = int(os.environ.get("MAILER_EMAIL_MAX_RETRIES", "72"))
MAILER_ERROR_HANDLER = "cms.mail.handle_delivery_exception"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") in ("1", "true", "True")
# A hung SMTP server holds the worker (and error reports) this long at most.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "EMI Val-d'Oise <ne-pas-repondre@emi.valdoise.fr>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Who receives the error reports: ADMINS="Nom <a@b.fr>, Autre <c@d.fr>".
ADMINS = [
    (name, address) for name, address in getaddresses([os.environ.get("ADMINS", "")]) if address
]

# Wagtail
WAGTAIL_SITE_NAME = "École du management par l'innovation"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
# No request to a third party, even from the admin: no Gravatar, no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILIMAGES_IMAGE_MODEL = "cms.CustomImage"
# Theme slugs in filter URLs stay ASCII: ?thematique=experience-usager.
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILDOCS_DOCUMENT_MODEL = "cms.CustomDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# --- Uploaded files (issue 12 §2, §5; cms.storage, cms.publicity, cms.uploads) ---
# Originals and documents stay in PRIVATE_MEDIA_ROOT; renditions of published images go
# to MEDIA_ROOT/images/, the others to PRIVATE_MEDIA_ROOT/private-renditions/ (served by
# a view that checks who asks). No GIF (heavy animations), no SVG (scripts).
WAGTAILIMAGES_RENDITION_STORAGE = "cms.storage.RenditionStorage"
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Each rendition of a 120-megapixel image costs seconds and hundreds of MB of memory.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.uploads.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.uploads.DocumentForm"
WAGTAILDOCS_EXTENSIONS = [
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "csv", "txt",
]  # fmt: skip
EMI_DOCUMENT_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Only PDFs open in the browser; anything else is downloaded as an attachment.
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # Created by cms/migrations on PostgreSQL: French stemming, accent-insensitive.
        "SEARCH_CONFIG": "french_unaccent",
    }
}

# Content-Security-Policy (django-csp 4). Public pages: nothing from a third party,
# scripts only from the site itself or with the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # A resource page with a recorded talk allows its player's origin (alumni/video.py).
        "frame-src": [NONE],
        # No other site (nor this one) frames a public page; the admin has its own policy.
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
# The Wagtail admin still writes inline scripts and styles: its own, looser policy
# (a nonce would disable 'unsafe-inline', so none is sent there).
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
}
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")
DOCUMENTS_PATH_PREFIX = "/documents/"
API_PATH_PREFIX = "/api/"

# Open data read from other sites' pages (issue 16): the API, the project exports, their
# schema and catalogue, the iCal calendars. GET only, no credentials, any origin; every
# other address answers without CORS headers.
CORS_URLS_REGEX = (
    r"^/(api/v2/"
    r"|projets/export\.(csv|json)$"
    r"|donnees/(catalogue\.jsonld|schema-projets\.json)$"
    r"|agenda/(.+/)?ical/$)"
)
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "OPTIONS")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# Public pages are never framed; Wagtail's preview views set SAMEORIGIN themselves.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# Browser features nobody on the site needs are denied to every page and frame; a talk's
# page lets its player use fullscreen and picture-in-picture (cms.middleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# Staging and review hosts: SITE_NOINDEX=1 sends "X-Robots-Tag: noindex" on every response.
SITE_NOINDEX = os.environ.get("SITE_NOINDEX", "") in ("1", "true", "True")

# Logs: one JSON object a line on stdout with the request id and path (cms/log.py).
# Error reports go to ADMINS straight through SMTP, never through the mail queue in the
# database, which may be what is failing.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "cms.log.RequestContextFilter"},
        "once_a_minute": {"()": "cms.log.OncePerInterval", "seconds": 60},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "json": {"()": "cms.log.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s %(path)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_context"],
            "formatter": os.environ.get("LOG_FORMAT", "json"),
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "email_backend": "django.core.mail.backends.smtp.EmailBackend",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": "WARNING", "propagate": False},
        # django-redis logs every ignored error: once a minute per process is enough.
        "django_redis.cache": {"filters": ["once_a_minute"]},
    },
}

# Image formats offered by the site's <picture> elements (cms.templatetags.cms_tags).
EMI_PICTURE_FORMATS = "format-{avif,webp,jpeg}"
# libavif's encoding speed (0-10, Pillow's default 6): 7 makes an image's renditions in
# about half the time for files some 5 % larger (cms.renditions.use_avif_speed).
EMI_AVIF_SPEED = int(os.environ.get("EMI_AVIF_SPEED", "7"))

# --- Alumni network (issue 6): alumni log in on the public site, never in the admin.
LOGIN_URL = "/alumni/connexion/"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

# --- Logins and forms resist abuse (issue 12 §3-4) -------------------------------------
# Number of proxies in front of the site that append to X-Forwarded-For (Varnish, a TLS
# terminator...). 0: the address is REMOTE_ADDR. Behind a proxy without it, every
# visitor would share the proxy's address (cms.client_ip).
TRUSTED_PROXY = os.environ.get("TRUSTED_PROXY", "0")
# django-axes: 5 failures for one account from one address lock that pair for 15
# minutes; the same account from elsewhere is not affected (no lock-out by a stranger).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "cms.client_ip.get_client_ip"
AXES_LOCKOUT_CALLABLE = "cms.logins.lockout_response"
# Attempts during a lock-out do not extend it: the time the form announces holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Second factor (TOTP, django-otp) for administrators and "Modérateurs EMI" in the admin:
# required in production (cms.settings.production), optional elsewhere.
EMI_REQUIRE_ADMIN_2FA = os.environ.get("EMI_REQUIRE_ADMIN_2FA", "") in ("1", "true", "True")
OTP_TOTP_ISSUER = "EMI Val-d'Oise"
# django-ratelimit on the public forms (limits in cms.ratelimits.FORM_RATE_LIMITS). A
# cache outage lets forms through (logged) rather than refusing everyone.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True
RATELIMIT_IP_META_KEY = "cms.client_ip.get_client_ip"

# --- Object storage (issue 14; cms.storage, cms.storage_s3) ----------------------------
# With AWS_STORAGE_BUCKET_NAME, uploaded files live in an S3-compatible bucket instead of
# MEDIA_ROOT / PRIVATE_MEDIA_ROOT: private files (originals, documents, private
# renditions) under AWS_PRIVATE_MEDIA_LOCATION with a private ACL, never given a bucket
# URL; public renditions under AWS_PUBLIC_MEDIA_LOCATION, public-read. For an
# S3-compatible server (MinIO, Garage, Ceph, Scaleway, OVH...): AWS_S3_ENDPOINT_URL and
# AWS_S3_ADDRESSING_STYLE=path. Keys unset: boto3's own chain (instance role...).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_PRIVATE_STORAGE_BUCKET_NAME = os.environ.get("AWS_PRIVATE_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID") or None
AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY") or None
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
AWS_S3_ADDRESSING_STYLE = os.environ.get("AWS_S3_ADDRESSING_STYLE") or None
AWS_S3_SIGNATURE_VERSION = "s3v4"
AWS_PUBLIC_MEDIA_LOCATION = os.environ.get("AWS_PUBLIC_MEDIA_LOCATION", "media")
AWS_PRIVATE_MEDIA_LOCATION = os.environ.get("AWS_PRIVATE_MEDIA_LOCATION", "private")
# 0 for a bucket whose ACLs are disabled: its policy then makes the public prefix public.
AWS_S3_OBJECT_ACLS = os.environ.get("AWS_S3_OBJECT_ACLS", "1") not in ("0", "false", "False")
# No signed URL, ever: private files are served by the site itself.
AWS_QUERYSTRING_AUTH = False


def s3_media_origin(bucket, endpoint=None, custom_domain=None, addressing=None, region=None):
    """The origin (scheme://host[:port]) public renditions are served from, for the CSP."""
    if custom_domain:
        return f"https://{custom_domain}"
    if endpoint:
        scheme, _, rest = endpoint.partition("://")
        host = rest.split("/", 1)[0]
        return f"{scheme}://{host}" if addressing == "path" else f"{scheme}://{bucket}.{host}"
    if addressing == "path":
        return f"https://s3.{region or 'us-east-1'}.amazonaws.com"
    return f"https://{bucket}.s3.{region + '.' if region else ''}amazonaws.com"


if AWS_STORAGE_BUCKET_NAME:
    # Whatever else uses Django's default storage (Wagtail's avatars) goes to the bucket's
    # public prefix rather than to one server's disk.
    STORAGES["default"] = {"BACKEND": "cms.storage.PublicStorage"}
    EMI_MEDIA_ORIGIN = s3_media_origin(
        AWS_STORAGE_BUCKET_NAME,
        AWS_S3_ENDPOINT_URL,
        AWS_S3_CUSTOM_DOMAIN,
        AWS_S3_ADDRESSING_STYLE,
        AWS_S3_REGION_NAME,
    )
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(EMI_MEDIA_ORIGIN)
    ADMIN_CONTENT_SECURITY_POLICY["img-src"].append(EMI_MEDIA_ORIGIN)
# --- Page cache and edge cache (issue 14; cms.page_cache, cms.edge_cache) --------------
# Anonymous visitors' pages are served from the cache (CACHES[PAGE_CACHE_ALIAS]: Redis in
# production), before the session middleware: a hit costs no query. Off unless
# PAGE_CACHE=1 here; on by default in production (cms.settings.production).
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE", "") in ("1", "true", "True")
# An entry lives this long at most: what changes with time alone (an event that is
# over, a call whose deadline passed) shows within this delay.
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "300"))
PAGE_CACHE_ALIAS = "default"
# How many values kept under the tree generation each process also holds in its own
# memory (cms.kept_values: cards, fragments, derived values; 0: none).
KEPT_LOCAL_ENTRIES = int(os.environ.get("KEPT_LOCAL_ENTRIES", "2000"))
# How many cached pages each process also holds in its own memory (cms.page_cache; 0:
# none): a hit then reads two tokens from Redis, not the page.
PAGE_CACHE_LOCAL_ENTRIES = int(os.environ.get("PAGE_CACHE_LOCAL_ENTRIES", "300"))
# Path prefixes never cached, besides the admin, documents, /sante/ and private images.
PAGE_CACHE_EXCLUDED_PATHS = ()
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
    "cms.page_cache.PageCacheMiddleware",
)
# Varnish in front (deploy/varnish/emi.vcl): the addresses where it takes BAN requests.
EDGE_CACHE_URLS = [u.strip() for u in os.environ.get("VARNISH_URLS", "").split(",") if u.strip()]
EDGE_CACHE_TIMEOUT = float(os.environ.get("VARNISH_TIMEOUT", "2"))
