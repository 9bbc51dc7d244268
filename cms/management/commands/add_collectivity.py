from django.core.management.base import BaseCommand, CommandError

from cms.collectivities import CollectivitySpaceError, SpaceReport, ensure_collectivity_space
from cms.models import Collectivity

KIND_HELP = ", ".join(f"{value} ({label})" for value, label in Collectivity.KIND_CHOICES)


class Command(BaseCommand):
    help = (
        "Ajoute une collectivité et crée ou complète son espace : sections /projets/, "
        "/actualites/ et /agenda/, collection d'images et de documents, groupes "
        "« Contributeurs » et « Référents », circuit de modération. Idempotent : relancée, "
        "elle ne crée que ce qui manque. Les personnes nommées reçoivent une invitation "
        "(lien à usage unique pour choisir leur mot de passe)."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="nom complet, par exemple « Département du Val-d'Oise »")
        parser.add_argument(
            "--short-name", default="", help="nom court, par exemple « Val-d'Oise »"
        )
        parser.add_argument(
            "--slug",
            default="",
            help="identifiant dans les adresses (déduit du nom court ou du nom si absent)",
        )
        parser.add_argument(
            "--kind",
            default="",
            choices=[value for value, _label in Collectivity.KIND_CHOICES],
            help=f"type de collectivité : {KIND_HELP}",
        )
        parser.add_argument("--website", default="", help="site internet (https://…)")
        parser.add_argument("--joined-year", type=int, default=None, help="année d'adhésion")
        parser.add_argument(
            "--contributor",
            action="append",
            default=[],
            metavar="EMAIL",
            help="adresse d'un contributeur ou d'une contributrice (option répétable)",
        )
        parser.add_argument(
            "--referent",
            action="append",
            default=[],
            metavar="EMAIL",
            help="adresse d'un ou d'une référente (option répétable)",
        )
        parser.add_argument(
            "--resend-invitations",
            action="store_true",
            help="renvoie l'invitation aux personnes nommées qui n'ont pas encore choisi "
            "leur mot de passe (l'ancien lien reste valable jusqu'à son expiration)",
        )

    def handle(self, *args, **options):
        report = SpaceReport(write=self.write_line)
        self.stdout.write(f"→ Collectivité « {options['name']} »")
        try:
            space = ensure_collectivity_space(
                options["name"],
                short_name=options["short_name"],
                slug=options["slug"],
                kind=options["kind"],
                website=options["website"],
                joined_year=options["joined_year"],
                contributors=options["contributor"],
                referents=options["referent"],
                resend_invitations=options["resend_invitations"],
                report=report,
            )
        except CollectivitySpaceError as error:
            raise CommandError(str(error)) from error
        created = report.count(SpaceReport.CREATED) + report.count(SpaceReport.UPDATED)
        summary = (
            f"Espace de « {space.collectivity} » prêt : {created} élément(s) créé(s) ou "
            f"mis à jour, {report.count(SpaceReport.EXISTING)} déjà présent(s), "
            f"{report.count(SpaceReport.SENT)} courriel(s) envoyé(s)."
        )
        self.stdout.write(self.style.SUCCESS(summary))

    def write_line(self, kind, text):
        if kind == SpaceReport.WARNING:
            self.stdout.write(self.style.WARNING(f"  ! {text}"))
        else:
            self.stdout.write(f"  {kind} {text}")
