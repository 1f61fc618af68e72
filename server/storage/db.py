"""Opening the SQLite database (WAL, busy timeout) and applying migrations."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from server.storage.migrations import MIGRATIONS

__all__ = ["Database", "connect", "is_unavailable", "migrate", "schema_version", "write_transaction"]

Database = sqlite_utils.Database

BUSY_TIMEOUT_MS = 10_000


def connect(path: Path | str) -> sqlite_utils.Database:
    """Open ``path`` (creating it) in WAL mode with a busy timeout.

    The connection runs in autocommit mode; writes go through
    :func:`write_transaction`, which takes the write lock up front.
    """
    conn = sqlite3.connect(
        str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    _wal(conn)
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return sqlite_utils.Database(conn)


def connect_read_only(path: Path | str, timeout_s: float = 1.0) -> sqlite_utils.Database:
    """Open an existing database only to read it: never created, never switched to WAL, a short wait.

    For readers that must not change or block on the file (``catalog check``, a page that falls
    back to the catalog when the database cannot answer); raises ``sqlite3.Error`` when it cannot.
    """
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                           check_same_thread=False, timeout=timeout_s)
    conn.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}")
    return sqlite_utils.Database(conn)


def _wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, waiting out other processes doing the same.

    Changing the journal mode needs a moment of exclusive access, and SQLite answers "database
    is locked" at once, without its busy handler, when another connection (a second worker
    starting on a fresh file) holds the file then; so wait as the busy timeout would.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


# What SQLite says when the database, not the request, is at fault: read-only file or
# file system, missing or unreadable file, full disk, I/O errors, a lock held past the busy
# timeout. Matched on SQLite's own messages, which are stable across versions.
_UNAVAILABLE = ("readonly database", "unable to open", "disk i/o error", "database is locked",
                "database or disk is full", "file is not a database", "database disk image is malformed",
                "locking protocol")


def is_unavailable(exc: BaseException) -> bool:
    """True when ``exc`` means the database cannot serve now (answer 503), not a fault in our code."""
    if not isinstance(exc, sqlite3.DatabaseError) or isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError):
        return False
    text = str(exc).lower()
    return any(marker in text for marker in _UNAVAILABLE)


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``; rolls back on any exception."""
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


def schema_version(db: sqlite_utils.Database) -> int:
    """The highest applied migration, 0 for a new database."""
    if "schema_migrations" not in db.table_names():
        return 0
    row = db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def migrate(db: sqlite_utils.Database) -> list[int]:
    """Apply every pending migration, each in its own transaction; return those applied."""
    applied: list[int] = []
    for version, description, statements in MIGRATIONS:
        with write_transaction(db):
            # Checked inside the write lock so two processes never apply one twice.
            if schema_version(db) >= version:
                continue
            for sql in statements:
                db.conn.execute(sql)
            db.conn.execute(
                "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)",
                (version, description, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            applied.append(version)
    return applied


def is_writable(db: sqlite_utils.Database) -> bool:
    """True when the write lock can be taken (the database is not read-only or locked)."""
    try:
        db.conn.execute("BEGIN IMMEDIATE")
        db.conn.execute("ROLLBACK")
    except sqlite3.Error:
        return False
    return True
