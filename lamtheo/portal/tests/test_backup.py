"""`lamtheo backup` and `lamtheo restore`, on SQLite and PostgreSQL.

The tests use `transactional_db`: the data must be committed for pg_dump, a separate process, to
see it. On SQLite the test database is pytest-django's in-memory one; the backup and the restore
go through Django's connection object (SQLite's backup API on `connection.connection`), so they
need no file name and run on the test database as they do on the real one.
"""

import hashlib
import importlib.metadata
import json
import re
import sqlite3
import tarfile
import threading
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from lamtheo.accounts import services as accounts
from lamtheo.accounts.models import User
from lamtheo.audit import chain
from lamtheo.org import services as org
from lamtheo.org.models import Membership, OrgUnit
from lamtheo.portal import backup

pytestmark = pytest.mark.usefixtures("transactional_db")

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump and pg_restore serve PostgreSQL only"
)

UPLOADS = {
    "files/2026/03/bao-cao-quy-1.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
    "files/2026/03/Nghị quyết 05 - dự thảo.docx": "Nghị quyết số 05".encode() * 100,
    "files/2026/04/trong.txt": b"",
    "files/lon.bin": hashlib.sha256(b"seed").digest() * (3 * backup.CHUNK // 64 + 7),
}


def _rows() -> dict[str, list[tuple]]:
    """Every row of every table of every installed model (the many-to-many tables too)."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def _files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    for name, content in UPLOADS.items():
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return settings.MEDIA_ROOT


@pytest.fixture
def records(editor_a, editor_b, admin_a, provincial_admin, superuser):
    """Units, users, memberships and an API token: something in most tables."""
    accounts.issue_api_token(user=editor_a, name="báo cáo tự động")
    org.create_unit(
        code="CB-01",
        name="Chi bộ thôn Co Luống",
        kind="cell",
        valid_from=date(2025, 7, 1),
        parent=OrgUnit.objects.get(code="X25-A"),
    )
    return _rows()


def _backup(dest: Path) -> str:
    out = StringIO()
    call_command("backup", str(dest), stdout=out)
    return out.getvalue()


def _restore(src: Path, *args: str) -> str:
    out = StringIO()
    call_command("restore", str(src), *args, stdout=out)
    return out.getvalue()


def _change_everything(media: Path) -> None:
    """Edit, delete and add records and files, as the weeks after a backup would."""
    User.objects.filter(username="xa_a").update(full_name="Tên đã đổi")
    User.objects.get(username="xa_a_admin").delete()
    Membership.objects.filter(user__username="xa_b").delete()
    OrgUnit.objects.filter(code="X25-B").update(name="Tên mới")
    User.objects.create(username="moi", full_name="Người đến sau")
    (media / "files/lon.bin").unlink()
    (media / "files/2026/03/bao-cao-quy-1.pdf").write_bytes(b"overwritten")
    (media / "files/2026/05/sau-sao-luu.pdf").parent.mkdir(parents=True)
    (media / "files/2026/05/sau-sao-luu.pdf").write_bytes(b"after the backup")


@pytest.mark.parametrize("name", ["sao-luu", "sao-luu.tar.gz", "sao-luu.tar"])
def test_a_round_trip_restores_every_record_and_every_file(records, media, tmp_path, name):
    dest = tmp_path / "backups" / name
    assert "Backed up" in _backup(dest)
    _change_everything(media)
    assert _rows() != records
    assert _files(media) != UPLOADS

    output = _restore(dest, "--yes")

    assert _rows() == records
    assert _files(media) == UPLOADS
    assert "Row counts match the manifest" in output
    verdict = chain.verify()  # the audit trail comes back whole, its chain intact
    assert verdict.ok, verdict.problem
    assert verdict.checked > 0
    assert list(media.parent.iterdir()) == [media]  # the staging directory is gone
    assert sorted(path.name for path in dest.parent.iterdir()) == [name]  # no partial left


def test_the_manifest_counts_every_table_and_hashes_every_file(records, media, tmp_path):
    _backup(tmp_path / "sao-luu")

    manifest = json.loads((tmp_path / "sao-luu/manifest.json").read_text())
    assert manifest["format"] == backup.FORMAT
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["lamtheo_version"] == importlib.metadata.version("lamtheo")
    tables = {
        model._meta.db_table: len(rows)
        for label, rows in records.items()
        for model in [apps.get_model(label)]
    }
    assert manifest["tables"] == tables
    assert manifest["tables"]["org_orgunit"] == 4
    database = manifest["database"]["file"]
    assert set(manifest["files"]) == {database} | {f"files/{name}" for name in UPLOADS}
    for name, content in UPLOADS.items():
        assert manifest["files"][f"files/{name}"] == {
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
        }
        assert (tmp_path / "sao-luu/files" / name).read_bytes() == content


def _flip_a_byte(path: Path) -> None:
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0xFF
    path.write_bytes(bytes(content))


TAMPERING = {
    "an upload altered": ("files/files/2026/03/bao-cao-quy-1.pdf", _flip_a_byte),
    "the database altered": (None, _flip_a_byte),
    "an upload removed": ("files/files/lon.bin", Path.unlink),
    "a file slipped in": ("files/files/them.exe", lambda path: path.write_bytes(b"MZ")),
    "a link slipped in": ("files/files/passwd", lambda path: path.symlink_to("/etc/passwd")),
}


@pytest.mark.parametrize("case", TAMPERING)
def test_a_tampered_backup_is_refused_and_nothing_changes(records, media, tmp_path, case):
    dest = tmp_path / "sao-luu"
    _backup(dest)
    name, tamper = TAMPERING[case]
    name = name or backup.DATABASE_FILES[connection.vendor]
    tamper(dest / name)
    _change_everything(media)
    rows, files = _rows(), _files(media)

    with pytest.raises(CommandError, match=rf"{re.escape(name)} .*nothing was restored"):
        _restore(dest, "--yes")

    assert _rows() == rows
    assert _files(media) == files
    assert list(media.parent.iterdir()) == [media]


def test_a_backup_of_the_other_database_is_refused(records, media, tmp_path):
    _backup(tmp_path / "sao-luu")
    manifest_path = tmp_path / "sao-luu/manifest.json"
    manifest = json.loads(manifest_path.read_text())
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[connection.vendor]
    manifest["database"]["vendor"] = other
    manifest_path.write_text(json.dumps(manifest))
    _change_everything(media)
    rows = _rows()

    with pytest.raises(CommandError, match=rf"holds a {backup.VENDOR_NAMES[other]} database"):
        _restore(tmp_path / "sao-luu", "--yes")

    assert _rows() == rows


def test_restore_asks_for_yes(records, media, tmp_path):
    _backup(tmp_path / "sao-luu")
    _change_everything(media)
    rows, files = _rows(), _files(media)

    with pytest.raises(CommandError, match="pass --yes"):
        _restore(tmp_path / "sao-luu")

    assert _rows() == rows
    assert _files(media) == files


def test_backup_never_overwrites(records, media, tmp_path):
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "older.txt").write_text("keep me")
    (tmp_path / "older.tar.gz").write_bytes(b"keep me too")

    with pytest.raises(CommandError, match=r"occupied is a directory that is not empty"):
        _backup(occupied)
    with pytest.raises(CommandError, match=r"older.tar.gz already exists"):
        _backup(tmp_path / "older.tar.gz")

    assert _files(occupied) == {"older.txt": b"keep me"}
    assert (tmp_path / "older.tar.gz").read_bytes() == b"keep me too"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data", "occupied", "older.tar.gz"]
    (occupied / "older.txt").unlink()
    _backup(occupied)  # an empty directory is fine
    assert (occupied / "manifest.json").exists()


def test_the_archive_holds_the_same_files_as_a_directory(records, media, tmp_path):
    _backup(tmp_path / "sao-luu.tar.gz")

    with tarfile.open(tmp_path / "sao-luu.tar.gz") as archive:
        names = {member.name for member in archive.getmembers() if member.isfile()}
        manifest = json.load(archive.extractfile("manifest.json"))
    assert names == {"manifest.json"} | set(manifest["files"])


@postgresql_only
def test_a_missing_or_old_pg_dump_is_refused_clearly(records, media, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(CommandError, match="pg_dump not found on PATH"):
        _backup(tmp_path / "sao-luu")

    (bin_dir / "pg_dump").write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    (bin_dir / "pg_dump").chmod(0o755)
    server = connection.pg_version // 10000
    with pytest.raises(CommandError, match=rf"9.6.24 but the server is PostgreSQL {server}"):
        _backup(tmp_path / "sao-luu")
    assert not (tmp_path / "sao-luu").exists()


@postgresql_only
def test_pg_dump_gets_the_password_from_the_environment_only(records, media, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    server = connection.pg_version // 10000
    (bin_dir / "pg_dump").write_text(
        "#!/bin/sh\n"
        f'[ "$1" = --version ] && echo "pg_dump (PostgreSQL) {server}.1" && exit 0\n'
        f'echo "$@" > {tmp_path}/arguments\n'
        f'echo "$PGPASSWORD $PGDATABASE" > {tmp_path}/environment\n'
        "exit 3\n"
    )
    (bin_dir / "pg_dump").chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "mật-khẩu-bí-mật")

    with pytest.raises(CommandError, match=r"pg_dump failed \(exit status 3\)"):
        _backup(tmp_path / "sao-luu")

    assert "mật-khẩu" not in (tmp_path / "arguments").read_text()
    assert "--format=custom --no-password --snapshot=" in (tmp_path / "arguments").read_text()
    assert (tmp_path / "environment").read_text().split() == [
        "mật-khẩu-bí-mật",
        connection.settings_dict["NAME"],
    ]
    assert not (tmp_path / "sao-luu").exists()


def test_a_sqlite_backup_taken_while_another_connection_writes_is_consistent(tmp_path):
    """Each transaction of the writer adds as many debits as credits, and spills to the WAL
    before it commits (a tiny page cache): a copy taken in the middle of it must hold every
    committed pair and nothing of the open transaction."""
    live = tmp_path / "live.sqlite3"
    source = sqlite3.connect(live, isolation_level=None, check_same_thread=False)
    source.executescript(
        "PRAGMA journal_mode=WAL;"
        "CREATE TABLE debit (id INTEGER PRIMARY KEY, memo BLOB);"
        "CREATE TABLE credit (id INTEGER PRIMARY KEY, memo BLOB);"
    )
    rounds, rows = 4, 200
    halfway = threading.Barrier(2, timeout=60)
    wal = tmp_path / "live.sqlite3-wal"
    wal_sizes = []

    def write():
        writer = sqlite3.connect(live, isolation_level=None)
        writer.execute("PRAGMA cache_size=2")
        for _ in range(rounds):
            writer.execute("BEGIN IMMEDIATE")
            writer.executemany("INSERT INTO debit (memo) VALUES (randomblob(1000))", [()] * rows)
            halfway.wait()  # the copy is taken now...
            halfway.wait()  # ...and is done
            writer.executemany("INSERT INTO credit (memo) VALUES (randomblob(1000))", [()] * rows)
            writer.execute("COMMIT")
        writer.close()

    writer = threading.Thread(target=write)
    writer.start()
    copies = []
    for number in range(rounds):
        halfway.wait()
        wal_sizes.append(wal.stat().st_size)
        copies.append(tmp_path / f"copy-{number}.sqlite3")
        backup.copy_sqlite_database(source, copies[-1])
        halfway.wait()
    writer.join(timeout=60)
    assert not writer.is_alive()
    copies.append(tmp_path / "copy-final.sqlite3")
    backup.copy_sqlite_database(source, copies[-1])
    assert wal_sizes[0] > rows * 1000  # the open transaction had spilled into the WAL

    for number, path in enumerate(copies):
        copy = sqlite3.connect(path)
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        debits = copy.execute("SELECT COUNT(*) FROM debit").fetchone()[0]
        credits = copy.execute("SELECT COUNT(*) FROM credit").fetchone()[0]
        assert debits == credits == number * rows
        copy.close()
    source.close()
