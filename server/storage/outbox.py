"""SQL for the outbox: claiming due jobs under a lease, recording attempts, retrying with backoff."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, NamedTuple

import msgspec
import sqlite_utils

from server.storage.db import write_transaction

__all__ = ["BACKOFF_S", "Job", "claim_next", "enqueue", "finish", "load_request", "release_dead_leases"]

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


def claim_next(db: sqlite_utils.Database, owner: str, now: float, lease_s: float) -> Job | None:
    """Atomically take the oldest due job for ``owner`` until ``now + lease_s``.

    A job whose lease ran out (its worker died before marking it sent) is due again,
    so every job is sent at least once; the event id lets receivers drop duplicates.
    """
    with write_transaction(db):
        row = db.execute(
            "UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE id = ("
            "  SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?"
            "  AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at, id LIMIT 1"
            ") RETURNING id, delivery_id, dealer, channel, event, event_id, payload, attempts",
            [owner, now + lease_s, now, now],
        ).fetchone()
    if row is None:
        return None
    return Job(row[0], row[1], row[2], row[3], row[4], row[5], msgspec.json.decode(row[6]), row[7])


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
           duration_ms: int) -> str:
    """Record the attempt and mark the job sent, due again later, or failed; returns the new status."""
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
        db.conn.execute(
            "UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL,"
            " sent_at = CASE WHEN ? THEN ? ELSE sent_at END, last_error = CASE WHEN ? THEN NULL ELSE ? END "
            "WHERE id = ? AND lease_owner = ?",
            (status, attempt, next_at, ok, _iso(now), ok, detail[:1000], job.id, owner),
        )
    return status


def load_request(db: sqlite_utils.Database, request_id: int) -> dict[str, Any] | None:
    """A stored request with its items and privacy record, as plain data."""
    row = db.execute(
        "SELECT id, dealer, reference, status, lang, message, contact_json, subtotal, vat, total, currency, "
        "created_at, catalog_version, vat_breakdown, order_lines FROM quote_requests WHERE id = ?",
        [request_id]).fetchone()
    if row is None:
        return None
    items = db.execute("SELECT position, configuration, note, price, subtotal, vat, total FROM quote_items "
                       "WHERE request_id = ? ORDER BY position", [request_id]).fetchall()
    privacy = db.execute("SELECT notice_url, notice_version, marketing_opt_in, recorded_at FROM privacy_records "
                         "WHERE request_id = ?", [request_id]).fetchone()
    return {
        "id": row[0], "dealer": row[1], "reference": row[2], "status": row[3], "lang": row[4], "message": row[5],
        "contact": msgspec.json.decode(row[6]), "subtotal": row[7], "vat": row[8], "total": row[9],
        "currency": row[10], "created_at": row[11], "catalog_version": row[12],
        "vat_breakdown": msgspec.json.decode(row[13]), "order_lines": msgspec.json.decode(row[14]),
        "items": [{"position": it[0], "configuration": msgspec.json.decode(it[1]), "note": it[2],
                   "price": msgspec.json.decode(it[3]), "subtotal": it[4], "vat": it[5], "total": it[6]}
                  for it in items],
        "privacy": {"notice_url": privacy[0], "notice_version": privacy[1], "marketing_opt_in": bool(privacy[2]),
                    "recorded_at": privacy[3]} if privacy else None,
    }
