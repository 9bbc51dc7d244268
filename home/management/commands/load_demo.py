from contextlib import nullcontext

from django.core.management.base import BaseCommand
from django.db import transaction

from cms.renditions import renditions_deferred
from home.demo import alumni, collectivities, news, projects, resources, site
from home.demo.helpers import DemoReport

# Sections in dependency order; each later issue appends its own loader here.
SECTIONS = [
    ("Site : accueil, pages éditoriales, contact, pages légales", site.load),
    ("Collectivités : espaces éditoriaux, groupes et circuits de modération", collectivities.load),
    ("Banque de projets : promotions et projets", projects.load),
    ("Actualités, agenda, formations et appels à candidatures", news.load),
    ("Alumni : réseau, annuaire, parrains, clubs et témoignages", alumni.load),
    ("Bibliothèque de ressources : modules, outils, kits, cours et conférences", resources.load),
]


class Command(BaseCommand):
    help = "Charge le contenu de démonstration (idempotent : une seconde exécution ne change rien)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--sans-declinaisons",
            action="store_true",
            dest="no_renditions",
            help="Ne crée pas les déclinaisons des illustrations (plus rapide) : lancez "
            "ensuite « python manage.py generate_renditions » avant d'ouvrir le site.",
        )

    def handle(self, *args, **options):
        report = DemoReport(self.stdout.write)
        deferred = renditions_deferred() if options["no_renditions"] else nullcontext()
        with deferred, transaction.atomic():
            for label, loader in SECTIONS:
                self.stdout.write(f"→ {label}")
                loader(report)
        self.stdout.write(
            self.style.SUCCESS(
                f"Contenu de démonstration prêt : {report.created} élément(s) créé(s), "
                f"{report.existing} déjà présent(s)."
            )
        )
