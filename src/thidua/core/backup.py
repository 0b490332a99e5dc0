"""Backing up and restoring a whole ThiĐua: the database and the uploaded files, in one archive.

An archive is a tar file holding `manifest.json` (when, which database, the migrations applied, every table's row
count), the database — SQLite through its online backup API (a consistent copy while the app runs), PostgreSQL
through `pg_dump` in custom format — and the uploaded files (MEDIA_ROOT) under `media/`.

Restoring puts back the database and the files as they were. It refuses, unless forced:
- an archive of another kind of database (SQLite ↔ PostgreSQL: export and import the data instead);
- a database whose schema is newer than the archive's (migrations applied here that the archive lacks): the
  code that made them expects data the archive does not have;
- an archive whose schema is newer than this code's (it was taken by a newer ThiĐua).

Apps that hold something a backup must not catch half-way register a guard (`register_guard`): a ballot round
that is open is refused, because its write-ahead log and its rows still show the order in which people voted
until the round closes and the ballot box is shaken (voting registers it). This module imports no other app.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
MEDIA_DIR = "media"

# A guard returns why a backup should not be taken now, or "" when nothing stands in the way.
_guards: list[Callable[[], str]] = []


def register_guard(guard: Callable[[], str]) -> None:
    if guard not in _guards:
        _guards.append(guard)


def reasons_to_wait() -> list[str]:
    return [reason for reason in (guard() for guard in _guards) if reason]


class BackupError(Exception):
    """A backup or restore that cannot be done, with what to do about it (Vietnamese)."""


@dataclass
class Manifest:
    format: int
    created_at: str
    engine: str
    migrations: list[list[str]]  # [app, name] applied when the backup was taken
    tables: dict[str, int]  # table → row count
    path: str = ""  # where the archive was written (not stored in it)

    @classmethod
    def read(cls, data: bytes) -> Manifest:
        raw = json.loads(data)
        return cls(raw["format"], raw["created_at"], raw["engine"], raw["migrations"], raw["tables"])


def _engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def applied_migrations() -> set[tuple[str, str]]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return {(app, name) for app, name in loader.applied_migrations}


def known_migrations() -> set[tuple[str, str]]:
    """The migrations this code has (whether applied or not)."""
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def row_counts() -> dict[str, int]:
    tables = sorted(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # names from the catalogue
            counts[table] = cursor.fetchone()[0]
    return counts


def table_checksums() -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of its rows in a fixed order (for checking a restore)."""
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(tuple(_plain(v) for v in row)) for row in cursor.fetchall())
            result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result


def _plain(value):
    """A value as both databases give it back the same way (memoryview, datetimes with zone, decimals)."""
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


# -- backup --------------------------------------------------------------------------------------------------

def backup(destination: Path, force: bool = False) -> Manifest:
    """Write an archive of the database and the uploaded files to `destination` (a file, or a folder that gets
    thidua-backup-<date-time>.tar). Refuses while a guard objects, unless `force`."""
    waiting = reasons_to_wait()
    if waiting and not force:
        raise BackupError(" ".join(waiting) + " " + _("Hãy sao lưu sau khi kết thúc vòng bỏ phiếu, hoặc dùng --force "
                                                    "nếu thật sự cần (bản sao lưu khi đó có thể lộ thứ tự bỏ phiếu)."))
    if destination.is_dir():
        destination = destination / f"thidua-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar"
    manifest = Manifest(FORMAT, timezone.now().isoformat(), _engine(), sorted(map(list, applied_migrations())),
                        row_counts())
    with tempfile.TemporaryDirectory(prefix="thidua-backup-") as work:
        database = Path(work) / (SQLITE_FILE if manifest.engine == "sqlite" else PG_FILE)
        if manifest.engine == "sqlite":
            _sqlite_copy(database)
        else:
            _pg_dump(database)
        partial = destination.with_name(destination.name + ".part")
        with tarfile.open(partial, "w") as archive:
            stored = {k: v for k, v in manifest.__dict__.items() if k != "path"}
            _add_bytes(archive, MANIFEST, json.dumps(stored, ensure_ascii=False, indent=1).encode())
            archive.add(database, arcname=database.name)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, arcname=MEDIA_DIR)
        os.replace(partial, destination)  # a half-written archive never carries the final name
    manifest.path = str(destination)
    return manifest


