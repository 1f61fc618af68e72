"""SQL for the getting-started checklist: the first request from the dealer's own site, and the dealer's ticks."""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from server.storage.dealer_json import document_json, store_document

__all__ = ["first_request_from", "onboarding_json", "store_onboarding"]


def first_request_from(db: sqlite_utils.Database, dealer: str, origins: Sequence[str]) -> tuple[str, str] | None:
    """``(reference, created_at)`` of ``dealer``'s first request sent from one of ``origins``, or None."""
    if not origins:
        return None
    marks = ", ".join("?" for _ in origins)
    # quote_requests_dealer_created serves the order; a dealer lists a handful of origins.
    row = next(db.query(f"SELECT reference, created_at FROM quote_requests WHERE dealer = ? AND origin IN ({marks}) "
                        "ORDER BY created_at, id LIMIT 1", [dealer, *origins]), None)
    return None if row is None else (str(row["reference"]), str(row["created_at"]))


def onboarding_json(db: sqlite_utils.Database, dealer: str) -> str | None:
    """The dealer's saved ticks as JSON text, or None when the dealer ticked nothing yet."""
    return document_json(db, "onboarding", dealer)


def store_onboarding(db: sqlite_utils.Database, dealer: str, body: str, at: str, actor: str) -> None:
    """Insert or replace ``dealer``'s ticks (the caller holds the write transaction)."""
    store_document(db, "onboarding", dealer, body, at, actor)
