"""SQL for quote requests as the dealer works them: the filtered list, one request's rows, notes.

Rows come back as dicts keyed by column name (``db.query``), each column aliased to the
field name of the service's struct, so a service decodes them by name, never by position.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec
import sqlite_utils

from server.storage.search import like_pattern

__all__ = [
    "RequestState", "RequestWhere", "add_note", "any_request", "count_requests", "find_request_id",
    "history_rows", "item_rows", "note_rows", "page_rows", "privacy_row", "references", "request_row",
    "request_state", "status_counts",
]

# The last change of a request: created, a status change (with its comment), an internal note, or the
# erasure of its contact (which rewrote the request's contact copy, message and notes: a syncing client
# must fetch it again). Timestamps are stored as UTC ISO 8601 text of one format, so they compare as strings.
_UPDATED = ("max(r.created_at, coalesce((SELECT max(h.at) FROM status_history h WHERE h.request_id = r.id), ''), "
            "coalesce((SELECT max(n.at) FROM request_notes n WHERE n.request_id = r.id), ''), "
            "coalesce(c.erased_at, ''))")
_FROM = "FROM quote_requests r JOIN contacts c ON c.id = r.contact_id"


class RequestWhere:
    """The WHERE clause of a filter over ``dealer``'s requests (every value a bound parameter).

    ``created_from`` (inclusive) and ``created_before`` (exclusive) are stored UTC text (the service
    turns the dealer's days into the UTC moments they begin), ``updated_since`` stored UTC text,
    ``q`` free text matched against reference, contact and message.
    """

    def __init__(self, dealer: str, *, status: str | None = None, created_from: str | None = None,
                 created_before: str | None = None, updated_since: str | None = None, q: str | None = None) -> None:
        clauses, args = ["r.dealer = ?"], [dealer]
        if status:
            clauses.append("r.status = ?")
            args.append(status)
        if created_from:
            clauses.append("r.created_at >= ?")
            args.append(created_from)
        if created_before:
            clauses.append("r.created_at < ?")
            args.append(created_before)
        if updated_since is not None:
            clauses.append(f"{_UPDATED} >= ?")
            args.append(updated_since)
        if q and q.strip():
            like = like_pattern(q)
            clauses.append("(lower(r.reference) LIKE ? ESCAPE '\\' OR lower(c.name) LIKE ? ESCAPE '\\' "
                           "OR lower(c.email) LIKE ? ESCAPE '\\' OR lower(coalesce(c.company, '')) LIKE ? ESCAPE '\\' "
                           "OR lower(c.city) LIKE ? ESCAPE '\\' OR lower(r.message) LIKE ? ESCAPE '\\')")
            args += [like] * 6
        self.sql = " AND ".join(clauses)
        self.args: list[Any] = args


def count_requests(db: sqlite_utils.Database, where: RequestWhere) -> int:
    """How many requests the filter selects."""
    return int(db.execute(f"SELECT COUNT(*) {_FROM} WHERE {where.sql}", where.args).fetchone()[0])


def page_rows(db: sqlite_utils.Database, where: RequestWhere, limit: int, offset: int) -> Iterator[dict[str, Any]]:
    """One page of the list, newest first; columns named as ``RequestSummary``'s fields."""
    return db.query(
        f"SELECT r.reference, r.created_at, r.status, c.name, c.email, c.company, c.city, "
        f"(SELECT COUNT(*) FROM quote_items i WHERE i.request_id = r.id) AS items, r.total, r.currency, "
        f"{_UPDATED} AS updated_at, "
        f"(SELECT coalesce(SUM(coalesce(json_extract(i.configuration, '$.quantity'), 1)), 0) "
        f"FROM quote_items i WHERE i.request_id = r.id) AS windows "
        f"{_FROM} WHERE {where.sql} ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?",
        [*where.args, limit, offset])


def status_counts(db: sqlite_utils.Database, where: RequestWhere) -> dict[str, int]:
    """Status -> how many requests the filter selects (statuses without any are absent)."""
    return {row["status"]: int(row["n"]) for row in db.query(
        f"SELECT r.status AS status, COUNT(*) AS n {_FROM} WHERE {where.sql} GROUP BY r.status", where.args)}


def references(db: sqlite_utils.Database, where: RequestWhere, limit: int) -> list[str]:
    """The references the filter selects, newest first."""
    return [row["reference"] for row in db.query(
        f"SELECT r.reference {_FROM} WHERE {where.sql} ORDER BY r.created_at DESC, r.id DESC LIMIT ?",
        [*where.args, limit])]


def any_request(db: sqlite_utils.Database, dealer: str) -> bool:
    """True when ``dealer`` has at least one request (whatever a filter shows)."""
    return db.execute("SELECT 1 FROM quote_requests WHERE dealer = ? LIMIT 1", [dealer]).fetchone() is not None


def find_request_id(db: sqlite_utils.Database, dealer: str, reference: str) -> int | None:
    """The row id of ``reference`` of ``dealer``, or None (missing and another dealer's alike)."""
    row = db.execute("SELECT id FROM quote_requests WHERE dealer = ? AND reference = ?",
                     [dealer, reference]).fetchone()
    return None if row is None else int(row[0])


def request_row(db: sqlite_utils.Database, request_id: int) -> dict[str, Any]:
    """The request's own columns (JSON columns still text)."""
    return next(db.query(
        "SELECT reference, status, created_at, lang, message, contact_id, contact_json, subtotal, vat, total, "
        "currency, catalog_version, vat_breakdown, order_lines FROM quote_requests WHERE id = ?", [request_id]))


def item_rows(db: sqlite_utils.Database, request_id: int) -> Iterator[dict[str, Any]]:
    """The request's items in order (JSON columns still text)."""
    return db.query("SELECT position, configuration, note, price, explanation, subtotal, vat, total "
                    "FROM quote_items WHERE request_id = ? ORDER BY position", [request_id])


def privacy_row(db: sqlite_utils.Database, request_id: int) -> dict[str, Any] | None:
    """The request's privacy record, or None."""
    return next(db.query("SELECT notice_url, notice_version, lang, marketing_opt_in, recorded_at "
                         "FROM privacy_records WHERE request_id = ?", [request_id]), None)


def history_rows(db: sqlite_utils.Database, request_id: int) -> Iterator[dict[str, Any]]:
    """The request's status changes, oldest first."""
    return db.query("SELECT status, actor, at, note FROM status_history WHERE request_id = ? ORDER BY id",
                    [request_id])


def note_rows(db: sqlite_utils.Database, request_id: int) -> Iterator[dict[str, Any]]:
    """The request's internal notes, oldest first."""
    return db.query("SELECT author, body, at FROM request_notes WHERE request_id = ? ORDER BY id", [request_id])


class RequestState(msgspec.Struct, frozen=True, kw_only=True):
    """A request's status and its contact: what a status change, a note or a quote's answer needs of it."""

    status: str
    contact_id: int


def request_state(db: sqlite_utils.Database, request_id: int) -> RequestState:
    """The request's status and its contact's id."""
    return msgspec.convert(next(db.query("SELECT status, contact_id FROM quote_requests WHERE id = ?", [request_id])),
                           RequestState)


def add_note(db: sqlite_utils.Database, request_id: int, author: str, body: str, at: str) -> None:
    """Store an internal note (the caller holds the write transaction)."""
    db.conn.execute("INSERT INTO request_notes (request_id, author, body, at) VALUES (?, ?, ?, ?)",
                    (request_id, author[:200], body, at))
