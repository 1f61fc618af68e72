"""SQL for the dealer settings saved in the back office (one JSON row per dealer)."""

from __future__ import annotations

import sqlite_utils

__all__ = ["settings_json", "store_settings"]


def settings_json(db: sqlite_utils.Database, dealer: str) -> str | None:
    """The stored settings of ``dealer`` as JSON text, or None when none were saved."""
    row = next(db.query("SELECT settings FROM dealer_settings WHERE dealer = ?", [dealer]), None)
    return None if row is None else str(row["settings"])


def store_settings(db: sqlite_utils.Database, dealer: str, body: str, at: str, actor: str) -> None:
    """Insert or replace ``dealer``'s settings (the caller holds the write transaction)."""
    db.conn.execute(
        "INSERT INTO dealer_settings (dealer, settings, updated_at, updated_by) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (dealer) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at, "
        "updated_by = excluded.updated_by", (dealer, body, at, actor))
