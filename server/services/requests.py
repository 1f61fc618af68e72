"""Quote requests as the dealer works them: list, detail, status changes and internal notes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

import msgspec
import sqlite_utils

from server.errors import ApiError, FieldError
from server.services.audit import now_iso
from server.services.paging import page_window, utc_text
from server.storage.activity import add_activity, set_request_status
from server.storage.db import write_transaction

__all__ = [
    "MAX_PER_PAGE", "STATUSES", "TRANSITIONS", "ItemDetail", "Note", "PrivacyRecord", "RequestDetail",
    "RequestFilter", "RequestPage", "RequestSummary", "StatusChange", "add_note", "change_status", "get_request",
    "all_references", "list_requests", "request_id",
]

Status = Literal["new", "contacted", "quoted", "won", "lost"]
STATUSES: tuple[Status, ...] = ("new", "contacted", "quoted", "won", "lost")
# Won is final; a lost request may be picked up again.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("contacted", "quoted", "lost"),
    "contacted": ("quoted", "won", "lost"),
    "quoted": ("contacted", "won", "lost"),
    "won": (),
    "lost": ("contacted",),
}
MAX_PER_PAGE = 100


class RequestFilter(msgspec.Struct, frozen=True, kw_only=True):
    """What the list shows: status, a date range (inclusive, UTC days), free text, the page."""

    status: Status | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None
    updated_since: datetime | None = None
    page: int = 1
    per_page: int = 25


class RequestSummary(msgspec.Struct, frozen=True, kw_only=True):
    """One row of the list."""

    reference: str
    created_at: str
    status: str
    name: str
    email: str
    company: str | None
    city: str
    items: int
    total: str
    currency: str
    updated_at: str = ""
    # Windows, not lines: the sum of the items' quantities (one line of 5 is 5 windows).
    windows: int = 0


class RequestPage(msgspec.Struct, frozen=True, kw_only=True):
    """One page of the list and where it sits."""

    requests: list[RequestSummary]
    total_count: int
    page: int
    pages: int
    per_page: int
    counts: dict[str, int]


class ItemDetail(msgspec.Struct, frozen=True, kw_only=True):
    """One window of a request: configuration, the price the homeowner saw, and the dealer-only explanation."""

    position: int
    configuration: dict[str, Any]
    note: str
    price: dict[str, Any]
    explanation: list[dict[str, Any]]
    subtotal: str
    vat: str
    total: str


class StatusChange(msgspec.Struct, frozen=True, kw_only=True):
    status: str
    actor: str
    at: str
    note: str


class Note(msgspec.Struct, frozen=True, kw_only=True):
    author: str
    body: str
    at: str


class PrivacyRecord(msgspec.Struct, frozen=True, kw_only=True):
    notice_url: str
    notice_version: str
    lang: str
    marketing_opt_in: bool
    recorded_at: str


class RequestDetail(msgspec.Struct, frozen=True, kw_only=True):
    """Everything about one request."""

    reference: str
    status: str
    allowed_statuses: list[str]
    created_at: str
    lang: str
    message: str
    contact_id: int
    contact: dict[str, Any]
    items: list[ItemDetail]
    subtotal: str
    vat: str
    total: str
    currency: str
    catalog_version: str
    privacy: PrivacyRecord | None
    history: list[StatusChange]
    notes: list[Note]
    # Stored at write, as the homeowner was shown them (requests before schema 8: empty).
    vat_breakdown: list[dict[str, str]] = []
    order_lines: list[dict[str, Any]] = []


# The last change of a request: created, a status change (with its comment), an internal note, or the
# erasure of its contact (which rewrote the request's contact copy, message and notes: a syncing client
# must fetch it again). Timestamps are stored as UTC ISO 8601 text of one format, so they compare as strings.
_UPDATED = ("max(r.created_at, coalesce((SELECT max(h.at) FROM status_history h WHERE h.request_id = r.id), ''), "
            "coalesce((SELECT max(n.at) FROM request_notes n WHERE n.request_id = r.id), ''), "
            "coalesce(c.erased_at, ''))")


def _where(dealer: str, flt: RequestFilter, with_status: bool = True) -> tuple[str, list[Any]]:
    clauses, args = ["r.dealer = ?"], [dealer]
    if with_status and flt.status:
        clauses.append("r.status = ?")
        args.append(flt.status)
    if flt.date_from:
        clauses.append("r.created_at >= ?")
        args.append(flt.date_from.isoformat())
    if flt.date_to:
        clauses.append("r.created_at < date(?, '+1 day')")
        args.append(flt.date_to.isoformat())
    if flt.updated_since is not None:
        clauses.append(f"{_UPDATED} >= ?")
        args.append(utc_text(flt.updated_since))
    if flt.q and flt.q.strip():
        like = "%" + flt.q.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")[:100] + "%"
        clauses.append("(lower(r.reference) LIKE ? ESCAPE '\\' OR lower(c.name) LIKE ? ESCAPE '\\' "
                       "OR lower(c.email) LIKE ? ESCAPE '\\' OR lower(coalesce(c.company, '')) LIKE ? ESCAPE '\\' "
                       "OR lower(c.city) LIKE ? ESCAPE '\\' OR lower(r.message) LIKE ? ESCAPE '\\')")
        args += [like] * 6
    return " AND ".join(clauses), args


_FROM = "FROM quote_requests r JOIN contacts c ON c.id = r.contact_id"


def list_requests(db: sqlite_utils.Database, dealer: str, flt: RequestFilter, clamp: bool = True) -> RequestPage:
    """Newest first, filtered, one page (at most :data:`MAX_PER_PAGE`); see :func:`page_window` for ``clamp``."""
    per_page = max(1, min(MAX_PER_PAGE, flt.per_page))
    where, args = _where(dealer, flt)
    total = int(db.execute(f"SELECT COUNT(*) {_FROM} WHERE {where}", args).fetchone()[0])
    page, pages, offset = page_window(flt.page, total, per_page, clamp)
    rows = db.execute(
        f"SELECT r.reference, r.created_at, r.status, c.name, c.email, c.company, c.city, "
        f"(SELECT COUNT(*) FROM quote_items i WHERE i.request_id = r.id), r.total, r.currency, {_UPDATED} AS u, "
        f"(SELECT coalesce(SUM(coalesce(json_extract(i.configuration, '$.quantity'), 1)), 0) "
        f"FROM quote_items i WHERE i.request_id = r.id) "
        f"{_FROM} WHERE {where} ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?",
        [*args, per_page, offset]).fetchall()
    where_all, args_all = _where(dealer, flt, with_status=False)
    counts: dict[str, int] = dict.fromkeys(STATUSES, 0)
    for status, n in db.execute(f"SELECT r.status, COUNT(*) {_FROM} WHERE {where_all} GROUP BY r.status",
                                args_all).fetchall():
        counts[status] = int(n)
    return RequestPage(
        requests=[RequestSummary(reference=r[0], created_at=r[1], status=r[2], name=r[3], email=r[4], company=r[5],
                                 city=r[6], items=int(r[7]), total=r[8], currency=r[9], updated_at=r[10],
                                 windows=int(r[11]))
                  for r in rows],
        total_count=total, page=page, pages=pages, per_page=per_page, counts=counts)


def all_references(db: sqlite_utils.Database, dealer: str, flt: RequestFilter, limit: int = 100_000) -> list[str]:
    """Every reference the filter selects, newest first (for exports, not paginated)."""
    where, args = _where(dealer, flt)
    rows = db.execute(f"SELECT r.reference {_FROM} WHERE {where} ORDER BY r.created_at DESC, r.id DESC LIMIT ?",
                      [*args, limit]).fetchall()
    return [r[0] for r in rows]


def request_id(db: sqlite_utils.Database, dealer: str, reference: str) -> int:
    """The row id of ``reference`` of ``dealer``; 404 when missing or another dealer's (the same answer)."""
    row = db.execute("SELECT id FROM quote_requests WHERE dealer = ? AND reference = ?",
                     [dealer, reference[:64]]).fetchone()
    if row is None:
        raise ApiError(404, f"No request {reference[:64]}")
    return int(row[0])


