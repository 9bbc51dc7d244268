"""Build the benchmark dataset (issue 14) in a database of its own: see home/bench/."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from home.bench import generate
from home.bench.plan import REFERENCE_PROJECTS, Plan


def is_bench_database(settings_dict):
    """A database whose name says it is for benchmarks (…_bench, …_bench_100), or the
    throwaway database of Django's test runner: never the site's or the demo's."""
    name = str(settings_dict.get("NAME") or "")
    test_name = (settings_dict.get("TEST") or {}).get("NAME") or ""
    base = name.rsplit("/", 1)[-1].removesuffix(".sqlite3")
    in_memory = name == ":memory:" or "mode=memory" in name
    return "_bench" in base or base.startswith("test_") or in_memory or name == test_name


class Command(BaseCommand):
    help = (
        "Crée le jeu de données des bancs d'essai (10 000 projets par défaut, le reste en "
        "proportion), dans une base dont le nom contient « _bench » ; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--projects",
            type=int,
            default=REFERENCE_PROJECTS,
            help="Nombre de projets (les autres contenus suivent en proportion).",
        )
        parser.add_argument(
            "--minimal",
            action="store_true",
            help="Socle réduit (accueil, index, modules) au lieu du contenu de "
            "démonstration complet : pour les tests, plus rapide.",
        )

    def handle(self, *args, **options):
        if not is_bench_database(connection.settings_dict):
            raise CommandError(
                f"La base « {connection.settings_dict.get('NAME')} » n'est pas une base "
                "d'essai : son nom doit contenir « _bench » (par exemple "
                "DATABASE_URL=postgres://postgres@127.0.0.1:5432/emi_bench). Rien n'a été fait."
            )
        if options["projects"] < 1:
            raise CommandError("Indiquez au moins un projet.")
        plan = Plan.for_projects(options["projects"])
        self.stdout.write(
            "Jeu d'essai : " + ", ".join(f"{count} {label}" for label, count in plan.rows())
        )
        with transaction.atomic():
            created = generate(plan, self.stdout.write, minimal=options["minimal"])
        self.stdout.write(self.style.SUCCESS(f"Jeu d'essai prêt : {created} élément(s) créé(s)."))
