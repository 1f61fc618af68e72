"""SQL for formal quotes: their versions, lines, link hashes, answers and the expiry clock.

Rows come back as structs decoded by column name (never by position), with the JSON columns
(``seller``, ``buyer``, ``vat_breakdown``) still as text: reading them is the service's job.
Writes run inside the caller's write transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec
import sqlite_utils

from server.storage.rows import decoded

__all__ = [
    "ClockRow", "LineRow", "NewQuote", "QuoteRow", "clock_candidates", "count_current",
    "current_rows", "draft_update", "insert_quote", "mark_accepted", "mark_declined", "mark_expired",
    "mark_expiring_notified", "mark_sent", "mark_viewed", "quote_lines", "quote_row", "quote_row_by_id",
    "quote_row_by_token_hash", "retire_newer_drafts", "version_rows", "write_lines",
]


class QuoteRow(msgspec.Struct, frozen=True, kw_only=True):
    """One row of ``quotes`` with its request's reference; JSON columns as stored."""

    id: int
    dealer: str
    number: str
    version: int
    status: str
    reference: str
    lang: str
    currency: str
    subtotal: str
    vat: str
    total: str
    vat_breakdown: str
    validity_days: int
    valid_until: str | None
    intro: str
    terms: str
    seller: str
    buyer: str
    created_by: str
    created_at: str
    updated_at: str
    sent_at: str | None
    viewed_at: str | None
    decided_at: str | None
    accepted_name: str | None
    decline_reason: str | None
    superseded_by: int | None


class LineRow(msgspec.Struct, frozen=True, kw_only=True):
    """One row of ``quote_lines``."""

    position: int
    kind: str
    description: str
    item_position: int | None
    quantity: str
    unit_price: str
    vat_rate: str
    amount: str


class NewQuote(msgspec.Struct, frozen=True, kw_only=True):
    """A new draft version as it is stored; ``seller``, ``buyer`` and ``vat_breakdown`` as JSON text."""

    dealer: str
    request_id: int
    number: str
    version: int
    lang: str
    currency: str
    validity_days: int
    intro: str
    terms: str
    seller: str
    buyer: str
    subtotal: str
    vat: str
    total: str
    vat_breakdown: str
    created_by: str
    at: str


class ClockRow(msgspec.Struct, frozen=True, kw_only=True):
    """An open quote near or past its last valid day."""

    id: int
    dealer: str
    valid_until: str
    expiring_notified: int


_COLUMNS = ("q.id, q.dealer, q.number, q.version, q.status, r.reference, q.lang, q.currency, q.subtotal, q.vat, "
            "q.total, q.vat_breakdown, q.validity_days, q.valid_until, q.intro, q.terms, q.seller, q.buyer, "
            "q.created_by, q.created_at, q.updated_at, q.sent_at, q.viewed_at, q.decided_at, q.accepted_name, "
            "q.decline_reason, q.superseded_by")
_FROM = "FROM quotes q JOIN quote_requests r ON r.id = q.request_id"
# The current version of a number: the newest one not superseded (a sent version stays current
# while a newer draft of it is being written).
_CURRENT = ("q.dealer = ? AND q.id = (SELECT c.id FROM quotes c WHERE c.dealer = q.dealer AND c.number = q.number "
            "ORDER BY c.status = 'superseded', c.version DESC LIMIT 1)")


def _quotes(db: sqlite_utils.Database, where: str, args: Sequence[Any], tail: str = "") -> list[QuoteRow]:
    return decoded(db.execute(f"SELECT {_COLUMNS} {_FROM} WHERE {where} {tail}", list(args)), QuoteRow)


def quote_row(db: sqlite_utils.Database, dealer: str, number: str, version: int | None = None) -> QuoteRow | None:
    """The version asked for, or the current one, of ``dealer``'s quote ``number``."""
    where, args = "q.dealer = ? AND q.number = ?", list[Any]([dealer, number])
    if version is not None:
        where += " AND q.version = ?"
        args.append(version)
    rows = _quotes(db, where, args, "ORDER BY q.status = 'superseded', q.version DESC LIMIT 1")
    return rows[0] if rows else None


