"""The fourteen collectivités engaged with EMI, each with its editorial space.

Spaces go through cms.collectivities, the same service as `add_collectivity` and the
admin. In development only (DEBUG), demo accounts let a newcomer walk the whole
moderation path; their passwords are known and printed, so they never exist under
production settings.
"""

from django.conf import settings
from django.contrib.auth import get_user_model

from cms.collectivities import (
    ROLE_CONTRIBUTOR,
    ROLE_REFERENT,
    SpaceReport,
    ensure_collectivity_space,
    ensure_editorial_roles,
)
from cms.models import Collectivity
from cms.roles import MODERATORS_GROUP_NAME

D, C, A = Collectivity.KIND_DEPARTEMENT, Collectivity.KIND_COMMUNE, Collectivity.KIND_AGGLOMERATION

# (name, short name, kind, year joined EMI, website). Val-d'Oise created EMI in 2015;
# the school opened to other collectivités in March 2021; the Alpes-Maritimes,
# Loir-et-Cher and Yonne sessions started in 2023.
COLLECTIVITIES = [
    ("Département du Val-d'Oise", "Val-d'Oise", D, 2015, "https://www.valdoise.fr/"),
    ("Département d'Indre-et-Loire", "Indre-et-Loire", D, 2021, "https://www.touraine.fr/"),
    ("Département de la Dordogne", "Dordogne", D, 2021, "https://www.dordogne.fr/"),
    ("Département de la Somme", "Somme", D, 2021, "https://www.somme.fr/"),
    ("Département de l'Isère", "Isère", D, 2021, "https://www.isere.fr/"),
    ("Département des Ardennes", "Ardennes", D, 2021, "https://www.cd08.fr/"),
    ("Département de Saône-et-Loire", "Saône-et-Loire", D, 2021, "https://www.saoneetloire71.fr/"),
    ("Département de la Marne", "Marne", D, 2021, "https://www.marne.fr/"),
    (
        "Département des Alpes-Maritimes",
        "Alpes-Maritimes",
        D,
        2023,
        "https://www.departement06.fr/",
    ),
    ("Département du Loir-et-Cher", "Loir-et-Cher", D, 2023, "https://www.departement41.fr/"),
    ("Département de l'Yonne", "Yonne", D, 2023, ""),
    ("Ville d'Herblay-sur-Seine", "Herblay-sur-Seine", C, 2021, ""),
    ("Ville de Garges-lès-Gonesse", "Garges-lès-Gonesse", C, 2021, ""),
    (
        "Communauté d'agglomération de Cergy-Pontoise",
        "Cergy-Pontoise",
        A,
        2021,
        "https://www.cergypontoise.fr/",
    ),
]

# Development only: (login = email, first name, last name, role, collectivité's short name),
# all with the same known password.
DEMO_PASSWORD = "demo-emi-2026"
DEMO_ACCOUNTS = [
    (
        "contributrice.valdoise@demo.emi.localhost",
        "Camille",
        "Martin",
        ROLE_CONTRIBUTOR,
        "Val-d'Oise",
    ),
    ("referent.valdoise@demo.emi.localhost", "Karim", "Benali", ROLE_REFERENT, "Val-d'Oise"),
    ("contributeur.cergy@demo.emi.localhost", "Léo", "Dubois", ROLE_CONTRIBUTOR, "Cergy-Pontoise"),
    ("referente.cergy@demo.emi.localhost", "Sophie", "Laurent", ROLE_REFERENT, "Cergy-Pontoise"),
]
DEMO_MODERATOR = ("moderatrice@demo.emi.localhost", "Nadia", "Moreau")


class _ReportAdapter:
    """Feeds the service's lines into load_demo's report (created / existing counts)."""

    def __init__(self, demo_report):
        self.demo_report = demo_report

    def __call__(self, kind, text):
        if kind in (SpaceReport.CREATED, SpaceReport.UPDATED):
            self.demo_report.created_item(text)
        elif kind == SpaceReport.WARNING:
            self.demo_report.write(f"  ! {text}")
        else:
            self.demo_report.existing_item(text)


def load_spaces(report):
    space_report = SpaceReport(write=_ReportAdapter(report))
    collectivities = []
    for name, short_name, kind, joined_year, website in COLLECTIVITIES:
        space = ensure_collectivity_space(
            name,
            short_name=short_name,
            kind=kind,
            joined_year=joined_year,
            website=website,
            report=space_report,
        )
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
    moderators, _task = ensure_editorial_roles()
    email, first_name, last_name = DEMO_MODERATOR
    moderator = _demo_user(email, first_name, last_name, report)
    moderator.groups.add(moderators)
    logins = [(email, f"modératrice EMI ({MODERATORS_GROUP_NAME})")]
    by_short_name = {row[1]: c for row, c in zip(COLLECTIVITIES, collectivities, strict=True)}
    for email, first_name, last_name, role, short_name in DEMO_ACCOUNTS:
        collectivity = by_short_name[short_name]
        user = _demo_user(email, first_name, last_name, report)
        group = (
            collectivity.referents_group
            if role == ROLE_REFERENT
            else collectivity.contributors_group
        )
        user.groups.add(group)
        label = "référent·e" if role == ROLE_REFERENT else "contributeur·rice"
        logins.append((email, f"{label} — {collectivity.display_name}"))
    report.write("  Comptes de démonstration (développement uniquement), sur /admin/ :")
    for email, label in logins:
        report.write(f"    {email} / {DEMO_PASSWORD}  ({label})")
    return logins


def load(report):
    collectivities = load_spaces(report)
    load_demo_accounts(collectivities, report)
    return collectivities
