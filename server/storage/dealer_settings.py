"""SQL for the dealer settings saved in the back office (one JSON row per dealer: :mod:`server.storage.dealer_json`)."""

from __future__ import annotations

import sqlite_utils

from server.storage.dealer_json import document_json, store_document

__all__ = ["settings_json", "store_settings"]


def settings_json(db: sqlite_utils.Database, dealer: str) -> str | None:
    """The saved dealer settings of ``dealer`` as JSON text, or None when none were saved."""
    return document_json(db, "settings", dealer)


def store_settings(db: sqlite_utils.Database, dealer: str, body: str, at: str, actor: str) -> None:
    """Insert or replace ``dealer``'s dealer settings (the caller holds the write transaction)."""
    store_document(db, "settings", dealer, body, at, actor)
