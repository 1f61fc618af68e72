"""Opening the SQLite database (WAL, busy timeout) and applying migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from server.storage.migrations import MIGRATIONS

__all__ = ["Database", "connect", "migrate", "schema_version", "write_transaction"]

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
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    return sqlite_utils.Database(conn)


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
