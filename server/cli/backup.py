"""``venster backup PATH`` and ``venster restore PATH``: an online copy of the database, and putting one back.

The backup uses SQLite's online backup API on a read-only connection: it copies one
consistent snapshot while the server keeps writing (WAL lets readers and the writer run
side by side), checks the copy, and only then renames ``PATH.tmp`` to ``PATH``.

Restore checks a backup (integrity, a venster schema no newer than this code's), copies
it next to the database, sets the current database aside as
``<db>.before-restore-<timestamp>`` and renames the copy into place. The server must be
stopped: a running process would keep writing into the file that was set aside. Restore
refuses when it sees the database held open, but it cannot see every running server.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from server.cli.registry import Commands
from server.storage import backups as files

__all__ = ["MAIN_TABLES", "BackupError", "backup", "check_database", "register", "restore"]

# The tables whose row counts are printed: what a dealer would miss first.
MAIN_TABLES = ("quote_requests", "quote_items", "contacts", "privacy_records", "status_history", "outbox",
               "api_keys", "users")

_LOCK_TIMEOUT_S = 2.0


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


def register(commands: Commands) -> None:
    """Add ``venster backup`` and ``venster restore``."""
    backup_parser = commands.add(
        "backup", backup, help="an online, consistent copy of the database (safe while the server runs)",
        description="Copy the database (VENSTER_DB, or --db) to PATH with SQLite's online backup: one consistent "
                    "snapshot, taken while the server keeps serving and writing. The copy is checked "
                    "(PRAGMA integrity_check) before it replaces PATH. Prints its size and row counts.")
    backup_parser.add_argument("path", type=Path, help="where to write the backup, e.g. backups/venster-2026-03-01.db")
    backup_parser.add_argument("--db", type=Path, help="the database to copy (default VENSTER_DB)")
    backup_parser.add_argument("--force", action="store_true", help="overwrite PATH when it exists")

    restore_parser = commands.add(
        "restore", restore, help="replace the database with a backup (stop the server first)",
        description="Replace the database (VENSTER_DB, or --db) with the backup PATH. STOP THE SERVER FIRST (every "
                    "`venster serve` on this database): a running server would go on writing into the file that "
                    "is set aside, and those writes would be lost. Restore refuses when it sees the database held "
                    "open, but it cannot detect every running server. PATH must pass PRAGMA integrity_check and be "
                    "a venster database whose schema is not newer than this venster's. The current database is "
                    "kept as <db>.before-restore-<timestamp>; migrations to this venster's schema run when the "
                    "server starts.")
    restore_parser.add_argument("path", type=Path, help="a backup made by `venster backup`")
    restore_parser.add_argument("--db", type=Path, help="the database to replace (default VENSTER_DB)")


def _latest() -> int:
    from server.storage.migrations import MIGRATIONS

    return MIGRATIONS[-1][0]


def _db_path(args: argparse.Namespace) -> Path:
    if args.db is not None:
        return Path(args.db)
    from server.settings import settings_from_env

    return settings_from_env().db_path


def _open_read_only(path: Path) -> sqlite3.Connection:
    return files.open_read_only(path, _LOCK_TIMEOUT_S)


def check_database(conn: sqlite3.Connection, label: str) -> int:
    """The schema version of a sound venster database; raises :class:`BackupError` saying what is wrong."""
    try:
        problems = files.integrity_problems(conn, 5)
        if problems != ["ok"]:
            raise BackupError(f"{label}: damaged, PRAGMA integrity_check reports: {'; '.join(problems)}")
        if "schema_migrations" not in files.table_names(conn):
            raise BackupError(f"{label}: not a venster database (it has no schema_migrations table)")
        version = files.migration_version(conn)
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            raise BackupError(f"{label}: not a SQLite database ({exc})") from None
        raise BackupError(f"{label}: damaged ({exc})") from None
    if version < 1:
        raise BackupError(f"{label}: not a venster database (no migration recorded in schema_migrations)")
    if version > _latest():
        raise BackupError(f"{label}: schema version {version} is newer than this venster's ({_latest()}); "
                          "restore it with the venster release that wrote it")
    return version


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = files.table_names(conn)
    return {t: files.row_count(conn, t) for t in MAIN_TABLES if t in tables}


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy(source: sqlite3.Connection, target: Path, label: str) -> tuple[int, dict[str, int]]:
    """Copy ``source`` into the new file ``target`` as one self-contained file; check it; (version, counts)."""
    dest = sqlite3.connect(target, isolation_level=None)
    try:
        # One step: the whole copy reads a single snapshot; in WAL mode writers are not blocked meanwhile.
        source.backup(dest)
        # The copy inherits WAL mode from the live file; a backup is one file, without -wal and -shm.
        files.fold_journal(dest)
        version = check_database(dest, label)
        counts = _counts(dest)
    finally:
        dest.close()
    _fsync(target)
    return version, counts


def _print_counts(counts: dict[str, int]) -> None:
    for table, n in counts.items():
        print(f"  {table:<16} {n:>9,}")


def _fail(message: str, *leftovers: Path) -> int:
    for path in leftovers:
        path.unlink(missing_ok=True)
    print(f"venster: {message}", file=sys.stderr)
    return 1


def backup(args: argparse.Namespace) -> int:
    """Write an online backup of the database to ``args.path``; exit 1 with a reason when it cannot."""
    source_path = _db_path(args)
    target: Path = args.path
    if not source_path.is_file():
        return _fail(f"no database at {source_path} (set VENSTER_DB or pass --db)")
    if target.is_dir():
        return _fail(f"{target} is a folder; give the backup's file name, e.g. {target / 'venster.db'}")
    if target.exists():
        if target.samefile(source_path):
            return _fail(f"{target} is the database itself; choose another file")
        if not args.force:
            return _fail(f"{target} exists; pass --force to overwrite it")
    if not target.parent.is_dir():
        return _fail(f"{target.parent} does not exist")
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)  # left over by an interrupted backup
    started = time.perf_counter()
    try:
        source = _open_read_only(source_path)
        try:
            version, counts = _copy(source, tmp, str(source_path))
        finally:
            source.close()
    except (BackupError, sqlite3.Error) as exc:
        return _fail(str(exc), tmp)
    os.replace(tmp, target)
    _fsync(target.parent)
    print(f"backed up {source_path} to {target}: {target.stat().st_size:,} bytes, schema version {version}, "
          f"in {time.perf_counter() - started:.2f} s")
    _print_counts(counts)
    return 0


def _set_aside(db: Path) -> Path:
    """Move the current database (with its -wal) to ``<db>.before-restore-<timestamp>``; return that path."""
    conn = sqlite3.connect(db, isolation_level=None, timeout=_LOCK_TIMEOUT_S)
    try:
        # Folds the WAL into the file so the kept copy is one file; fails while another process holds it open.
        mode = files.fold_journal(conn)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise BackupError(f"{db} is in use: stop the server (every `venster serve` on it) and try again") from None
        mode = "unknown"  # damaged: it is moved aside as it is, with its -wal
    except sqlite3.DatabaseError:
        mode = "unknown"
    finally:
        conn.close()
    if mode == "wal":
        raise BackupError(f"{db} is in use: stop the server (every `venster serve` on it) and try again")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    keep = db.with_name(f"{db.name}.before-restore-{stamp}")
    n = 1
    while keep.exists():
        keep = db.with_name(f"{db.name}.before-restore-{stamp}-{n}")
        n += 1
    os.replace(db, keep)
    wal = db.with_name(db.name + "-wal")
    if wal.exists():
        os.replace(wal, keep.with_name(keep.name + "-wal"))
    db.with_name(db.name + "-shm").unlink(missing_ok=True)  # an index of the WAL, rebuilt on open
    return keep


def restore(args: argparse.Namespace) -> int:
    """Replace the database with the backup ``args.path``; exit 1 with a reason when it cannot."""
    candidate: Path = args.path
    db = _db_path(args)
    if not candidate.is_file():
        return _fail(f"no backup at {candidate}")
    if db.exists() and db.samefile(candidate):
        return _fail(f"{candidate} is the database itself; nothing to restore")
    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = db.with_name(db.name + ".restore-tmp")
    tmp.unlink(missing_ok=True)
    try:
        source = _open_read_only(candidate)
        try:
            version = check_database(source, str(candidate))
            # What is installed is a checked copy, never the backup file itself.
            version, counts = _copy(source, tmp, str(candidate))
        finally:
            source.close()
        keep = _set_aside(db) if db.exists() else None
    except (BackupError, sqlite3.Error) as exc:
        return _fail(str(exc), tmp)
    os.replace(tmp, db)
    _fsync(db.parent)
    print(f"restored {candidate} (schema version {version}) into {db}")
    _print_counts(counts)
    if keep is not None:
        print(f"the previous database is kept as {keep}")
    if version < _latest():
        print(f"migrations {version + 1}..{_latest()} run when the server starts")
    return 0
