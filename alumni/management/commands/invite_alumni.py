"""python manage.py invite_alumni EMAIL… [--cohort SLUG] [--collectivity SLUG|NOM] | --csv FILE"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alumni.invitations import (
    CSVError,
    Invitee,
    find_cohort,
    find_collectivity,
    invite_many,
    parse_csv,
)
from cms.invitations import InvitationError


class Command(BaseCommand):
    help = (
        "Invite des alumni : crée leur compte et leur profil, les ajoute au groupe « Alumni » "
        "et leur envoie un lien à usage unique pour choisir leur mot de passe. Idempotent : "
        "une personne déjà membre n'est pas invitée deux fois."
    )

    def add_arguments(self, parser):
        parser.add_argument("emails", nargs="*", metavar="EMAIL", help="adresses à inviter")
        parser.add_argument("--cohort", default="", help="identifiant de la promotion")
        parser.add_argument(
            "--collectivity", default="", help="identifiant ou nom de la collectivité"
        )
        parser.add_argument("--first-name", default="", help="prénom (une seule adresse)")
        parser.add_argument("--last-name", default="", help="nom (une seule adresse)")
        parser.add_argument("--job-title", default="", help="fonction")
        parser.add_argument(
            "--csv",
            dest="csv_path",
            default="",
            help="fichier CSV : email, prenom, nom, fonction, collectivite, promotion",
        )
        parser.add_argument(
            "--resend",
            action="store_true",
            help="renvoie l'invitation à qui n'a pas encore choisi son mot de passe",
        )

    def handle(self, *args, emails, csv_path, resend, **options):
        if bool(emails) == bool(csv_path):
            raise CommandError("Indiquez soit des adresses, soit --csv FICHIER.")
        try:
            if csv_path:
                path = Path(csv_path)
                if not path.is_file():
                    raise CommandError(f"Fichier introuvable : {csv_path}")
                invitees = parse_csv(path.read_bytes())
            else:
                if len(emails) > 1 and (options["first_name"] or options["last_name"]):
                    raise CommandError("--first-name et --last-name vont avec une seule adresse.")
                cohort = find_cohort(options["cohort"])
                collectivity = find_collectivity(options["collectivity"])
                invitees = [
                    Invitee(
                        email=email,
                        first_name=options["first_name"],
                        last_name=options["last_name"],
                        job_title=options["job_title"],
                        collectivity=collectivity,
                        cohort=cohort,
                    )
                    for email in emails
                ]
            report = invite_many(invitees, resend=resend)
        except CSVError as error:
            raise CommandError("Aucune invitation envoyée :\n" + "\n".join(error.errors)) from error
        except InvitationError as error:
            raise CommandError(str(error)) from error
        for result in report.results:
            profile = result.profile
            self.stdout.write(f"  {profile.user.email} — {profile.full_name} : {result.label}")
        self.stdout.write(self.style.SUCCESS(f"Terminé : {report.summary}."))
