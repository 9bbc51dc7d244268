"""Restore an archive made by backup_site into the configured database and media folders."""

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from cms.backups import BackupError, refuse_object_storage, restore_backup


class Command(BaseCommand):
    help = (
        "Restaure une archive de backup_site : remplace la base de données configurée et "
        "les dossiers media/ et private-media/. Arrêtez le site avant."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Chemin de l'archive (.tar.gz, .tar.gz.age, .gpg).")
        parser.add_argument(
            "--identity",
            "-i",
            help="Clé privée qui déchiffre l'archive (fichier d'identité age ou clé gpg).",
        )
        parser.add_argument("--yes", action="store_true", help="Ne pas demander de confirmation.")

    def handle(self, *args, archive, identity=None, yes=False, **options):
        db = settings.DATABASES["default"]
        try:
            refuse_object_storage()
        except BackupError as exc:
            raise CommandError(f"Restauration impossible : {exc}") from exc
        target = f"{db['ENGINE'].rsplit('.', 1)[-1]} « {db['NAME']} »"
        if not yes:
            self.stdout.write(
                f"La base {target} et les dossiers {settings.MEDIA_ROOT} et "
                f"{settings.PRIVATE_MEDIA_ROOT} vont être remplacés par le contenu de {archive}."
            )
            try:
                answer = input("Tapez « oui » pour continuer : ")
            except EOFError:
                answer = ""
            if answer.strip().lower() != "oui":
                raise CommandError("Restauration annulée : rien n'a été modifié.")

        def log(line):
            self.stdout.write(f"→ {line}")

        try:
            manifest = restore_backup(archive, identity=identity, log=log)
        except BackupError as exc:
            raise CommandError(f"Restauration impossible : {exc}") from exc
        # Pages cached before the restore would show content that no longer exists.
        try:
            cache.clear()
        except Exception as exc:  # noqa: BLE001 — a cache down must not fail a restore
            self.stderr.write(f"! Cache non vidé ({exc}) : videz-le à la main.")
        self.stdout.write(
            self.style.SUCCESS(
                f"✓ Restauration terminée (sauvegarde du {manifest['created_at']}). "
                "Relancez le site, puis `python manage.py migrate` si le code est plus récent."
            )
        )
