"""SQL for the price playground: the dealer's saved samples and the items of their open requests."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlite_utils

__all__ = ["OPEN_STATUSES", "delete_sample", "insert_sample", "open_request_items", "sample_rows"]

# A request still being worked: its price may yet be quoted again, so a catalog change matters to it.
OPEN_STATUSES: tuple[str, ...] = ("new", "contacted", "quoted")


def sample_rows(db: sqlite_utils.Database, dealer: str) -> Iterator[dict[str, Any]]:
    """``dealer``'s saved samples, oldest first (id, name, configuration JSON, created_at, created_by)."""
    return db.query("SELECT id, name, configuration, created_at, created_by FROM playground_samples "
                    "WHERE dealer = ? ORDER BY id", [dealer])


def insert_sample(db: sqlite_utils.Database, dealer: str, name: str, configuration: str, at: str,
                  actor: str) -> int:
    """Store one sample (the caller holds the write transaction); return its id."""
    cursor = db.conn.execute(
        "INSERT INTO playground_samples (dealer, name, configuration, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
        (dealer, name, configuration, at, actor))
    return int(cursor.lastrowid or 0)


def delete_sample(db: sqlite_utils.Database, dealer: str, sample_id: int) -> bool:
    """Delete ``dealer``'s sample ``sample_id``; False when it is not theirs or not there."""
    cursor = db.conn.execute("DELETE FROM playground_samples WHERE dealer = ? AND id = ?", (dealer, sample_id))
    return cursor.rowcount > 0


def open_request_items(db: sqlite_utils.Database, dealer: str, statuses: Sequence[str] = OPEN_STATUSES,
                       limit: int = 200) -> Iterator[dict[str, Any]]:
    """The items of ``dealer``'s requests in ``statuses``, newest request first.

    Each row: reference, position, configuration JSON and the item's stored total (what the homeowner
    was shown when they sent it).
    """
    marks = ", ".join("?" for _ in statuses)
    return db.query(
        "SELECT r.reference, i.position, i.configuration, i.total, r.currency FROM quote_items i "
        "JOIN quote_requests r ON r.id = i.request_id "
        f"WHERE r.dealer = ? AND r.status IN ({marks}) ORDER BY r.created_at DESC, r.id DESC, i.position LIMIT ?",
        [dealer, *statuses, limit])
