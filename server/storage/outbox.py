"""SQL for the outbox: claiming due jobs under a lease, recording attempts, retrying with backoff."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

import msgspec
import sqlite_utils

from server.storage.db import write_transaction
from server.storage.rows import named, named_all

__all__ = ["BACKOFF_S", "FAILURE_EVENT", "FailedDelivery", "Job", "acknowledge_failed", "claim_next", "enqueue",
           "failed_unacknowledged", "finish", "load_failed", "load_request", "release_dead_leases", "renew_lease"]

# The event of the e-mail that tells a dealer a delivery failed for good; its own failure tells no one.
FAILURE_EVENT = "delivery.failed"
# At most one such e-mail per dealer in this time: a dead endpoint fails every event in turn,
# and one mail pointing at the back office (which lists each failure) says it; ten do not.
FAILURE_NOTICE_GAP_S = 3600

# A job's lane: one dealer's one destination (its webhook URL, or its e-mail). A worker runs at most
# one job per lane at a time, so a slow destination holds back only its own later jobs.
_LANE_SQL = "dealer || ' ' || channel || ' ' || COALESCE(json_extract(payload, '$.url'), '')"

# Retries after about 1, 5 and 15 minutes; the fourth failed attempt marks the job failed.
BACKOFF_S = (60, 300, 900)


class Job(NamedTuple):
    """A claimed outbox job."""

    id: int
    delivery_id: str
    dealer: str
    channel: str
    event: str
    event_id: str
    payload: dict[str, Any]
    attempts: int

    @property
    def lane(self) -> str:
        """The dealer and destination this job goes to (the same value as ``_LANE_SQL``)."""
        return f"{self.dealer} {self.channel} {self.payload.get('url') or ''}"


def enqueue(db: sqlite_utils.Database, dealer: str, channel: str, event: str, event_id: str,
            payload: dict[str, Any], now: float) -> int:
    """Add a job to send; call inside the write transaction that makes the event true."""
    cursor = db.conn.execute(
        "INSERT INTO outbox (delivery_id, dealer, channel, event, event_id, payload, next_attempt_at, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (str(uuid.uuid4()), dealer, channel, event, event_id, msgspec.json.encode(payload).decode(), now, _iso(now)))
    return int(cursor.lastrowid or 0)


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


def claim_next(db: sqlite_utils.Database, owner: str, now: float, lease_s: float,
               busy_lanes: Sequence[str] = ()) -> Job | None:
    """Atomically take the oldest due job for ``owner`` until ``now + lease_s``.

    A job whose lease ran out (its worker died before marking it sent) is due again,
    so every job is sent at least once; the event id lets receivers drop duplicates.
    Jobs in ``busy_lanes`` (destinations this worker is sending to right now) are left
    for later, so the oldest job of every other destination goes first.
    """
    with write_transaction(db):
        row = named(db.execute(
            "UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE id = ("
            "  SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?"
            "  AND (lease_until IS NULL OR lease_until < ?)"
            f"  AND {_LANE_SQL} NOT IN (SELECT value FROM json_each(?))"
            "  ORDER BY next_attempt_at, id LIMIT 1"
            ") RETURNING id, delivery_id, dealer, channel, event, event_id, payload, attempts",
            [owner, now + lease_s, now, now, msgspec.json.encode(list(busy_lanes)).decode()],
        ))
    if row is None:
        return None
    return Job(**{**row, "payload": msgspec.json.decode(row["payload"])})


def renew_lease(db: sqlite_utils.Database, job_id: int, owner: str, until: float) -> bool:
    """Extend ``owner``'s lease of job ``job_id`` to ``until``; False when the lease is no longer its own."""
    with write_transaction(db):
        cur = db.conn.execute("UPDATE outbox SET lease_until = ? "
                              "WHERE id = ? AND lease_owner = ? AND status = 'pending'", (until, job_id, owner))
    return cur.rowcount == 1


def release_dead_leases(db: sqlite_utils.Database, alive: Callable[[int], bool] | None = None) -> int:
    """Free jobs leased by a process of this machine that no longer runs (a crash or kill).

    Owners are ``<pid>-<random>``; without this, such a job would wait for its lease to run
    out (two minutes) after a restart. Sending stays at least once. Returns how many were freed.
    """
    check = alive or _pid_alive
    with write_transaction(db):
        owners = [r[0] for r in db.execute("SELECT DISTINCT lease_owner FROM outbox WHERE lease_owner IS NOT NULL "
                                           "AND status = 'pending'").fetchall()]
        dead = [o for o in owners if o.split("-", 1)[0].isdigit() and not check(int(o.split("-", 1)[0]))]
        for owner in dead:
            db.conn.execute("UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?", (owner,))
    return len(dead)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def finish(db: sqlite_utils.Database, job: Job, owner: str, ok: bool, detail: str, now: float,
           duration_ms: int, notify: list[str] | None = None) -> str:
    """Record the attempt and mark the job sent, due again later, or failed; returns the new status.

    When this attempt was the last one and failed, a ``delivery.failed`` e-mail to ``notify``
    (the dealer's addresses) is queued in the same transaction, so the dealer hears of it
    exactly once; never for a failure notice itself, which would loop, and not again within
    ``FAILURE_NOTICE_GAP_S`` of the last notice (the back office marks every failure).
    """
    attempt = job.attempts + 1
    if ok:
        status, next_at = "sent", now
    elif attempt > len(BACKOFF_S):
        status, next_at = "failed", now
    else:
        status, next_at = "pending", now + BACKOFF_S[attempt - 1]
    with write_transaction(db):
        db.conn.execute(
            "INSERT INTO delivery_attempts (outbox_id, attempt, at, ok, detail, duration_ms) VALUES (?, ?, ?, ?, ?, ?)",
            (job.id, attempt, _iso(now), 1 if ok else 0, detail[:1000], duration_ms),
        )
        cursor = db.conn.execute(
            "UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL,"
            " sent_at = CASE WHEN ? THEN ? ELSE sent_at END, last_error = CASE WHEN ? THEN NULL ELSE ? END "
            "WHERE id = ? AND lease_owner = ?",
            (status, attempt, next_at, ok, _iso(now), ok, detail[:1000], job.id, owner),
        )
        # Only the lease holder marks the job; a worker that lost its lease tells no one.
        if (status == "failed" and cursor.rowcount == 1 and notify and job.event != FAILURE_EVENT
                and not _noticed_since(db, job.dealer, now - FAILURE_NOTICE_GAP_S)):
            enqueue(db, job.dealer, "email", FAILURE_EVENT, str(uuid.uuid4()),
                    {"template": "delivery_failed", "to": list(notify), "failed_id": job.id}, now)
    return status


