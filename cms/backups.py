"""Backup and restore of the whole site: the database and the uploaded files, in one archive.

An archive is a tar.gz holding `manifest.json` (what it contains, with a SHA-256 of every
file), the database dump (`database.pgdump`, pg_dump's custom format, on PostgreSQL;
`database.sqlite3`, made with SQLite's online backup API, on SQLite) and the folders
`media/` (MEDIA_ROOT) and `private-media/` (PRIVATE_MEDIA_ROOT). When a public key is
configured (BACKUP_AGE_RECIPIENT, else BACKUP_GPG_RECIPIENT), the archive is streamed
through `age` or `gpg` and never written to disk in clear; the private key stays off the
server and is only given to `restore_site --identity`.

Local disk only: with object storage (AWS_STORAGE_BUCKET_NAME), the files are not in
folders this module can read or swap, and both commands refuse (README, "Stockage objet").
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

from .storage import uses_object_storage

FORMAT_VERSION = 1
ARCHIVE_PREFIX = "emi-sauvegarde-"
# What the purge of BACKUP_DIR may delete: the site's own archives, nothing else.
ARCHIVE_PATTERNS = tuple(f"{ARCHIVE_PREFIX}*.tar.gz{end}" for end in ("", ".age", ".gpg"))
DB_SQLITE = "database.sqlite3"
DB_POSTGRES = "database.pgdump"
FILE_FOLDERS = (("media", "MEDIA_ROOT"), ("private-media", "PRIVATE_MEDIA_ROOT"))


class BackupError(Exception):
    """A failure explained to the operator (in French)."""


def refuse_object_storage():
    """Raise BackupError when uploaded files live in a bucket rather than on local disk."""
    if uses_object_storage():
        raise BackupError(
            "les fichiers envoyés sont dans le stockage objet (AWS_STORAGE_BUCKET_NAME="
            f"{settings.AWS_STORAGE_BUCKET_NAME}), que cette commande ne sait ni lire ni "
            "restaurer : elle ne sauvegarde que des dossiers locaux. Sauvegardez la base "
            "avec pg_dump et le bucket avec les outils de l'hébergeur (versionnage, "
            "réplication, rclone) ; voir le README, « Stockage objet (S3) »."
        )


def _database(alias="default"):
    db = settings.DATABASES[alias]
    engine = db["ENGINE"]
    if "sqlite" in engine:
        return "sqlite", db
    if "postgresql" in engine:
        return "postgresql", db
    raise BackupError(f"Base de données non prise en charge : {engine}.")


def _pg_env_and_args(db):
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return env, args


def _run(command, **kwargs):
    try:
        result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    except FileNotFoundError as exc:
        raise BackupError(
            f"Programme introuvable : {command[0]} (installez-le, voir le README)."
        ) from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} a échoué : {result.stderr.strip()}")
    return result


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def encryption():
    """('age' | 'gpg' | None, recipient) from the environment."""
    age = os.environ.get("BACKUP_AGE_RECIPIENT", "").strip()
    if age:
        return "age", age
    gpg = os.environ.get("BACKUP_GPG_RECIPIENT", "").strip()
    if gpg:
        return "gpg", gpg
    return None, ""


def _encrypt_command(tool, recipient, output):
    if tool == "age":
        # A file of public keys (-R) or one key (-r).
        flag = "-R" if Path(recipient).is_file() else "-r"
        return ["age", flag, recipient, "-o", str(output)]
    return [
        "gpg",
        "--batch",
        "--yes",
        "--quiet",
        "--trust-model",
        "always",
        "--encrypt",
        "--recipient",
        recipient,
        "--output",
        str(output),
    ]


def dump_database(folder, log):
    vendor, db = _database()
    connections["default"].close()
    if vendor == "sqlite":
        target = Path(folder) / DB_SQLITE
        source = sqlite3.connect(db["NAME"])
        destination = sqlite3.connect(target)
        try:
            with destination:
                source.backup(destination)
        finally:
            destination.close()
            source.close()
    else:
        target = Path(folder) / DB_POSTGRES
        env, args = _pg_env_and_args(db)
        _run(["pg_dump", "-Fc", "--no-owner", "-f", str(target), *args, db["NAME"]], env=env)
    log(f"Base de données ({vendor}) copiée : {target.stat().st_size} octets.")
    return vendor, target


def create_backup(log=print, backup_dir=None, now=None):
    """Write one archive into BACKUP_DIR and return its path."""
    refuse_object_storage()
    backup_dir = Path(backup_dir or settings.BACKUP_DIR)
    backup_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(backup_dir, 0o700)
    now = now or datetime.datetime.now(datetime.UTC)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    tool, recipient = encryption()
    name = f"{ARCHIVE_PREFIX}{stamp}.tar.gz" + (f".{tool}" if tool else "")
    final = backup_dir / name
    partial = backup_dir / f".{name}.partial"
    with tempfile.TemporaryDirectory(prefix="emi-backup-") as scratch:
        vendor, dump = dump_database(scratch, log)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": now.isoformat(),
            "database": vendor,
            "database_file": dump.name,
            "files": {dump.name: sha256(dump)},
        }
        members = []
        for arcname, setting in FILE_FOLDERS:
            root = Path(getattr(settings, setting))
            count = 0
            if root.is_dir():
                for path in sorted(root.rglob("*")):
                    if path.is_file():
                        relative = f"{arcname}/{path.relative_to(root).as_posix()}"
                        manifest["files"][relative] = sha256(path)
                        members.append((path, relative))
                        count += 1
            log(f"Dossier {arcname}/ ({root}) : {count} fichier(s).")
        manifest_path = Path(scratch) / "manifest.json"
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False))

        process = None
        partial.unlink(missing_ok=True)
        partial.touch(mode=0o600)
        if tool:
            process = subprocess.Popen(
                _encrypt_command(tool, recipient, partial),
                stdin=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            stream = process.stdin
        else:
            stream = open(partial, "wb")
        try:
            with tarfile.open(fileobj=stream, mode="w|gz") as archive:
                archive.add(manifest_path, "manifest.json")
                archive.add(dump, dump.name)
                for path, relative in members:
                    archive.add(path, relative)
            stream.close()
            if process is not None:
                error = process.stderr.read().decode(errors="replace")
                if process.wait() != 0:
                    raise BackupError(f"Le chiffrement ({tool}) a échoué : {error.strip()}")
        except BaseException:
            if process is not None and process.poll() is None:
                process.kill()
            partial.unlink(missing_ok=True)
            raise
    os.chmod(partial, 0o600)
    os.replace(partial, final)
    log(
        f"Archive {'chiffrée avec ' + tool if tool else 'NON chiffrée'} : "
        f"{len(manifest['files'])} fichier(s), {final.stat().st_size} octets."
    )
    return final


def _decrypt_to(archive, identity, target):
    """Write the clear tar.gz of `archive` to `target` (a private scratch folder)."""
    suffix = archive.suffix
    if suffix not in (".age", ".gpg"):
        return archive
    if not identity:
        raise BackupError(
            "Cette archive est chiffrée : indiquez la clé privée avec --identity FICHIER."
        )
    if not Path(identity).is_file():
        raise BackupError(f"Clé privée introuvable : {identity}.")
    clear = Path(target) / "archive.tar.gz"
    if suffix == ".age":
        _run(["age", "-d", "-i", str(identity), "-o", str(clear), str(archive)])
    else:
        # The secret key goes into a throw-away keyring, never into the server's.
        home = Path(target) / "gnupg"
        home.mkdir(mode=0o700)
        env = {**os.environ, "GNUPGHOME": str(home)}
        try:
            _run(["gpg", "--batch", "--quiet", "--import", str(identity)], env=env)
            _run(
                ["gpg", "--batch", "--quiet", "--yes", "--output", str(clear), "--decrypt"]
                + [str(archive)],
                env=env,
            )
        finally:
            # gpg started an agent for this keyring: stop it with the keyring.
            subprocess.run(["gpgconf", "--kill", "all"], env=env, capture_output=True)
    return clear


def read_archive(archive, identity, scratch, log=print):
    """Unpack and check an archive into `scratch`; returns its manifest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"Archive introuvable : {archive}.")
    clear = _decrypt_to(archive, identity, scratch)
    if clear != archive:
        log("Archive déchiffrée.")
    content = Path(scratch) / "content"
    try:
        with tarfile.open(clear, mode="r:gz") as tar:
            tar.extractall(content, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"Archive illisible ou incomplète : {exc}.") from exc
    try:
        manifest = json.loads((content / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise BackupError("Archive sans manifeste : ce n'est pas une sauvegarde du site.") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Version d'archive inconnue : {manifest.get('format')}.")
    for relative, checksum in manifest["files"].items():
        path = content / relative
        if not path.is_file() or sha256(path) != checksum:
            raise BackupError(f"Fichier absent ou altéré dans l'archive : {relative}.")
    log(f"Archive vérifiée : {len(manifest['files'])} fichier(s), sommes SHA-256 identiques.")
    return manifest, content


def restore_database(manifest, content, log=print):
    vendor, db = _database()
    if manifest["database"] != vendor:
        raise BackupError(
            f"L'archive contient une base {manifest['database']}, la base configurée est {vendor}."
        )
    dump = content / manifest["database_file"]
    for connection in connections.all():
        connection.close()
    if vendor == "sqlite":
        source = sqlite3.connect(dump)
        try:
            (check,) = source.execute("PRAGMA integrity_check").fetchone()
            if check != "ok":
                raise BackupError(f"Base de l'archive endommagée : {check}.")
            Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
            # The backup API writes through SQLite itself (locks, WAL), page by page,
            # in one transaction: readers see the old database or the new one.
            destination = sqlite3.connect(db["NAME"], timeout=30)
            try:
                with destination:
                    source.backup(destination)
            finally:
                destination.close()
        finally:
            source.close()
    else:
        env, args = _pg_env_and_args(db)
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "-d",
                db["NAME"],
                *args,
                str(dump),
            ],
            env=env,
        )
    log(f"Base de données ({vendor}) restaurée : {db['NAME']}.")


