"""SQL for the legal details saved in the back office (one JSON row per dealer: :mod:`server.storage.dealer_json`)."""

from __future__ import annotations

import sqlite_utils

from server.storage.dealer_json import document_json, store_document

__all__ = ["legal_json", "store_legal"]


def legal_json(db: sqlite_utils.Database, dealer: str) -> str | None:
    """The saved legal details of ``dealer`` as JSON text, or None when none were saved."""
    return document_json(db, "legal", dealer)


def store_legal(db: sqlite_utils.Database, dealer: str, body: str, at: str, actor: str) -> None:
    """Insert or replace ``dealer``'s legal details (the caller holds the write transaction)."""
    store_document(db, "legal", dealer, body, at, actor)
