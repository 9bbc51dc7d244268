"""Inviting alumni: one service for the admin form, the command and CSV files.

It reuses the site's invitation mechanism (cms.invitations): the account is created
without a password and the person receives a single-use, expiring link to choose one.
The link opens /alumni/activer/…, which lands on /alumni/mon-profil/ once the password
is set. Someone who already has a password (a contributor, say) is told of their new
access instead. Idempotent: inviting an existing member again changes nothing unless a
new invitation is asked for.
"""

import csv
import io
from dataclasses import dataclass, field
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cms import invitations
from cms.invitations import InvitationError
from cms.models import Collectivity
from projects.models import Cohort

from . import membership
from .models import AlumniProfile
from .setup import ensure_alumni_setup

INVITED = "invited"
REINVITED = "reinvited"
NOTIFIED = "notified"
ALREADY = "already"
PENDING = "pending"

OUTCOME_LABELS = {
    INVITED: "invitation envoyée",
    REINVITED: "nouvelle invitation envoyée",
    NOTIFIED: "accès au réseau signalé (compte existant)",
    ALREADY: "déjà membre",
    PENDING: "invitation déjà envoyée, mot de passe pas encore choisi",
}

INVITATION_SUBJECT = "Votre accès au réseau des alumni de l'EMI"
INVITATION_MESSAGE = (
    "L'équipe de l'École du management par l'innovation (EMI) vous invite à rejoindre le "
    "réseau de ses alumni : l'annuaire des anciens, que chacun met à jour lui-même avec ses "
    "choix de confidentialité, les parrains et marraines, les clubs thématiques et les "
    "témoignages. Vous décidez de ce que les autres membres et le public voient de votre "
    "fiche."
)

CSV_COLUMNS = {
    "email": ("email", "courriel", "adresse", "adresse electronique", "adresse électronique"),
    "first_name": ("prenom", "prénom", "first_name"),
    "last_name": ("nom", "last_name"),
    "job_title": ("fonction", "job_title"),
    "collectivity": ("collectivite", "collectivité", "collectivity"),
    "cohort": ("promotion", "cohort"),
}


@dataclass
class Invitee:
    email: str
    first_name: str = ""
    last_name: str = ""
    job_title: str = ""
    collectivity: Collectivity | None = None
    cohort: Cohort | None = None


@dataclass
class InvitationResult:
    profile: AlumniProfile
    outcome: str

    @property
    def label(self):
        return OUTCOME_LABELS[self.outcome]


@dataclass
class InvitationReport:
    results: list = field(default_factory=list)

    def count(self, *outcomes):
        return sum(1 for result in self.results if result.outcome in outcomes)

    @property
    def summary(self):
        parts = []
        for outcome, label in OUTCOME_LABELS.items():
            number = self.count(outcome)
            if number:
                parts.append(f"{number} {label}")
        return " ; ".join(parts) or "aucune adresse"


# --- looking things up -----------------------------------------------------------------


def find_collectivity(value):
    value = " ".join((value or "").split())
    if not value:
        return None
    found = Collectivity.objects.filter(
        Q(slug=value.lower()) | Q(name__iexact=value) | Q(short_name__iexact=value)
    ).first()
    if found is None:
        raise InvitationError(
            f"Collectivité « {value} » inconnue : indiquez son identifiant "
            "(par exemple « val-d-oise ») ou son nom exact."
        )
    return found


def find_cohort(value):
    value = (value or "").strip()
    if not value:
        return None
    found = Cohort.objects.select_related("host_collectivity").filter(slug=value.lower()).first()
    if found is None:
        known = ", ".join(Cohort.objects.order_by("slug").values_list("slug", flat=True)[:8])
        raise InvitationError(
            f"Promotion « {value} » inconnue : indiquez son identifiant"
            + (f" ({known}…)." if known else ".")
        )
    return found


def _name_from_email(email):
    local = email.split("@", 1)[0]
    words = [w for w in local.replace("_", ".").replace("-", ".").split(".") if w]
    if len(words) >= 2:
        return words[0].capitalize(), " ".join(w.capitalize() for w in words[1:])
    return (words[0].capitalize() if words else "Alumni"), ""


# --- sending ---------------------------------------------------------------------------


def activation_path(user):
    return reverse(
        "alumni:activate",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitations.invitation_token_generator.make_token(user),
        },
    )


def send_invitation(user_pk):
    user = get_user_model().objects.get(pk=user_pk)
    invitations.invite(
        user,
        subject=INVITATION_SUBJECT,
        message=INVITATION_MESSAGE,
        template="alumni/emails/invitation.txt",
        context={"activation_url": invitations.absolute_url(activation_path(user))},
    )


