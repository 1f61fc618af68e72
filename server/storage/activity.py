"""The activity feed of contacts and requests: one line per thing that happened."""

from __future__ import annotations

import sqlite_utils

__all__ = ["add_activity", "set_request_status"]


def add_activity(db: sqlite_utils.Database, dealer: str, kind: str, text: str, actor: str, at: str, *,
                 contact_id: int | None = None, request_id: int | None = None) -> None:
    """Append a line (``kind`` such as request, status, note, quote, created, edited, erased)."""
    db.conn.execute("INSERT INTO activity (dealer, contact_id, request_id, actor, kind, text, at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", (dealer, contact_id, request_id, actor[:200], kind, text[:500], at))


def set_request_status(db: sqlite_utils.Database, request_id: int, status: str, note: str, actor: str,
                       at: str) -> None:
    """Move a request to ``status`` and write it in its history (the caller checked the transition)."""
    db.conn.execute("UPDATE quote_requests SET status = ? WHERE id = ?", (status, request_id))
    db.conn.execute("INSERT INTO status_history (request_id, status, note, actor, at) VALUES (?, ?, ?, ?, ?)",
                    (request_id, status, note[:2000], actor[:200], at))