def _sqlite_copy(target_file: Path) -> None:
    """SQLite's online backup: a consistent copy page by page, while others keep reading and writing."""
    connection.ensure_connection()
    target = sqlite3.connect(target_file)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _pg_tool(name: str) -> str:
    """The PostgreSQL client program of the newest version installed (pg_dump must not be older than the
    server), else the one on the PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3])
                   if p.parts[-3].isdigit() else 0)
    if found:
        return str(found[-1])
    program = shutil.which(name)
    if program is None:
        raise BackupError(_("Không tìm thấy chương trình %(name)s của PostgreSQL. Hãy cài gói postgresql-client.")
                          % {"name": name})
    return program


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore from the database settings (the password by environment)."""
    db = connections["default"].settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _pg_dump(target: Path) -> None:
    args, env = _pg_env()
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args], env)


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(_("%(program)s báo lỗi: %(error)s") % {"program": Path(command[0]).name,
                                                                 "error": done.stderr.strip()[-2000:]})


# -- restore -------------------------------------------------------------------------------------------------

def read_manifest(archive_path: Path) -> Manifest:
    try:
        with tarfile.open(archive_path) as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            return Manifest.read(member.read())
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(_("Không đọc được bản sao lưu %(file)s: không phải tệp do “thidua backup” tạo ra, hoặc "
                            "tệp bị hỏng.") % {"file": archive_path}) from exc


def schema_problems(manifest: Manifest) -> list[str]:
    """Why this archive should not be restored over this database and this code (empty when it may)."""
    problems = []
    if manifest.format != FORMAT:
        problems.append(_("Bản sao lưu có định dạng %(n)s, phiên bản này đọc định dạng %(m)s.")
                        % {"n": manifest.format, "m": FORMAT})
    if manifest.engine != _engine():
        problems.append(_("Bản sao lưu của cơ sở dữ liệu %(theirs)s, không khôi phục vào %(ours)s được.")
                        % {"theirs": manifest.engine, "ours": _engine()})
    archived = {tuple(m) for m in manifest.migrations}
    newer_here = sorted(applied_migrations() - archived)
    if newer_here:
        problems.append(_("Cơ sở dữ liệu hiện tại mới hơn bản sao lưu (%(n)s thay đổi cấu trúc chưa có trong bản sao "
                          "lưu, ví dụ %(example)s). Khôi phục sẽ làm mất các thay đổi đó.")
                        % {"n": len(newer_here), "example": ".".join(newer_here[-1])})
    unknown = sorted(archived - known_migrations())
    if unknown:
        problems.append(_("Bản sao lưu được tạo bởi phiên bản ThiĐua mới hơn (%(n)s thay đổi cấu trúc mà phiên bản "
                          "này không có, ví dụ %(example)s). Hãy cập nhật ThiĐua trước.")
                        % {"n": len(unknown), "example": ".".join(unknown[-1])})
    return problems


def restore(archive_path: Path, force: bool = False) -> Manifest:
    """Put back the database and the uploaded files of an archive. Refuses on schema_problems unless `force`
    (a different kind of database is refused even then)."""
    manifest = read_manifest(archive_path)
    problems = schema_problems(manifest)
    if manifest.engine != _engine() or (problems and not force):
        raise BackupError(" ".join(problems) + ("" if manifest.engine != _engine() else " " + _(
            "Dùng --force nếu chắc chắn muốn khôi phục.")))
    with tempfile.TemporaryDirectory(prefix="thidua-restore-") as work, tarfile.open(archive_path) as archive:
        archive.extractall(work, filter="data")
        database = Path(work) / (SQLITE_FILE if manifest.engine == "sqlite" else PG_FILE)
        if manifest.engine == "sqlite":
            _sqlite_restore(database)
        else:
            _pg_restore(database)
        _restore_media(Path(work) / MEDIA_DIR)
    counts = row_counts()
    differ = [t for t, n in manifest.tables.items() if counts.get(t) != n]
    if differ:
        raise BackupError(_("Đã khôi phục nhưng số dòng khác bản sao lưu ở các bảng: %(tables)s.")
                          % {"tables": ", ".join(differ)})
    return manifest


def _sqlite_restore(database: Path) -> None:
    """Copy the archived database over the live one page by page (the online backup API, in reverse)."""
    connection.ensure_connection()
    source = sqlite3.connect(database)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _pg_restore(database: Path) -> None:
    """Drop what the archive holds and create it anew, in one transaction: a failure leaves the database as it
    was."""
    connection.close()
    args, env = _pg_env()
    _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", *args, str(database)], env)


def _restore_media(source: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.rmtree(media)
    if source.is_dir():
        shutil.copytree(source, media)
    else:
        media.mkdir(parents=True, exist_ok=True)