def _noticed_since(db: sqlite_utils.Database, dealer: str, since: float) -> bool:
    """Whether a failure notice for ``dealer`` was queued after ``since``."""
    row = db.conn.execute("SELECT 1 FROM outbox WHERE dealer = ? AND event = ? AND created_at > ? LIMIT 1",
                          (dealer, FAILURE_EVENT, _iso(since))).fetchone()
    return row is not None


class FailedDelivery(NamedTuple):
    """A delivery that failed its last retry, as the dealer is told about it."""

    id: int
    channel: str
    event: str
    target: str
    reference: str | None
    attempts: int
    last_error: str
    failed_at: str


def _failed(row: dict[str, Any]) -> FailedDelivery:
    payload = msgspec.json.decode(row["payload"])
    target = str(payload.get("url", "")) if row["channel"] == "webhook" else ", ".join(payload.get("to") or [])
    return FailedDelivery(id=row["id"], channel=row["channel"], event=row["event"], target=target,
                          reference=row["reference"] or payload.get("reference"), attempts=row["attempts"],
                          last_error=row["last_error"] or "", failed_at=row["failed_at"] or "")


_FAILED_SQL = ("SELECT o.id, o.channel, o.event, o.payload, o.attempts, o.last_error, r.reference, "
               "(SELECT MAX(at) FROM delivery_attempts a WHERE a.outbox_id = o.id) AS failed_at "
               "FROM outbox o LEFT JOIN quote_requests r ON r.id = json_extract(o.payload, '$.request_id') ")


def load_failed(db: sqlite_utils.Database, outbox_id: int) -> FailedDelivery | None:
    """One delivery by its row id (for the failure notice), or None."""
    row = named(db.execute(_FAILED_SQL + "WHERE o.id = ?", [outbox_id]))
    return _failed(row) if row else None


def failed_unacknowledged(db: sqlite_utils.Database, dealer: str, limit: int = 50) -> list[FailedDelivery]:
    """The dealer's deliveries that failed for good and nobody acknowledged yet, newest first."""
    rows = named_all(db.execute(_FAILED_SQL + "WHERE o.dealer = ? AND o.status = 'failed' AND o.acknowledged_at "
                                "IS NULL ORDER BY o.id DESC LIMIT ?", [dealer, limit]))
    return [_failed(r) for r in rows]


def acknowledge_failed(db: sqlite_utils.Database, dealer: str, ids: Sequence[int], actor: str, now: float) -> int:
    """Mark the dealer's failed deliveries ``ids`` as seen; returns how many were marked.

    Call inside the caller's write transaction (with its audit entry).
    """
    cursor = db.conn.execute(
        "UPDATE outbox SET acknowledged_at = ?, acknowledged_by = ? WHERE dealer = ? AND status = 'failed' "
        "AND acknowledged_at IS NULL AND id IN (SELECT value FROM json_each(?))",
        (_iso(now), actor, dealer, msgspec.json.encode(list(ids)).decode()))
    return int(cursor.rowcount)


def load_request(db: sqlite_utils.Database, request_id: int) -> dict[str, Any] | None:
    """A stored request with its items and privacy record, as plain data."""
    row = named(db.execute(
        "SELECT id, dealer, reference, status, lang, message, contact_json, subtotal, vat, total, currency, "
        "created_at, catalog_version, vat_breakdown, order_lines FROM quote_requests WHERE id = ?",
        [request_id]))
    if row is None:
        return None
    items = named_all(db.execute("SELECT position, configuration, note, price, subtotal, vat, total FROM quote_items "
                                 "WHERE request_id = ? ORDER BY position", [request_id]))
    privacy = named(db.execute("SELECT notice_url, notice_version, marketing_opt_in, recorded_at FROM "
                               "privacy_records WHERE request_id = ?", [request_id]))
    contact = row.pop("contact_json")
    return {
        **row, "contact": msgspec.json.decode(contact),
        "vat_breakdown": msgspec.json.decode(row["vat_breakdown"]),
        "order_lines": msgspec.json.decode(row["order_lines"]),
        "items": [{**it, "configuration": msgspec.json.decode(it["configuration"]),
                   "price": msgspec.json.decode(it["price"])} for it in items],
        "privacy": {**privacy, "marketing_opt_in": bool(privacy["marketing_opt_in"])} if privacy else None,
    }
