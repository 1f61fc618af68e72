"""The log of notifications (webhooks and e-mails) with every attempt, and redelivery."""

from __future__ import annotations

import time
import uuid
from typing import Any

import msgspec
import sqlite_utils

from server.errors import ApiError
from server.services.audit import now_iso, record
from server.services.paging import page_window
from server.storage.db import write_transaction
from server.storage.outbox import FailedDelivery, acknowledge_failed, failed_unacknowledged

__all__ = ["Attempt", "Delivery", "DeliveryPage", "acknowledge_failures", "list_deliveries", "redeliver",
           "unacknowledged_failures"]


class Attempt(msgspec.Struct, frozen=True, kw_only=True):
    attempt: int
    at: str
    ok: bool
    detail: str
    duration_ms: int


class Delivery(msgspec.Struct, frozen=True, kw_only=True):
    """One delivery: a webhook call or an e-mail, with its attempts."""

    id: int
    delivery_id: str
    channel: str
    event: str
    event_id: str
    reference: str | None
    target: str
    status: str
    attempts: list[Attempt]
    created_at: str
    sent_at: str | None
    last_error: str | None
    redelivery_of: int | None


class DeliveryPage(msgspec.Struct, frozen=True, kw_only=True):
    deliveries: list[Delivery]
    total_count: int
    page: int
    pages: int


def _target(channel: str, payload: dict[str, Any]) -> str:
    if channel == "webhook":
        return str(payload.get("url", ""))
    return ", ".join(payload.get("to") or [])


def list_deliveries(db: sqlite_utils.Database, dealer: str, channel: str | None = None, page: int = 1,
                    per_page: int = 50, clamp: bool = True) -> DeliveryPage:
    """Newest first, with every attempt; ``channel`` is ``webhook`` or ``email`` to filter."""
    per_page = max(1, min(100, per_page))
    where, args = "dealer = ?", [dealer]
    if channel in ("webhook", "email"):
        where += " AND channel = ?"
        args.append(channel)
    total = int(db.execute(f"SELECT COUNT(*) FROM outbox WHERE {where}", args).fetchone()[0])
    page, pages, offset = page_window(page, total, per_page, clamp)
    rows = db.execute(f"SELECT id, delivery_id, channel, event, event_id, payload, status, created_at, sent_at, "
                      f"last_error FROM outbox WHERE {where} ORDER BY id DESC LIMIT ? OFFSET ?",
                      [*args, per_page, offset]).fetchall()
    found = []
    for r in rows:
        payload = msgspec.json.decode(r[5])
        attempts = [Attempt(attempt=a[0], at=a[1], ok=bool(a[2]), detail=a[3], duration_ms=a[4]) for a in db.execute(
            "SELECT attempt, at, ok, detail, duration_ms FROM delivery_attempts WHERE outbox_id = ? ORDER BY id",
            [r[0]]).fetchall()]
        found.append(Delivery(id=r[0], delivery_id=r[1], channel=r[2], event=r[3], event_id=r[4],
                              reference=payload.get("reference"), target=_target(r[2], payload), status=r[6],
                              attempts=attempts, created_at=r[7], sent_at=r[8], last_error=r[9],
                              redelivery_of=payload.get("redelivery_of")))
    return DeliveryPage(deliveries=found, total_count=total, page=page, pages=pages)


def redeliver(db: sqlite_utils.Database, dealer: str, delivery: int, actor: str) -> Delivery:
    """Queue the same event again as a new delivery (a new delivery id, the same event id); 404 if not the dealer's."""
    with write_transaction(db):
        row = db.execute("SELECT channel, event, event_id, payload, status FROM outbox WHERE id = ? AND dealer = ?",
                         [delivery, dealer]).fetchone()
        if row is None:
            raise ApiError(404, f"No delivery {delivery}")
        if row[4] == "cancelled":
            raise ApiError(409, "This delivery was cancelled because its contact was erased")
        payload = {**msgspec.json.decode(row[3]), "redelivery_of": delivery}
        cursor = db.conn.execute(
            "INSERT INTO outbox (delivery_id, dealer, channel, event, event_id, payload, next_attempt_at, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (str(uuid.uuid4()), dealer, row[0], row[1], row[2], msgspec.json.encode(payload).decode(), time.time(),
             now_iso()))
        new_id = int(cursor.lastrowid or 0)
        record(db, dealer, actor, "delivery.redeliver", f"delivery {delivery}", f"as delivery {new_id}")
    return next(d for d in list_deliveries(db, dealer, per_page=100).deliveries if d.id == new_id)


def unacknowledged_failures(db: sqlite_utils.Database, dealer: str) -> list[FailedDelivery]:
    """Deliveries that failed their last retry and that no user has acknowledged: the back office shows them."""
    return failed_unacknowledged(db, dealer)


def acknowledge_failures(db: sqlite_utils.Database, dealer: str, ids: list[int], actor: str) -> int:
    """Mark failed deliveries as seen (they stay in the log); recorded in the audit log."""
    with write_transaction(db):
        done = acknowledge_failed(db, dealer, ids, actor, time.time())
        if done:
            record(db, dealer, actor, "delivery.acknowledge", f"{done} failed deliveries",
                   ", ".join(f"#{i}" for i in ids[:50]))
    return done
