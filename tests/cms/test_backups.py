"""`make backup` / `make restore`: back up a real site, wipe it, restore it, find it all
again. The commands run in subprocesses against a database of their own (a SQLite file,
or a PostgreSQL database created for the test), never pytest-django's test database."""

import json
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from cms.backups import ARCHIVE_PREFIX

ROOT = Path(__file__).resolve().parents[2]


def require_tool(name):
    if shutil.which(name) is None:
        message = f"{name} absent (apt-get install {'gnupg' if name == 'gpg' else name})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


class Site:
    """A site (database + media folders) that management commands run against."""

    def __init__(self, folder, database_url):
        self.folder = folder
        self.media = folder / "media"
        self.private = folder / "private-media"
        self.backups = folder / "backups"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("BACKUP_")},
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DATABASE_URL": database_url,
            "TEST_MEDIA_ROOT": str(self.media),
            "TEST_PRIVATE_MEDIA_ROOT": str(self.private),
            "TEST_BACKUP_DIR": str(self.backups),
        }

    def manage(self, *args, env=None, input=None, check=True, timeout=600):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            input=input,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} a échoué :\n{result.stderr}")
        return result

    def build(self):
        self.manage("migrate", "--noinput", "-v", "0")
        self.shell("build")
        return self.state()

    def shell(self, function):
        command = f"from tests.cms import backup_site_state as s; s.{function}()"
        return self.manage("shell", "-c", command).stdout

    def state(self):
        return json.loads(self.shell("state").strip().splitlines()[-1])

    def backup(self, **env):
        result = self.manage("backup_site", env=env)
        path = Path(result.stdout.strip())
        assert path.is_file() and path.parent == self.backups, result.stdout
        assert oct(path.stat().st_mode & 0o777) == "0o600"
        return path, result.stderr

    def wipe_files(self):
        shutil.rmtree(self.media, ignore_errors=True)
        shutil.rmtree(self.private, ignore_errors=True)


@pytest.fixture(scope="module")
def sqlite_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sqlite-site")
    site = Site(folder, f"sqlite:///{folder / 'site.sqlite3'}")
    site.database = folder / "site.sqlite3"
    site.original = site.build()
    return site


def wipe_sqlite(site):
    site.database.unlink()
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{site.database}{suffix}").unlink(missing_ok=True)
    site.wipe_files()


def test_the_site_state_is_rich_enough_to_prove_something(sqlite_site):
    state = sqlite_site.original
    # One page of every type (tests.factories.whole_site), each with its revisions.
    assert len(state["pages"]) > 25 and len(state["revisions"]) >= len(state["pages"]) - 1
    for kind in ("registrations", "submissions", "topic_proposals", "profiles", "documents"):
        assert state[kind], kind


def test_sqlite_backup_wipe_restore_finds_everything(sqlite_site):
    archive, progress = sqlite_site.backup()
    assert archive.name.startswith(ARCHIVE_PREFIX) and archive.name.endswith(".tar.gz")
    assert "l'archive contiendra des données personnelles en clair" in progress
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {"manifest.json", "database.sqlite3"} <= names
    assert any(name.startswith("private-media/documents/") for name in names)

    wipe_sqlite(sqlite_site)
    result = sqlite_site.manage("restore_site", str(archive), "--yes")
    assert "Restauration terminée" in result.stdout
    assert sqlite_site.state() == sqlite_site.original


def test_restore_asks_for_confirmation(sqlite_site):
    archive, _ = sqlite_site.backup()
    database = sqlite_site.database.read_bytes()
    result = sqlite_site.manage("restore_site", str(archive), input="non\n", check=False)
    assert result.returncode != 0
    assert "Restauration annulée : rien n'a été modifié." in result.stderr
    assert sqlite_site.database.read_bytes() == database


