"""One JSON document per dealer, saved from the back office: the settings and the legal details
(and the getting-started ticks).

The tables have the same shape (``dealer`` key, the JSON column, who saved it and when), so one
reader and one writer serve them; the table and column come only from :data:`DOCUMENTS`, never
from a caller's string, since SQL cannot bind names.
"""

from __future__ import annotations

from typing import Literal

import sqlite_utils

__all__ = ["DOCUMENTS", "Document", "document_json", "store_document"]

Document = Literal["settings", "legal", "onboarding"]
DOCUMENTS: dict[Document, tuple[str, str]] = {"settings": ("dealer_settings", "settings"),
                                              "legal": ("dealer_legal", "details"),
                                              "onboarding": ("dealer_onboarding", "state")}


def document_json(db: sqlite_utils.Database, document: Document, dealer: str) -> str | None:
    """The saved ``document`` of ``dealer`` as JSON text, or None when none was saved."""
    table, column = DOCUMENTS[document]
    row = next(db.query(f"SELECT {column} FROM {table} WHERE dealer = ?", [dealer]), None)
    return None if row is None else str(row[column])


def store_document(db: sqlite_utils.Database, document: Document, dealer: str, body: str, at: str,
                   actor: str) -> None:
    """Insert or replace ``dealer``'s ``document`` (the caller holds the write transaction)."""
    table, column = DOCUMENTS[document]
    db.conn.execute(
        f"INSERT INTO {table} (dealer, {column}, updated_at, updated_by) VALUES (?, ?, ?, ?) "
        f"ON CONFLICT (dealer) DO UPDATE SET {column} = excluded.{column}, updated_at = excluded.updated_at, "
        "updated_by = excluded.updated_by", (dealer, body, at, actor))