def get_request(db: sqlite_utils.Database, dealer: str, reference: str) -> RequestDetail:
    """One request of ``dealer`` with items, prices, contact, privacy, history and notes; 404 otherwise."""
    rid = request_id(db, dealer, reference)
    r = db.execute("SELECT reference, status, created_at, lang, message, contact_id, contact_json, subtotal, vat, "
                   "total, currency, catalog_version, vat_breakdown, order_lines FROM quote_requests WHERE id = ?",
                   [rid]).fetchone()
    items = [ItemDetail(position=i[0], configuration=msgspec.json.decode(i[1]), note=i[2],
                        price=msgspec.json.decode(i[3]), explanation=msgspec.json.decode(i[4]), subtotal=i[5],
                        vat=i[6], total=i[7])
             for i in db.execute("SELECT position, configuration, note, price, explanation, subtotal, vat, total "
                                 "FROM quote_items WHERE request_id = ? ORDER BY position", [rid]).fetchall()]
    p = db.execute("SELECT notice_url, notice_version, lang, marketing_opt_in, recorded_at FROM privacy_records "
                   "WHERE request_id = ?", [rid]).fetchone()
    history = [StatusChange(status=h[0], actor=h[1], at=h[2], note=h[3]) for h in db.execute(
        "SELECT status, actor, at, note FROM status_history WHERE request_id = ? ORDER BY id", [rid]).fetchall()]
    notes = [Note(author=n[0], body=n[1], at=n[2]) for n in db.execute(
        "SELECT author, body, at FROM request_notes WHERE request_id = ? ORDER BY id", [rid]).fetchall()]
    return RequestDetail(
        reference=r[0], status=r[1], allowed_statuses=list(TRANSITIONS.get(r[1], ())), created_at=r[2], lang=r[3],
        message=r[4], contact_id=int(r[5]), contact=msgspec.json.decode(r[6]), items=items, subtotal=r[7], vat=r[8],
        total=r[9], currency=r[10], catalog_version=r[11],
        privacy=PrivacyRecord(notice_url=p[0], notice_version=p[1], lang=p[2], marketing_opt_in=bool(p[3]),
                              recorded_at=p[4]) if p else None,
        history=history, notes=notes, vat_breakdown=msgspec.json.decode(r[12]),
        order_lines=msgspec.json.decode(r[13]))


