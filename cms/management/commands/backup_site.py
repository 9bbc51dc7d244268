"""Write one backup archive (database + media + private media) into BACKUP_DIR.

Cron (nightly, before the purge): see the README, "Sauvegardes et restauration".
"""

from django.core.management.base import BaseCommand, CommandError

from cms.backups import BackupError, create_backup, encryption


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données et les fichiers envoyés (media/, private-media/) "
        "dans une archive de BACKUP_DIR, chiffrée si BACKUP_AGE_RECIPIENT ou "
        "BACKUP_GPG_RECIPIENT est défini ; affiche le chemin de l'archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Dossier des archives (par défaut : BACKUP_DIR).")

    def handle(self, *args, dir=None, **options):
        def log(line):
            self.stderr.write(f"→ {line}")

        tool, _recipient = encryption()
        if not tool:
            self.stderr.write(
                self.style.WARNING(
                    "! Aucune clé de chiffrement (BACKUP_AGE_RECIPIENT ou BACKUP_GPG_RECIPIENT) : "
                    "l'archive contiendra des données personnelles en clair."
                )
            )
        try:
            path = create_backup(log=log, backup_dir=dir)
        except BackupError as exc:
            raise CommandError(f"Sauvegarde impossible : {exc}") from exc
        # The path alone on stdout, for scripts: ARCHIVE=$(make -s backup).
        self.stdout.write(str(path))
