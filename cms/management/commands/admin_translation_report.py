from django.core.management.base import BaseCommand, CommandError

from cms.translation_report import findings


class Command(BaseCommand):
    help = (
        "Liste les chaînes françaises de Wagtail vides, approximatives, absentes, "
        "écrites « (e) » ou restées en anglais, que locale/fr ne corrige pas encore."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Lister aussi les chaînes déjà corrigées par le catalogue du projet.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Sortir en erreur s'il reste une chaîne à corriger (pour l'intégration continue).",
        )

    def handle(self, *args, **options):
        try:
            every = findings()
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        shown = every if options["all"] else [f for f in every if not f.overridden]
        for finding in shown:
            mark = "=" if finding.overridden else "!"
            self.stdout.write(
                f"{mark} [{finding.catalogue} {finding.domain}.po] {finding.label}\n"
                f"    msgid  {finding.msgid!r}\n"
                f"    msgstr {finding.msgstr!r}"
            )
        left = sum(1 for f in every if not f.overridden)
        self.stdout.write(
            f"{len(every)} chaînes signalées dans les catalogues de Wagtail, "
            f"{len(every) - left} corrigées par locale/fr, {left} à corriger."
        )
        if options["check"] and left:
            raise CommandError(f"{left} chaînes restent à corriger dans locale/fr.")