def quote_row_by_id(db: sqlite_utils.Database, dealer: str, quote_id: int) -> QuoteRow | None:
    """A quote version by its row id."""
    rows = _quotes(db, "q.dealer = ? AND q.id = ?", [dealer, quote_id])
    return rows[0] if rows else None


def quote_row_by_token_hash(db: sqlite_utils.Database, token_hash: str) -> QuoteRow | None:
    """The quote version whose homeowner's link hashes to ``token_hash`` (any dealer)."""
    rows = _quotes(db, "q.token_hash = ?", [token_hash])
    return rows[0] if rows else None


def version_rows(db: sqlite_utils.Database, dealer: str, number: str) -> list[QuoteRow]:
    """Every version of a quote, oldest first."""
    return _quotes(db, "q.dealer = ? AND q.number = ?", [dealer, number], "ORDER BY q.version")


def _current_where(dealer: str, status: str | None, reference: str | None) -> tuple[str, list[Any]]:
    where, args = _CURRENT, [dealer]
    if status:
        where += " AND q.status = ?"
        args.append(status)
    if reference:
        where += " AND r.reference = ?"
        args.append(reference)
    return where, args


def count_current(db: sqlite_utils.Database, dealer: str, status: str | None, reference: str | None) -> int:
    """How many quote numbers whose current version matches the filter."""
    where, args = _current_where(dealer, status, reference)
    return int(db.execute(f"SELECT COUNT(*) {_FROM} WHERE {where}", args).fetchone()[0])


def current_rows(db: sqlite_utils.Database, dealer: str, status: str | None, reference: str | None, limit: int,
                 offset: int) -> list[QuoteRow]:
    """The current versions matching the filter, newest first, one page."""
    where, args = _current_where(dealer, status, reference)
    return _quotes(db, where, [*args, limit, offset], "ORDER BY q.id DESC LIMIT ? OFFSET ?")


def quote_lines(db: sqlite_utils.Database, quote_id: int) -> list[LineRow]:
    """The lines of a quote version in their order."""
    return decoded(db.execute(
        "SELECT position, kind, description, item_position, quantity, unit_price, vat_rate, amount FROM quote_lines "
        "WHERE quote_id = ? ORDER BY position", [quote_id]), LineRow)


def insert_quote(db: sqlite_utils.Database, new: NewQuote, lines: Sequence[LineRow]) -> int:
    """Store a draft version with its lines; its row id."""
    cursor = db.conn.execute(
        "INSERT INTO quotes (dealer, request_id, number, version, status, lang, currency, validity_days, intro, "
        "terms, seller, buyer, subtotal, vat, total, vat_breakdown, created_by, created_at, updated_at) "
        "VALUES (:dealer, :request_id, :number, :version, 'draft', :lang, :currency, :validity_days, :intro, "
        ":terms, :seller, :buyer, :subtotal, :vat, :total, :vat_breakdown, :created_by, :at, :at)",
        msgspec.structs.asdict(new))
    quote_id = int(cursor.lastrowid or 0)
    write_lines(db, quote_id, lines)
    return quote_id


def write_lines(db: sqlite_utils.Database, quote_id: int, lines: Sequence[LineRow]) -> None:
    """Replace the lines of a quote version."""
    db.conn.execute("DELETE FROM quote_lines WHERE quote_id = ?", (quote_id,))
    db.conn.executemany(
        "INSERT INTO quote_lines (quote_id, position, kind, description, item_position, quantity, unit_price, "
        "vat_rate, amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(quote_id, x.position, x.kind, x.description, x.item_position, x.quantity, x.unit_price, x.vat_rate,
          x.amount) for x in lines])


