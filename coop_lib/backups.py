"""One archive holds the whole installation's data: the database and every
uploaded file, with a manifest of their checksums; a restore checks the
archive whole before it replaces anything.

The archive is a plain tar file: ``database.pgdump`` (``pg_dump``'s custom
format, PostgreSQL) or ``database.sqlite3`` (a copy of a development
database), ``media/…`` (MEDIA_ROOT's files) and ``manifest.json``, written
last. On PostgreSQL the restore drops the ``public`` schema and loads the
dump in one transaction: an error leaves the database as it was, and the
result holds exactly the backup's tables, nothing left over from a newer
schema.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from coop_lib.health import PROBE_PREFIX

ARCHIVE_FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_MEMBERS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024
# The public schema as PostgreSQL (14 and later) creates it, made again
# empty before the dump is loaded.
EMPTY_PUBLIC_SCHEMA = (
    "SET client_min_messages TO warning",
    "DROP SCHEMA public CASCADE",
    "CREATE SCHEMA public AUTHORIZATION pg_database_owner",
    "GRANT USAGE ON SCHEMA public TO PUBLIC",
    "COMMENT ON SCHEMA public IS 'standard public schema'",
)


class BackupError(Exception):
    """A backup or restore that cannot go on, with the reason for the operator."""


@dataclass(frozen=True)
class Manifest:
    created: str
    vendor: str
    database: str
    # Every member but the manifest: name -> {"size": bytes, "sha256": hex}.
    members: dict[str, dict[str, Any]]
    migrations: list[str]

    @property
    def media_files(self) -> list[str]:
        return sorted(name for name in self.members if name.startswith(MEDIA + "/"))


def _connection(using: str) -> BaseDatabaseWrapper:
    connection = connections[using]
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(
            _("Backups support PostgreSQL and SQLite, not %(vendor)s.") % {"vendor": connection.vendor}
        )
    return connection


def database_label(using: str = "default") -> str:
    """The database as the operator knows it: its name, and its server for PostgreSQL."""
    connection = _connection(using)
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "postgresql":
        host = connection.settings_dict.get("HOST") or "localhost"
        port = connection.settings_dict.get("PORT") or 5432
        return f"{name} (PostgreSQL, {host}:{port})"
    return f"{name} (SQLite)"


def _libpq_environment(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The connection settings as the PostgreSQL tools read them (the
    password kept off their command line)."""
    settings_dict = connection.settings_dict
    options = settings_dict.get("OPTIONS") or {}
    values = {
        "PGDATABASE": settings_dict.get("NAME"),
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
        "PGPASSFILE": options.get("passfile"),
        "PGSERVICE": options.get("service"),
    }
    return os.environ | {name: str(value) for name, value in values.items() if value}


def _missing(program: str) -> BackupError:
    return BackupError(
        _("%(program)s was not found: install PostgreSQL's client programs (Debian: postgresql-client).")
        % {"program": program}
    )


def _run(command: list[str], environment: dict[str, str], **popen: Any) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(command, env=environment, capture_output=True, **popen)
    except FileNotFoundError as missing:
        raise _missing(command[0]) from missing


def _refuse_failure(program: str, returncode: int | None, errors: bytes) -> None:
    if returncode != 0:
        raise BackupError(f"{program}: {errors.decode(errors='replace').strip()}")


