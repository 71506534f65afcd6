"""Backups of the database and the uploaded files (`lamtheo backup`), and their restore.

A backup is a directory, or one .tar / .tar.gz archive of that directory:

    manifest.json      format, created_at, lamtheo version, database vendor, the row count of
                       every table of every installed model, size and sha256 of every other file
    database.sqlite3   SQLite: a copy made with SQLite's online backup API
    database.pgdump    PostgreSQL: `pg_dump --format=custom`
    files/...          a copy of MEDIA_ROOT

A backup is built in a hidden directory beside DEST and renamed into place at the end, so a DEST
that exists is always complete: a crash or a full disk leaves only the hidden directory.

The database is copied first, then the files: uploads are written before their row and never
changed, so every file a row of the copy names is in the backup.

`restore` copies or extracts the backup beside MEDIA_ROOT and checks every file of it against
the manifest before it touches the database or MEDIA_ROOT; what it restores is what it checked.
"""

import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
ARCHIVE_MODES = {".tar.gz": "w:gz", ".tar": "w"}
CHUNK = 1 << 20


class BackupError(Exception):
    """Refused or failed; the message tells the operator what and why."""


@dataclass(frozen=True)
class Summary:
    """What a backup holds or a restore put back."""

    path: Path
    manifest: dict
    mismatches: tuple[tuple[str, int, int | None], ...] = ()  # table, in manifest, after restore

    @property
    def rows(self) -> int:
        return sum(self.manifest["tables"].values())

    @property
    def uploads(self) -> int:
        return sum(1 for name in self.manifest["files"] if name.startswith(f"{FILES}/"))

    @property
    def size(self) -> int:
        return sum(entry["size"] for entry in self.manifest["files"].values())


# --- Backup -----------------------------------------------------------------------------------


