from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment: the site refuses to start without it."
    )
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment (comma-separated).")


def env_flag(name, default):
    value = os.environ.get(name)  # noqa: F405
    return default if value is None or value == "" else value in ("1", "true", "True")


# HTTPS only. TLS ends at the proxy, which must set X-Forwarded-Proto (and strip it from
# clients); the health check answers over plain HTTP to the load balancer.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading writes the domain into the browsers' built-in HTTPS-only list: it binds the
# whole registered domain (every present and future subdomain of the Département's
# domain, not only this site) and takes months to undo. That is the domain owner's
# decision, so it is off unless SECURE_HSTS_PRELOAD=1, and its deploy warning is silenced.
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "security.W021"]

# Optional error tracker (Sentry or a compatible self-hosted service, e.g. GlitchTip):
# on only when SENTRY_DSN is set. No personal data is sent (send_default_pii=False).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")  # noqa: F405
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),  # noqa: F405
        send_default_pii=False,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),  # noqa: F405
    )
# Administrators and "Modérateurs EMI" give a second factor (TOTP) to enter the admin.
EMI_REQUIRE_ADMIN_2FA = os.environ.get("EMI_REQUIRE_ADMIN_2FA", "true") not in (  # noqa: F405
    "0",
    "false",
    "False",
)

# --- Page cache (issue 14; cms.page_cache): on unless PAGE_CACHE=0 ---------------------
PAGE_CACHE_ENABLED = env_flag("PAGE_CACHE", True)
