"""The app server's start-up objects are frozen out of the garbage collector's sight
(cms/wsgi.py): a full collection then takes a millisecond, not a request's worth."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc
import cms.wsgi
frozen = gc.get_freeze_count()
gc.collect()
print(frozen, len(gc.get_objects()))
"""


def test_the_wsgi_application_freezes_what_start_up_allocated():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    frozen, tracked = map(int, done.stdout.split()[-2:])
    # Django, Wagtail and the site's models: well over 100,000 objects, all frozen; what
    # the collector still walks is what was made after.
    assert frozen > 100_000
    assert tracked < frozen / 20