def test_sqlite_encrypted_with_age(sqlite_site, tmp_path):
    require_tool("age")
    identity = tmp_path / "cle-privee.txt"
    subprocess.run(["age-keygen", "-o", str(identity)], check=True, capture_output=True)
    recipient = next(
        line.split(": ")[1]
        for line in identity.read_text().splitlines()
        if line.startswith("# public key")
    )
    archive, _ = sqlite_site.backup(BACKUP_AGE_RECIPIENT=recipient)
    assert archive.name.endswith(".tar.gz.age")
    assert b"Karim Benali" not in archive.read_bytes()
    with pytest.raises(tarfile.TarError):
        tarfile.open(archive).close()

    # Without the private key nothing is touched.
    refused = sqlite_site.manage("restore_site", str(archive), "--yes", check=False)
    assert "indiquez la clé privée avec --identity" in refused.stderr
    assert sqlite_site.state() == sqlite_site.original

    wipe_sqlite(sqlite_site)
    sqlite_site.manage("restore_site", str(archive), "--yes", "--identity", str(identity))
    assert sqlite_site.state() == sqlite_site.original


def test_sqlite_encrypted_with_gpg(sqlite_site, tmp_path):
    require_tool("gpg")
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    gpg_env = {**os.environ, "GNUPGHOME": str(home)}
    subprocess.run(
        ["gpg", "--batch", "--passphrase", "", "--quick-gen-key", "sauvegardes@emi.test"]
        + ["default", "default", "never"],
        check=True,
        capture_output=True,
        env=gpg_env,
    )
    secret = tmp_path / "cle-privee.asc"
    subprocess.run(
        ["gpg", "--batch", "--armor", "--export-secret-keys", "--output", str(secret)],
        check=True,
        env=gpg_env,
    )
    try:
        archive, _ = sqlite_site.backup(
            BACKUP_GPG_RECIPIENT="sauvegardes@emi.test", GNUPGHOME=str(home)
        )
    finally:
        subprocess.run(["gpgconf", "--kill", "all"], env=gpg_env, capture_output=True)
    assert archive.name.endswith(".tar.gz.gpg")
    wipe_sqlite(sqlite_site)
    # The restoring host has no keyring: the key file given on the command line is enough.
    sqlite_site.manage("restore_site", str(archive), "--yes", "--identity", str(secret))
    assert sqlite_site.state() == sqlite_site.original


def test_a_damaged_archive_is_refused_before_anything_is_replaced(sqlite_site, tmp_path):
    archive, _ = sqlite_site.backup()
    damaged = tmp_path / archive.name
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            handle = source.extractfile(member) if member.isfile() else None
            if member.name == "database.sqlite3":
                content = handle.read()
                handle = __import__("io").BytesIO(content[:-1] + bytes([content[-1] ^ 1]))
            target.addfile(member, handle)
    result = sqlite_site.manage("restore_site", str(damaged), "--yes", check=False)
    assert "Fichier absent ou altéré dans l'archive : database.sqlite3" in result.stderr
    assert sqlite_site.state() == sqlite_site.original


@pytest.mark.postgres
def test_postgres_backup_drop_restore_encrypted(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("PostgreSQL requis (DATABASE_URL)")
    require_tool("age")
    require_tool("pg_dump")
    parts = urlsplit(url)
    name = f"emi_backup_test_{uuid.uuid4().hex[:8]}"
    server = urlunsplit(parts._replace(path="/postgres"))
    database_url = urlunsplit(parts._replace(path=f"/{name}"))

    def psql(sql):
        subprocess.run(["psql", server, "-qc", sql], check=True, capture_output=True)

    psql(f"CREATE DATABASE {name}")
    try:
        site = Site(tmp_path, database_url)
        original = site.build()
        identity = tmp_path / "cle-privee.txt"
        subprocess.run(["age-keygen", "-o", str(identity)], check=True, capture_output=True)
        recipient = next(
            line.split(": ")[1]
            for line in identity.read_text().splitlines()
            if line.startswith("# public key")
        )
        archive, _ = site.backup(BACKUP_AGE_RECIPIENT=recipient)
        assert archive.name.endswith(".tar.gz.age")

        psql(f"DROP DATABASE {name} WITH (FORCE)")
        psql(f"CREATE DATABASE {name}")
        site.wipe_files()
        site.manage("restore_site", str(archive), "--yes", "--identity", str(identity))
        assert site.state() == original
        # Restoring over a live database (pg_restore --clean) works too.
        site.manage("restore_site", str(archive), "--yes", "--identity", str(identity))
        assert site.state() == original
    finally:
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
