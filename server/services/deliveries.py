"""The log of notifications (webhooks and e-mails) with every attempt, and redelivery."""

from __future__ import annotations

import time
from typing import Any

import msgspec
import sqlite_utils

from server.services.audit import record
from server.services.errors import Conflict, NotFound
from server.services.paging import page_window
from server.storage import deliveries as store
from server.storage.db import write_transaction
from server.storage.outbox import FailedDelivery, acknowledge_failed, enqueue, failed_unacknowledged

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
    wanted = channel if channel in ("webhook", "email") else None
    total = store.count_deliveries(db, dealer, wanted)
    page, pages, offset = page_window(page, total, per_page, clamp)
    found = []
    for row in store.page_rows(db, dealer, wanted, per_page, offset):
        payload = msgspec.json.decode(row.pop("payload"))
        attempts = msgspec.convert(list(store.attempt_rows(db, row["id"])), list[Attempt], strict=False)
        found.append(Delivery(**row, reference=payload.get("reference"), target=_target(row["channel"], payload),
                              attempts=attempts, redelivery_of=payload.get("redelivery_of")))
    return DeliveryPage(deliveries=found, total_count=total, page=page, pages=pages)


def redeliver(db: sqlite_utils.Database, dealer: str, delivery: int, actor: str) -> Delivery:
    """Queue the same event again as a new delivery (a new delivery id, the same event id).

    Not found when it is not the dealer's; :class:`Conflict` when it was cancelled by an erasure.
    """
    with write_transaction(db):
        row = store.delivery_row(db, dealer, delivery)
        if row is None:
            raise NotFound("delivery.not_found", {"delivery": delivery})
        if row["status"] == "cancelled":
            raise Conflict("delivery.cancelled")
        payload = {**msgspec.json.decode(row["payload"]), "redelivery_of": delivery}
        new_id = enqueue(db, dealer, row["channel"], row["event"], row["event_id"], payload, time.time())
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