def restore_files(content, log=print):
    for arcname, setting in FILE_FOLDERS:
        root = Path(getattr(settings, setting))
        source = content / arcname
        root.parent.mkdir(parents=True, exist_ok=True)
        # Build the new folder next to the old one, then swap: never a half-restored folder.
        fresh = root.with_name(f".{root.name}.restauration")
        old = root.with_name(f".{root.name}.avant-restauration")
        for leftover in (fresh, old):
            if leftover.exists():
                shutil.rmtree(leftover)
        if source.is_dir():
            shutil.copytree(source, fresh)
        else:
            fresh.mkdir()
        try:
            if root.exists():
                os.replace(root, old)
            os.replace(fresh, root)
        except OSError:
            # MEDIA_ROOT is a mount point: empty it and copy in place instead.
            for child in root.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
            shutil.copytree(fresh, root, dirs_exist_ok=True)
            shutil.rmtree(fresh)
        if old.exists():
            shutil.rmtree(old)
        count = sum(1 for path in root.rglob("*") if path.is_file())
        log(f"Dossier {arcname}/ restauré dans {root} : {count} fichier(s).")


def restore_backup(archive, identity=None, log=print):
    refuse_object_storage()
    with tempfile.TemporaryDirectory(prefix="emi-restore-") as scratch:
        os.chmod(scratch, 0o700)
        manifest, content = read_archive(archive, identity, scratch, log)
        restore_database(manifest, content, log)
        restore_files(content, log)
    return manifest
