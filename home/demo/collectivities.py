"""The fourteen collectivités engaged with EMI, each with its editorial space.

Records in data/collectivities.yaml. Spaces go through cms.collectivities, the same
service as `add_collectivity` and the admin. In development only (DEBUG), demo accounts
let a newcomer walk the whole moderation path; their passwords are known and printed,
so they never exist under production settings.
"""

from django.conf import settings
from django.contrib.auth import get_user_model

from cms.collectivities import (
    ROLE_REFERENT,
    SpaceReport,
    ensure_collectivity_space,
    ensure_editorial_roles,
)
from cms.roles import MODERATORS_GROUP_NAME

from .helpers import SpaceReportAdapter, load_data

# Development only: every demo account of data/collectivities.yaml has this password.
DEMO_PASSWORD = "demo-emi-2026"


def load_spaces(report):
    space_report = SpaceReport(write=SpaceReportAdapter(report))
    collectivities = []
    for record in load_data("collectivities")["collectivities"]:
        record = dict(record)
        space = ensure_collectivity_space(record.pop("name"), report=space_report, **record)
        collectivities.append(space.collectivity)
    return collectivities


def _demo_user(email, first_name, last_name, report):
    User = get_user_model()
    user = User.objects.filter(username=email).first()
    if user is not None:
        report.existing_item(email)
        return user
    user = User.objects.create_user(
        username=email,
        email=email,
        password=DEMO_PASSWORD,
        first_name=first_name,
        last_name=last_name,
    )
    report.created_item(f"compte de démonstration {email}")
    return user


def load_demo_accounts(collectivities, report):
    """Known logins for `make run`: never under production settings (DEBUG off)."""
    if not settings.DEBUG:
        return []
    data = load_data("collectivities")
    moderators, _task = ensure_editorial_roles()
    moderator = data["moderator"]
    user = _demo_user(moderator["email"], moderator["first_name"], moderator["last_name"], report)
    user.groups.add(moderators)
    logins = [(moderator["email"], f"modératrice EMI ({MODERATORS_GROUP_NAME})")]
    records = data["collectivities"]
    by_short_name = {r["short_name"]: c for r, c in zip(records, collectivities, strict=True)}
    for account in data["accounts"]:
        collectivity = by_short_name[account["collectivity"]]
        user = _demo_user(account["email"], account["first_name"], account["last_name"], report)
        referent = account["role"] == ROLE_REFERENT
        user.groups.add(
            collectivity.referents_group if referent else collectivity.contributors_group
        )
        label = "référent·e" if referent else "contributeur·rice"
        logins.append((account["email"], f"{label} — {collectivity.display_name}"))
    report.write("  Comptes de démonstration (développement uniquement), sur /admin/ :")
    for email, label in logins:
        report.write(f"    {email} / {DEMO_PASSWORD}  ({label})")
    return logins


def load(report):
    collectivities = load_spaces(report)
    load_demo_accounts(collectivities, report)
    return collectivities