def create(dest: Path, *, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Back up the database and MEDIA_ROOT into DEST: a new directory, or DEST.tar(.gz)."""
    dest = Path(dest).absolute()
    media = Path(settings.MEDIA_ROOT).resolve()
    connection = _connection(using)
    mode = _archive_mode(dest)
    _check_destination(dest, mode, media)
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent))
    try:
        database_file = DATABASE_FILES[connection.vendor]
        database = {"vendor": connection.vendor, "file": database_file}
        if connection.vendor == "sqlite":
            tables = _dump_sqlite(connection, work / database_file)
        else:
            tables, database["pg_dump"] = _dump_postgresql(connection, work / database_file)
        files = {database_file: _digest(work / database_file)}
        files |= _copy_tree(media, work / FILES)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "lamtheo_version": _lamtheo_version(),
            "database": database,
            "tables": tables,
            "files": files,
        }
        _write(work / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        _fsync_tree(work)
        if mode:
            _write_archive(work, dest, mode)
        else:
            work.rename(dest)  # fails rather than replaces if DEST was filled meanwhile
        _fsync_directory(dest.parent)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Summary(path=dest, manifest=manifest)


def _connection(using: str):
    connection = connections[using]
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"{connection.vendor} databases are not supported: SQLite and PostgreSQL")
    if connection.in_atomic_block:
        raise BackupError("backup and restore cannot run inside a database transaction")
    return connection


def _archive_mode(path: Path) -> str | None:
    return next((mode for end, mode in ARCHIVE_MODES.items() if path.name.endswith(end)), None)


def _check_destination(dest: Path, mode: str | None, media: Path) -> None:
    if dest.resolve().is_relative_to(media):
        raise BackupError(f"{dest} is inside MEDIA_ROOT ({media}): the backup would copy itself")
    if mode:
        if dest.exists() or dest.is_symlink():
            raise BackupError(f"{dest} already exists: refusing to overwrite it; choose a new name")
    elif dest.exists():
        if not dest.is_dir():
            raise BackupError(f"{dest} exists and is not a directory: choose a new name")
        if any(dest.iterdir()):
            raise BackupError(
                f"{dest} is a directory that is not empty: refusing to overwrite it; "
                "give a new or empty directory"
            )


def copy_sqlite_database(source: sqlite3.Connection, path: Path) -> None:
    """Copy a live SQLite database into a new file with SQLite's online backup API.

    One step (pages=-1) copies every page inside one read transaction: in WAL mode writers go
    on meanwhile and the copy is the database as it was committed when the step began. (Small
    steps would restart whenever another connection commits, and might never end on a busy
    database.) The copy is switched out of WAL mode so that it is one self-contained file.
    """
    target = sqlite3.connect(path)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()


def _dump_sqlite(connection, path: Path) -> dict[str, int]:
    """Copy through Django's own connection (which also serves the in-memory test database)."""
    connection.ensure_connection()
    tables = _tables(connection)
    copy_sqlite_database(connection.connection, path)
    copy = sqlite3.connect(path)
    try:
        return _count_rows(copy.cursor(), tables)
    finally:
        copy.close()


def _dump_postgresql(connection, path: Path) -> tuple[dict[str, int], str]:
    """pg_dump in the snapshot the row counts are taken in, so that they describe the dump."""
    pg_dump = _pg_tool("pg_dump")
    version, major = _pg_tool_version(pg_dump)
    connection.ensure_connection()
    server = connection.pg_version // 10000
    if major < server:
        raise BackupError(
            f"{pg_dump} is PostgreSQL {version} but the server is PostgreSQL {server}: a dump "
            f"needs pg_dump {server} or newer (install postgresql-client-{server})"
        )
    tables = _tables(connection)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        counts = _count_rows(cursor, tables)
        command = [pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}"]
        _run([*command, f"--file={path}"], connection)
    return counts, version


def _tables(connection) -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _count_rows(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 (a table name)
        counts[table] = cursor.fetchone()[0]
    return counts


def _quote(name: str) -> str:
    return '"{}"'.format(name.replace('"', '""'))


def _copy_tree(source: Path, target: Path) -> dict[str, dict]:
    """Copy MEDIA_ROOT, hashing each file as it is copied: the manifest describes the copy."""
    target.mkdir()
    files = {}
    for root, directories, names in os.walk(source):
        directories.sort()
        for directory in directories:
            (target / Path(root).relative_to(source) / directory).mkdir()
        for name in sorted(names):
            relative = (Path(root) / name).relative_to(source)
            files[(Path(FILES) / relative).as_posix()] = _copy(Path(root) / name, target / relative)
    return files


def _copy(source: Path, target: Path) -> dict:
    if not source.is_file():
        raise BackupError(f"{source}: not a regular file; MEDIA_ROOT should hold only uploads")
    digest, size = hashlib.sha256(), 0
    with source.open("rb") as reader, target.open("xb") as writer:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            writer.write(chunk)
            size += len(chunk)
    shutil.copystat(source, target)
    return {"size": size, "sha256": digest.hexdigest()}


def _digest(path: Path) -> dict:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as reader:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def _write(path: Path, content: bytes) -> None:
    """Write then rename: a reader finds the whole file or none."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(content)
    partial.rename(path)


def _write_archive(work: Path, dest: Path, mode: str) -> None:
    descriptor, partial = tempfile.mkstemp(
        prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as raw:
            with tarfile.open(fileobj=raw, mode=mode) as archive:
                for entry in sorted(work.iterdir()):
                    archive.add(entry, arcname=entry.name)
            raw.flush()
            os.fsync(raw.fileno())
        os.rename(partial, dest)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def _fsync_tree(root: Path) -> None:
    """Make the backup durable before it is renamed into place."""
    for directory, _subdirectories, names in os.walk(root):
        for name in names:
            descriptor = os.open(Path(directory) / name, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        _fsync_directory(Path(directory))


def _fsync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _lamtheo_version() -> str:
    try:
        return importlib.metadata.version("lamtheo")
    except importlib.metadata.PackageNotFoundError:  # run from a checkout that is not installed
        return "unknown"


# --- PostgreSQL tools -------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"{name} not found on PATH: install the PostgreSQL client tools of the server's "
            "version (Debian: postgresql-client)"
        )
    return path


def _pg_tool_version(path: str) -> tuple[str, int]:
    """'pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)' -> ('15.20', 15)."""
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    found = re.search(r"\(PostgreSQL\)\s+((\d+)[\d.]*)", output.stdout)
    if not found:
        raise BackupError(f"{path} --version did not say its version: {output.stdout.strip()!r}")
    return found[1], int(found[2])


def _run(command: list[str], connection) -> None:
    """Run a PostgreSQL tool; the connection goes through PG* variables, never the command line."""
    environment = dict(os.environ)
    parameters = connection.settings_dict
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if parameters.get(key):
            environment[variable] = str(parameters[key])
    if sslmode := parameters.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = sslmode
    result = subprocess.run(  # noqa: S603 (our arguments, no shell)
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise BackupError(
            f"{Path(command[0]).name} failed (exit status {result.returncode}): "
            f"{result.stderr.strip()}"
        )


# --- Restore ----------------------------------------------------------------------------------


def restore(
    src: Path,
    *,
    confirm: Callable[[dict], bool] | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> Summary:
    """Replace the database and MEDIA_ROOT with the backup SRC (a directory or an archive).

    Nothing is touched until every file of the backup matches the manifest and `confirm`, if
    given, agrees on seeing the manifest. Then the database, then MEDIA_ROOT (two renames); the
    row counts of the restored database are compared with the manifest and returned.
    """
    src = Path(src).absolute()
    if not src.exists():
        raise BackupError(f"{src}: no such backup")
    connection = _connection(using)
    media = Path(settings.MEDIA_ROOT).resolve()
    if os.path.ismount(media):
        raise BackupError(
            f"MEDIA_ROOT ({media}) is a mount point, and restore replaces the directory "
            "itself: mount the volume one level up"
        )
    media.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{media.name}.restore-", dir=media.parent))
    try:
        backup = staging / "backup"
        _stage(src, backup)
        manifest = _verify(src, backup, connection.vendor)
        pg_restore = _pg_restore_tool(manifest) if connection.vendor == "postgresql" else None
        if confirm and not confirm(manifest):
            raise BackupError("restore cancelled: nothing was changed")
        database = backup / manifest["database"]["file"]
        if pg_restore:
            _restore_postgresql(connection, database, pg_restore)
        else:
            _restore_sqlite(connection, database)
        if media.exists():
            media.rename(staging / "replaced")
        (backup / FILES).rename(media)
        return Summary(path=src, manifest=manifest, mismatches=_compare_rows(connection, manifest))
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stage(src: Path, target: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, target, symlinks=True)  # a link stays a link, and is refused
        return
    try:
        with tarfile.open(src) as archive:
            archive.extractall(target, filter="data")  # refuses absolute paths, links out...
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{src}: not a readable backup archive ({error})") from None


def _verify(src: Path, backup: Path, vendor: str) -> dict:
    """The manifest, once every file of the backup matches it and it suits this database."""
    try:
        manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{src}: {MANIFEST} is missing or unreadable ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(f"{src}: backup format {found!r}; this lamtheo reads format {FORMAT}")
    if not all(isinstance(manifest.get(key), dict) for key in ("database", "tables", "files")):
        raise BackupError(f"{src}: {MANIFEST} lacks its database, tables or files")
    database, described = manifest["database"], manifest["files"]
    if database.get("vendor") != vendor:
        holds = VENDOR_NAMES.get(database.get("vendor"), repr(database.get("vendor")))
        raise BackupError(
            f"{src} holds a {holds} database and the current database is "
            f"{VENDOR_NAMES[vendor]}: restore it into {holds} (set DATABASE_URL)"
        )
    if database.get("file") != DATABASE_FILES[vendor]:
        raise BackupError(f"{src}: {MANIFEST} does not name {DATABASE_FILES[vendor]}")
    found = {
        path.relative_to(backup).as_posix()
        for path in backup.rglob("*")
        if path.is_symlink() or not path.is_dir()
    }
    found.discard(MANIFEST)
    if links := sorted(name for name in found if (backup / name).is_symlink()):
        raise BackupError(f"{src}: {links[0]} is a link, not a file; nothing was restored")
    if unlisted := sorted(found - described.keys()):
        raise BackupError(f"{src}: {unlisted[0]} is not in the manifest; nothing was restored")
    if missing := sorted(described.keys() - found):
        raise BackupError(f"{src}: {missing[0]} is missing from the backup; nothing was restored")
    for name in sorted(described):
        if _digest(backup / name) != described[name]:
            raise BackupError(
                f"{src}: {name} does not match its size and sha256 in the manifest (damaged or "
                "altered); nothing was restored"
            )
    return manifest


def _pg_restore_tool(manifest: dict) -> str:
    pg_restore = _pg_tool("pg_restore")
    version, major = _pg_tool_version(pg_restore)
    dumped_by = str(manifest["database"].get("pg_dump", ""))
    needed = int(re.match(r"\d*", dumped_by)[0] or 0)
    if major < needed:
        raise BackupError(
            f"{pg_restore} is PostgreSQL {version} but the dump was written by pg_dump "
            f"{dumped_by}: use pg_restore {needed} or newer"
        )
    return pg_restore


def _restore_sqlite(connection, path: Path) -> None:
    """The backup API in reverse: pages from the backup into the open database, no file swap."""
    connection.ensure_connection()
    source = sqlite3.connect(path)
    try:
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(f"restoring the SQLite database failed: {error}") from None
    finally:
        source.close()


def _restore_postgresql(connection, path: Path, pg_restore: str) -> None:
    """Drop and recreate what the dump holds, in one transaction: all of it or nothing."""
    connection.close()  # hold no lock that the DROPs would wait for
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",  # implies --exit-on-error
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ],
        connection,
    )


def _compare_rows(connection, manifest: dict) -> tuple[tuple[str, int, int | None], ...]:
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        found = _count_rows(cursor, [table for table in manifest["tables"] if table in existing])
    return tuple(
        (table, count, found.get(table))
        for table, count in sorted(manifest["tables"].items())
        if found.get(table) != count
    )
