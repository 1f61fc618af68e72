"""SQL for the dealer's legal details saved in the back office (one JSON row per dealer)."""

from __future__ import annotations

import sqlite_utils

__all__ = ["legal_json", "store_legal"]


def legal_json(db: sqlite_utils.Database, dealer: str) -> str | None:
    """The saved legal details of ``dealer`` as JSON text, or None when none were saved."""
    row = next(db.query("SELECT details FROM dealer_legal WHERE dealer = ?", [dealer]), None)
    return None if row is None else str(row["details"])


def store_legal(db: sqlite_utils.Database, dealer: str, body: str, at: str, actor: str) -> None:
    """Insert or replace ``dealer``'s legal details (the caller holds the write transaction)."""
    db.conn.execute(
        "INSERT INTO dealer_legal (dealer, details, updated_at, updated_by) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (dealer) DO UPDATE SET details = excluded.details, updated_at = excluded.updated_at, "
        "updated_by = excluded.updated_by", (dealer, body, at, actor))