def send_access_notice(user_pk):
    user = get_user_model().objects.get(pk=user_pk)
    invitations.notify_access(
        user,
        subject=INVITATION_SUBJECT,
        message=INVITATION_MESSAGE,
        login_url=reverse("alumni:login"),
    )


@transaction.atomic
def invite(invitee, *, resend=False):
    """Create or complete the profile of `invitee`, make them a member, tell them.

    Emails leave once the transaction is committed. Returns an InvitationResult.
    """
    ensure_alumni_setup()
    user, user_created = invitations.get_or_create_invited_user(invitee.email)
    profile = AlumniProfile.objects.filter(user=user).first()
    first_name, last_name = invitee.first_name.strip(), invitee.last_name.strip()
    if not (first_name or last_name):
        first_name, last_name = (
            (user.first_name, user.last_name)
            if (user.first_name or user.last_name)
            else _name_from_email(user.email)
        )
    if profile is None:
        profile = AlumniProfile(
            user=user,
            first_name=first_name,
            last_name=last_name,
            email=user.email,
            invited_at=timezone.now(),
        )
    # Complete, never overwrite: the alumnus may have edited their profile already.
    for name in ("job_title",):
        if getattr(invitee, name) and not getattr(profile, name):
            setattr(profile, name, getattr(invitee, name))
    if invitee.collectivity and not profile.collectivity_id:
        profile.collectivity = invitee.collectivity
    if invitee.cohort and not profile.cohort_id:
        profile.cohort = invitee.cohort
        if not profile.collectivity_id and not invitee.collectivity:
            profile.collectivity = invitee.cohort.host_collectivity
    profile.save()
    if not (user.first_name or user.last_name):
        user.first_name, user.last_name = profile.first_name[:150], profile.last_name[:150]
        user.save(update_fields=["first_name", "last_name"])
    newly_member = membership.activate(profile)

    if invitations.needs_activation(user):
        if user_created or newly_member or resend:
            transaction.on_commit(partial(send_invitation, user.pk))
            profile.invited_at = timezone.now()
            profile.save(update_fields=["invited_at"])
            outcome = INVITED if (user_created or newly_member) else REINVITED
        else:
            outcome = PENDING
    elif newly_member:
        transaction.on_commit(partial(send_access_notice, user.pk))
        outcome = NOTIFIED
    else:
        outcome = ALREADY
    return InvitationResult(profile=profile, outcome=outcome)


@transaction.atomic
def invite_many(invitees, *, resend=False):
    report = InvitationReport()
    for invitee in invitees:
        report.results.append(invite(invitee, resend=resend))
    return report


# --- CSV files -------------------------------------------------------------------------


class CSVError(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


def _normalise_header(name):
    return " ".join((name or "").strip().lower().replace("_", " ").split()).replace(" ", "_")


def parse_csv(content):
    """Invitees of a CSV file (comma or semicolon, UTF-8 with or without BOM).

    Columns (header row): email (required), prenom, nom, fonction, collectivite,
    promotion. Every line is checked first; any error aborts with all of them listed,
    so that nobody is invited from a file half understood.
    """
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise CSVError(
                ["Le fichier n'est pas en UTF-8 : enregistrez-le au format « CSV UTF-8 »."]
            ) from error
    content = content.lstrip("\ufeff")
    if not content.strip():
        raise CSVError(["Le fichier est vide."])
    first_line = content.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(content), delimiter=delimiter)
    columns = {}
    for header in reader.fieldnames or []:
        key = _normalise_header(header)
        for target, aliases in CSV_COLUMNS.items():
            if key in {_normalise_header(alias) for alias in aliases}:
                columns[target] = header
    if "email" not in columns:
        raise CSVError(
            [
                "Colonne « email » introuvable : la première ligne doit nommer les colonnes "
                "(email ; prenom ; nom ; fonction ; collectivite ; promotion)."
            ]
        )
    invitees, errors, seen = [], [], set()
    for line_number, row in enumerate(reader, start=2):
        values = {target: (row.get(header) or "").strip() for target, header in columns.items()}
        if not any(values.values()):
            continue
        try:
            email = invitations.normalize_email(values["email"])
            if email.lower() in seen:
                raise InvitationError(f"l'adresse {email} figure déjà plus haut dans le fichier.")
            seen.add(email.lower())
            invitees.append(
                Invitee(
                    email=email,
                    first_name=values.get("first_name", ""),
                    last_name=values.get("last_name", ""),
                    job_title=values.get("job_title", ""),
                    collectivity=find_collectivity(values.get("collectivity")),
                    cohort=find_cohort(values.get("cohort")),
                )
            )
        except InvitationError as error:
            errors.append(f"Ligne {line_number} : {error}")
    if errors:
        raise CSVError(errors)
    if not invitees:
        raise CSVError(["Le fichier ne contient aucune adresse."])
    return invitees
