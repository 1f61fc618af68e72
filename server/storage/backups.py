"""SQL for ``venster backup`` and ``venster restore``: reading a database file as a whole.

These work on plain :mod:`sqlite3` connections to any file (the live database, a backup,
a copy being checked), not on the server's own connection.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

__all__ = ["fold_journal", "integrity_problems", "migration_version", "open_read_only", "row_count",
           "table_names"]


def open_read_only(path: Path, timeout_s: float) -> sqlite3.Connection:
    """A read-only connection to ``path`` that waits at most ``timeout_s`` for a lock."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None, timeout=timeout_s)
    conn.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}")
    return conn


def integrity_problems(conn: sqlite3.Connection, limit: int = 5) -> list[str]:
    """What ``PRAGMA integrity_check`` reports (``["ok"]`` for a sound file), at most ``limit`` lines."""
    return [str(row[0]) for row in conn.execute(f"PRAGMA integrity_check({int(limit)})")]


def table_names(conn: sqlite3.Connection) -> set[str]:
    """The names of the file's tables."""
    return {str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def migration_version(conn: sqlite3.Connection) -> int:
    """The newest migration recorded in ``schema_migrations`` (0 when none; the table must exist)."""
    return int(conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0])


def row_count(conn: sqlite3.Connection, table: str) -> int:
    """How many rows ``table`` holds (``table`` is one of the file's own table names)."""
    return int(conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])


def fold_journal(conn: sqlite3.Connection) -> str:
    """Switch the file to a rollback journal (folding its WAL into it); the journal mode it then has.

    Fails with :class:`sqlite3.OperationalError` while another process holds the file open.
    """
    return str(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0])
