"""SQL for back-office sessions (``sessions``): stored by the SHA-256 of their token."""

from __future__ import annotations

import msgspec
import sqlite_utils

__all__ = ["SessionRow", "delete_session", "delete_user_sessions", "insert_session", "session_row",
           "touch_session"]


class SessionRow(msgspec.Struct, frozen=True, kw_only=True):
    """A ``sessions`` row."""

    id_hash: str
    user_id: int
    dealer: str
    csrf: str
    created_at: float
    expires_at: float


def insert_session(db: sqlite_utils.Database, row: SessionRow, max_age_s: float) -> None:
    """Store a new session, first forgetting every expired one. Inside a write transaction."""
    db.conn.execute("DELETE FROM sessions WHERE expires_at < ? OR created_at < ?",
                    (row.created_at, row.created_at - max_age_s))
    db.conn.execute(
        "INSERT INTO sessions (id_hash, user_id, dealer, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
        (row.id_hash, row.user_id, row.dealer, row.csrf, row.created_at, row.expires_at))


def session_row(db: sqlite_utils.Database, id_hash: str) -> SessionRow | None:
    """The session with ``id_hash``, or None."""
    rows = list(db.query("SELECT id_hash, user_id, dealer, csrf, created_at, expires_at FROM sessions "
                         "WHERE id_hash = ?", [id_hash]))
    return msgspec.convert(rows[0], SessionRow) if rows else None


def touch_session(db: sqlite_utils.Database, id_hash: str, expires_at: float) -> None:
    """Push the session's idle expiry to ``expires_at``. Inside a write transaction."""
    db.conn.execute("UPDATE sessions SET expires_at = ? WHERE id_hash = ?", (expires_at, id_hash))


def delete_session(db: sqlite_utils.Database, id_hash: str) -> None:
    """End one session. Inside a write transaction."""
    db.conn.execute("DELETE FROM sessions WHERE id_hash = ?", (id_hash,))


def delete_user_sessions(db: sqlite_utils.Database, user_id: int) -> None:
    """End every session of a user. Inside a write transaction."""
    db.conn.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))
