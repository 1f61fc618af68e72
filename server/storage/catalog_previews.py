"""SQL for live-preview aliases: the hash of each alias, its dealer and when it stops working."""

from __future__ import annotations

import sqlite_utils

__all__ = ["insert_preview", "preview_dealer", "purge_previews"]


def insert_preview(db: sqlite_utils.Database, token_hash: str, dealer: str, expires_at: float) -> None:
    """Store one alias by its hash (the caller holds the write transaction)."""
    db.conn.execute("INSERT INTO catalog_previews (token_hash, dealer, expires_at) VALUES (?, ?, ?)",
                    (token_hash, dealer, expires_at))


def preview_dealer(db: sqlite_utils.Database, token_hash: str, now: float) -> str | None:
    """The dealer of the alias with ``token_hash`` while it has not expired, else None."""
    row = db.conn.execute("SELECT dealer FROM catalog_previews WHERE token_hash = ? AND expires_at > ?",
                          (token_hash, now)).fetchone()
    return None if row is None else str(row[0])


def purge_previews(db: sqlite_utils.Database, now: float) -> int:
    """Delete every expired alias; return how many (the caller holds the write transaction)."""
    return db.conn.execute("DELETE FROM catalog_previews WHERE expires_at <= ?", (now,)).rowcount
