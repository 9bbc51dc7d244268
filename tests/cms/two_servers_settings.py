"""Settings of the app servers of tests/cms/test_two_app_servers.py: production's (the
soak's, tests/soak/settings.py), with the test suite's password hasher so that users
made by the test log in, and no second factor for the admin."""

import os

os.environ.setdefault("EMI_REQUIRE_ADMIN_2FA", "0")

from tests.soak.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
