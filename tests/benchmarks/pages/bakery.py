"""Side by side with Wagtail's reference demo (wagtail/bakerydemo), when BAKERYDEMO_PATH
names a prepared checkout (README, « Performance »): the same wrk load on its comparable
pages, served the same way (gunicorn, 2 sync workers, production settings, whitenoise).
"""

import os
import re
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from .load import SECRET_KEY, serving

# Our page → bakerydemo's comparable page.
COMPARABLE = {
    "accueil": "home",
    "projets": "blog",
    "projet": "blog post",
    "recherche": "search",
}


def checkout():
    path = os.environ.get("BAKERYDEMO_PATH", "")
    return Path(path) if path else None


def python(path):
    return os.environ.get("BAKERYDEMO_PYTHON", str(path / ".venv" / "bin" / "python"))


def env(path):
    values = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
        },
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "BAKERYDEMO_SETTINGS", "bakerydemo.settings.production"
        ),
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",  # plain HTTP on loopback, as ours
    }
    if os.environ.get("BAKERYDEMO_DATABASE_URL"):
        values["DATABASE_URL"] = os.environ["BAKERYDEMO_DATABASE_URL"]
    return values


@contextmanager
def bakery_server(path):
    command = [python(path), "-m", "gunicorn", "bakerydemo.wsgi:application", "--workers",
               "2", "--worker-class", "sync", "--bind", "127.0.0.1:{port}",
               "--log-level", "warning"]  # fmt: skip
    with serving(command, env(path), path) as base_url:
        yield base_url


def pages(base_url):
    """bakerydemo's comparable pages: a blog post is the first the blog lists."""
    listing = urllib.request.urlopen(base_url + "/blog/", timeout=30).read().decode()
    post = re.search(r'href="(/blog/[a-z0-9-]+/)"', listing).group(1)
    return {"home": "/", "blog": "/blog/", "blog post": post, "search": "/search/?q=bread"}