def draft_update(db: sqlite_utils.Database, quote_id: int, *, validity_days: int, intro: str, terms: str,
                 subtotal: str, vat: str, total: str, vat_breakdown: str, at: str,
                 lines: Sequence[LineRow]) -> None:
    """Change a draft in place: its content, totals and lines."""
    db.conn.execute(
        "UPDATE quotes SET validity_days = ?, intro = ?, terms = ?, subtotal = ?, vat = ?, total = ?, "
        "vat_breakdown = ?, updated_at = ? WHERE id = ?",
        (validity_days, intro, terms, subtotal, vat, total, vat_breakdown, at, quote_id))
    write_lines(db, quote_id, lines)


def mark_sent(db: sqlite_utils.Database, dealer: str, number: str, quote_id: int, token_hash: str,
              valid_until: str, at: str) -> None:
    """``quote_id`` is sent with a fresh link; the other open versions of its number are superseded by it."""
    db.conn.execute("UPDATE quotes SET status = 'sent', token_hash = ?, valid_until = ?, sent_at = ?, "
                    "updated_at = ?, expiring_notified = 0 WHERE id = ?", (token_hash, valid_until, at, at, quote_id))
    db.conn.execute("UPDATE quotes SET status = 'superseded', superseded_by = ?, token_hash = NULL "
                    "WHERE dealer = ? AND number = ? AND id != ? AND status IN ('draft', 'sent', 'viewed')",
                    (quote_id, dealer, number, quote_id))


def mark_viewed(db: sqlite_utils.Database, quote_id: int, at: str) -> bool:
    """A sent quote becomes viewed; False when it was not (or no longer) sent."""
    return db.execute("UPDATE quotes SET status = 'viewed', viewed_at = ?, updated_at = ? "
                      "WHERE id = ? AND status = 'sent' RETURNING id", [at, at, quote_id]).fetchone() is not None


def retire_newer_drafts(db: sqlite_utils.Database, dealer: str, number: str, version: int, by_id: int) -> None:
    """Drafts newer than the answered ``version`` are superseded by it."""
    db.conn.execute("UPDATE quotes SET status = 'superseded', superseded_by = ? WHERE dealer = ? AND number = ? "
                    "AND version > ? AND status = 'draft'", (by_id, dealer, number, version))


def mark_accepted(db: sqlite_utils.Database, quote_id: int, name: str, at: str) -> None:
    """The homeowner accepted, signing with ``name``."""
    db.conn.execute("UPDATE quotes SET status = 'accepted', decided_at = ?, accepted_name = ?, updated_at = ? "
                    "WHERE id = ?", (at, name, at, quote_id))


def mark_declined(db: sqlite_utils.Database, quote_id: int, reason: str, at: str) -> None:
    """The homeowner declined, saying ``reason`` (maybe empty)."""
    db.conn.execute("UPDATE quotes SET status = 'declined', decided_at = ?, decline_reason = ?, updated_at = ? "
                    "WHERE id = ?", (at, reason, at, quote_id))


def clock_candidates(db: sqlite_utils.Database, last_day: str) -> list[ClockRow]:
    """Open quotes whose last valid day is ``last_day`` or earlier."""
    return decoded(db.execute("SELECT id, dealer, valid_until, expiring_notified FROM quotes "
                              "WHERE status IN ('sent', 'viewed') AND valid_until IS NOT NULL AND valid_until <= ?",
                              [last_day]), ClockRow)


def mark_expired(db: sqlite_utils.Database, quote_id: int, at: str) -> bool:
    """An open quote becomes expired; False when it was no longer open."""
    return db.execute("UPDATE quotes SET status = 'expired', updated_at = ? WHERE id = ? "
                      "AND status IN ('sent', 'viewed') RETURNING id", [at, quote_id]).fetchone() is not None


def mark_expiring_notified(db: sqlite_utils.Database, quote_id: int) -> bool:
    """Note that the expiring-soon notice went out; False when it already had."""
    return db.execute("UPDATE quotes SET expiring_notified = 1 WHERE id = ? AND expiring_notified = 0 "
                      "RETURNING id", [quote_id]).fetchone() is not None