def change_status(db: sqlite_utils.Database, dealer: str, reference: str, status: str, actor: str,
                  note: str = "") -> RequestDetail:
    """Move a request to ``status``; 422 for an unknown status, 409 for an impossible transition."""
    if status not in STATUSES:
        raise ApiError(422, "Unknown status", [FieldError(field="status",
                                                         message=f"Expected one of {', '.join(STATUSES)}")])
    with write_transaction(db):
        rid = request_id(db, dealer, reference)
        current, contact_id = db.execute("SELECT status, contact_id FROM quote_requests WHERE id = ?",
                                         [rid]).fetchone()
        if status not in TRANSITIONS[current]:
            allowed = ", ".join(TRANSITIONS[current]) or "none: it is final"
            raise ApiError(409, f"A {current} request cannot become {status}",
                           [FieldError(field="status", message=f"From {current} the request can become: {allowed}")])
        at = now_iso()
        set_request_status(db, rid, status, note, actor, at)
        add_activity(db, dealer, "status", f"{reference}: {current} → {status}", actor, at, contact_id=contact_id,
                     request_id=rid)
    return get_request(db, dealer, reference)


def add_note(db: sqlite_utils.Database, dealer: str, reference: str, body: str, actor: str) -> RequestDetail:
    """Add an internal note (never shown to the homeowner); 422 when empty or over 2000 characters."""
    text = body.strip()
    if not text or len(text) > 2000:
        raise ApiError(422, "The note is empty or too long", [FieldError(field="note", message="1 to 2000 characters")])
    with write_transaction(db):
        rid = request_id(db, dealer, reference)
        contact_id = db.execute("SELECT contact_id FROM quote_requests WHERE id = ?", [rid]).fetchone()[0]
        at = now_iso()
        db.conn.execute("INSERT INTO request_notes (request_id, author, body, at) VALUES (?, ?, ?, ?)",
                        (rid, actor[:200], text, at))
        add_activity(db, dealer, "note", text, actor, at, contact_id=contact_id, request_id=rid)
    return get_request(db, dealer, reference)
