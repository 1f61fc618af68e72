"""Server secrets kept in the database, so every worker and every restart shares them."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import sqlite_utils

from server.storage.db import write_transaction

__all__ = ["server_secret"]


def server_secret(db: sqlite_utils.Database, name: str) -> str:
    """The secret called ``name``, generated (256 random bits) on first use.

    Inside a write transaction the new secret joins it (a nested BEGIN would fail); otherwise
    it is written in a transaction of its own.
    """
    row = db.execute("SELECT value FROM server_secrets WHERE name = ?", [name]).fetchone()
    if row:
        return str(row[0])
    insert = ("INSERT OR IGNORE INTO server_secrets (name, value, created_at) VALUES (?, ?, ?)",
              (name, secrets.token_urlsafe(32), datetime.now(UTC).isoformat(timespec="seconds")))
    if db.conn.in_transaction:
        db.conn.execute(*insert)
    else:
        with write_transaction(db):
            db.conn.execute(*insert)
    return str(db.execute("SELECT value FROM server_secrets WHERE name = ?", [name]).fetchone()[0])
