"""SQL for the delivery log: notifications (webhooks and e-mails) with every attempt.

Rows come back as dicts keyed by column name; ``payload`` is still JSON text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlite_utils

__all__ = ["attempt_rows", "count_deliveries", "delivery_row", "page_rows"]


def _where(dealer: str, channel: str | None) -> tuple[str, list[Any]]:
    if channel is None:
        return "dealer = ?", [dealer]
    return "dealer = ? AND channel = ?", [dealer, channel]


def count_deliveries(db: sqlite_utils.Database, dealer: str, channel: str | None) -> int:
    """How many deliveries ``dealer`` has (of one ``channel`` when given)."""
    where, args = _where(dealer, channel)
    return int(db.execute(f"SELECT COUNT(*) FROM outbox WHERE {where}", args).fetchone()[0])


def page_rows(db: sqlite_utils.Database, dealer: str, channel: str | None, limit: int,
              offset: int) -> list[dict[str, Any]]:
    """One page of deliveries, newest first."""
    where, args = _where(dealer, channel)
    return list(db.query(f"SELECT id, delivery_id, channel, event, event_id, payload, status, created_at, sent_at, "
                         f"last_error FROM outbox WHERE {where} ORDER BY id DESC LIMIT ? OFFSET ?",
                         [*args, limit, offset]))


def attempt_rows(db: sqlite_utils.Database, outbox_id: int) -> Iterator[dict[str, Any]]:
    """Every attempt of one delivery, in order."""
    return db.query("SELECT attempt, at, ok, detail, duration_ms FROM delivery_attempts WHERE outbox_id = ? "
                    "ORDER BY id", [outbox_id])


def delivery_row(db: sqlite_utils.Database, dealer: str, outbox_id: int) -> dict[str, Any] | None:
    """What a redelivery copies from delivery ``outbox_id`` of ``dealer``, or None (another dealer's alike)."""
    return next(db.query("SELECT channel, event, event_id, payload, status FROM outbox WHERE id = ? AND dealer = ?",
                         [outbox_id, dealer]), None)