def _dump_database(connection: BaseDatabaseWrapper, target: Path) -> None:
    if connection.vendor == "postgresql":
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"]
        done = _run(command, _libpq_environment(connection))
        _refuse_failure("pg_dump", done.returncode, done.stderr)
        return
    if connection.in_atomic_block:
        # SQLite's copy would wait forever for the transaction to end.
        raise BackupError(_("A backup cannot be made inside a transaction."))
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def _load_database(connection: BaseDatabaseWrapper, dump: Path) -> None:
    if connection.vendor == "postgresql":
        # Other connections of this process must not hold the tables.
        connection.close()
        environment = _libpq_environment(connection)
        empty_schema = [argument for statement in EMPTY_PUBLIC_SCHEMA for argument in ("-c", statement)]
        load = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", *empty_schema, "-f", "-"]
        with tempfile.TemporaryFile() as script_errors:
            try:
                script = subprocess.Popen(
                    ["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(dump)],
                    stdout=subprocess.PIPE,
                    stderr=script_errors,
                    env=environment,
                )
            except FileNotFoundError as missing:
                raise _missing("pg_restore") from missing
            try:
                loaded = _run(load, environment, stdin=script.stdout)
            finally:
                # pg_restore stops at its next write if psql left early.
                assert script.stdout is not None
                script.stdout.close()
                script.wait()
            script_errors.seek(0)
            errors = script_errors.read()
        # psql's error first: pg_restore fails too once psql stops reading.
        _refuse_failure("psql", loaded.returncode, loaded.stderr)
        _refuse_failure("pg_restore", script.returncode, errors)
        return
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


class _Hashing:
    """A file read through, its SHA-256 taken on the way."""

    def __init__(self, file: IO[bytes]):
        self.file, self.digest = file, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.digest.update(data)
        return data


def _add_file(archive: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    info = archive.gettarinfo(path, arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as file:
        reader = _Hashing(file)
        archive.addfile(info, reader)
    return {"size": info.size, "sha256": reader.digest.hexdigest()}


def _media_files(media_root: Path) -> Iterator[tuple[str, Path]]:
    """(name in the archive, path) of every uploaded file, in a stable order."""
    if not media_root.is_dir():
        return
    for folder, subfolders, files in os.walk(media_root):
        subfolders.sort()
        for file in sorted(files):
            path = Path(folder) / file
            if file.startswith(PROBE_PREFIX) or not path.is_file():
                continue
            yield (PurePosixPath(MEDIA) / path.relative_to(media_root).as_posix()).as_posix(), path


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def create_backup(directory: Path, *, using: str = "default") -> tuple[Path, Manifest]:
    """Write the database and every uploaded file into a new archive in ``directory``."""
    connection = _connection(using)
    media_root = Path(settings.MEDIA_ROOT)
    if _inside(directory, media_root):
        raise BackupError(
            _("The backup folder %(folder)s is inside MEDIA_ROOT; choose one outside it.")
            % {"folder": directory}
        )
    directory.mkdir(parents=True, exist_ok=True)
    created = timezone.localtime()
    target = directory / f"backup-{created:%Y%m%d-%H%M%S}.tar"
    if target.exists():
        raise BackupError(_("%(path)s exists already.") % {"path": target})
    database = DATABASE_MEMBERS[connection.vendor]
    applied = MigrationRecorder(connection).applied_migrations()
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=directory) as work:
        dump = Path(work) / database
        _dump_database(connection, dump)
        partial = Path(work) / target.name
        members = {}
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
            members[database] = _add_file(archive, database, dump)
            for name, path in _media_files(media_root):
                try:
                    members[name] = _add_file(archive, name, path)
                except FileNotFoundError:
                    continue  # deleted while the backup ran
            manifest = Manifest(
                created=created.isoformat(timespec="seconds"),
                vendor=connection.vendor,
                database=database,
                members=members,
                migrations=sorted(f"{app}.{name}" for app, name in applied),
            )
            text = json.dumps({"format": ARCHIVE_FORMAT, **asdict(manifest)}, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(text), int(created.timestamp())
            archive.addfile(info, io.BytesIO(text))
        partial.chmod(0o600)  # it holds everything, password hashes too
        partial.replace(target)
    return target, manifest


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    if name in (MANIFEST, *DATABASE_MEMBERS.values()):
        return True
    in_media = len(path.parts) > 1 and path.parts[0] == MEDIA
    return in_media and ".." not in path.parts and not path.is_absolute() and "\\" not in name


def read_manifest(archive_path: Path) -> Manifest:
    """The archive's manifest, once every member has been read and found as it was written."""
    refused = _("%(archive)s is not a complete backup of this application: %(reason)s")
    try:
        with tarfile.open(archive_path, "r:") as archive:
            try:
                with archive.extractfile(MANIFEST) as file:  # type: ignore[union-attr]
                    data = json.load(file)
            except (KeyError, ValueError) as error:
                raise BackupError(refused % {"archive": archive_path, "reason": _("no manifest")}) from error
            if data.get("format") != ARCHIVE_FORMAT:
                raise BackupError(refused % {"archive": archive_path, "reason": _("an unknown format")})
            data.pop("format")
            manifest = Manifest(**data)
            found = {member.name: member for member in archive.getmembers()}
            unexpected = set(found) - set(manifest.members) - {MANIFEST}
            missing = set(manifest.members) - set(found)
            if unexpected or missing or manifest.database not in manifest.members:
                reason = _("its files do not match its manifest")
                raise BackupError(refused % {"archive": archive_path, "reason": reason})
            for name, expected in manifest.members.items():
                member = found[name]
                if not member.isreg() or not _safe_member_name(name):
                    reason = _("%(name)s is not a file it may hold") % {"name": name}
                    raise BackupError(refused % {"archive": archive_path, "reason": reason})
                digest = hashlib.sha256()
                with archive.extractfile(member) as file:  # type: ignore[union-attr]
                    while chunk := file.read(CHUNK):
                        digest.update(chunk)
                if member.size != expected["size"] or digest.hexdigest() != expected["sha256"]:
                    reason = _("%(name)s is damaged (its checksum differs)") % {"name": name}
                    raise BackupError(refused % {"archive": archive_path, "reason": reason})
    except (OSError, tarfile.TarError, TypeError) as error:
        raise BackupError(refused % {"archive": archive_path, "reason": str(error)}) from error
    return manifest


def count_media_files(media_root: Path) -> int:
    return sum(1 for _ in _media_files(media_root))


def restore_backup(archive_path: Path, *, using: str = "default") -> Manifest:
    """Replace the database and every uploaded file with the archive's."""
    manifest = read_manifest(archive_path)
    connection = _connection(using)
    if manifest.vendor != connection.vendor:
        raise BackupError(
            _("%(archive)s holds a %(theirs)s database; this installation uses %(ours)s.")
            % {"archive": archive_path, "theirs": manifest.vendor, "ours": connection.vendor}
        )
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(archive_path, "r:") as archive, tempfile.TemporaryDirectory() as work:
        dump = Path(work) / manifest.database
        with archive.extractfile(manifest.database) as source, dump.open("wb") as copy:  # type: ignore[union-attr]
            shutil.copyfileobj(source, copy, CHUNK)
        _load_database(connection, dump)
        _replace_media(archive, manifest, media_root)
    return manifest


def _replace_media(archive: tarfile.TarFile, manifest: Manifest, media_root: Path) -> None:
    """MEDIA_ROOT's files become the archive's: written beside them first, then
    moved in, within MEDIA_ROOT itself (which may be a mount point)."""
    media_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restoring-", dir=media_root))
    mode = settings.FILE_UPLOAD_PERMISSIONS or 0o644
    for name in manifest.media_files:
        member = archive.getmember(name)
        target = staging.joinpath(*PurePosixPath(name).parts[1:])
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.extractfile(member) as source, target.open("xb") as copy:  # type: ignore[union-attr]
            shutil.copyfileobj(source, copy, CHUNK)
        target.chmod(mode)
        os.utime(target, (member.mtime, member.mtime))
    for entry in media_root.iterdir():
        if entry == staging:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in staging.iterdir():
        entry.rename(media_root / entry.name)
    staging.rmdir()
