"""Quote requests as the dealer works them: list, detail, status changes and internal notes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

import msgspec
import sqlite_utils

from server.i18n.zones import DEFAULT_ZONE, day_start_utc, next_day
from server.services.audit import now_iso
from server.services.errors import Conflict, FieldProblem, Invalid, NotFound
from server.services.paging import page_window, utc_text
from server.storage import dealer_requests as store
from server.storage.activity import add_activity, set_request_status
from server.storage.db import write_transaction
from server.storage.dealer_requests import RequestWhere
from server.storage.requests import ContactCopy

__all__ = ["DEFAULT_ZONE", "ContactCopy", "ItemDetail", "MAX_PER_PAGE", "Note", "PriceStep", "PrivacyRecord",
           "RequestDetail", "RequestFilter", "RequestPage", "RequestSummary", "STATUSES", "StatusChange", "TRANSITIONS",
           "add_note",
           "all_references", "change_status", "get_request", "has_requests", "list_requests", "request_id"]

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
    """What the list shows: status, a date range (inclusive, days in the dealer's ``time_zone``), text, the page."""

    status: Status | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None
    updated_since: datetime | None = None
    page: int = 1
    per_page: int = 25
    # The dealer's IANA zone: a request made at 23:30 UTC on 30 Nov is on 1 Dec in Amsterdam.
    time_zone: str = DEFAULT_ZONE


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


class PriceStep(msgspec.Struct, frozen=True, kw_only=True):
    """How one line of an item's price was made (dealer only): its code, label and formula."""

    code: str
    label: str
    formula: str


class ItemDetail(msgspec.Struct, frozen=True, kw_only=True):
    """One window of a request: configuration, the price the homeowner saw, and the dealer-only explanation."""

    position: int
    configuration: dict[str, Any]
    note: str
    price: dict[str, Any]
    explanation: list[PriceStep]
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
    contact: ContactCopy
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


def _day_start(day: date, time_zone: str) -> str:
    """Where ``day`` begins in the dealer's zone, as stored UTC text (comparable with ``created_at``)."""
    return utc_text(day_start_utc(day, time_zone))


def _where(dealer: str, flt: RequestFilter, with_status: bool = True) -> RequestWhere:
    return RequestWhere(dealer, status=flt.status if with_status else None,
                        created_from=_day_start(flt.date_from, flt.time_zone) if flt.date_from else None,
                        created_before=_day_start(next_day(flt.date_to), flt.time_zone) if flt.date_to else None,
                        updated_since=utc_text(flt.updated_since) if flt.updated_since is not None else None,
                        q=flt.q)


def list_requests(db: sqlite_utils.Database, dealer: str, flt: RequestFilter, clamp: bool = True) -> RequestPage:
    """Newest first, filtered, one page (at most :data:`MAX_PER_PAGE`); see :func:`page_window` for ``clamp``."""
    per_page = max(1, min(MAX_PER_PAGE, flt.per_page))
    where = _where(dealer, flt)
    total = store.count_requests(db, where)
    page, pages, offset = page_window(flt.page, total, per_page, clamp)
    rows = list(store.page_rows(db, where, per_page, offset))
    counts: dict[str, int] = dict.fromkeys(STATUSES, 0) | store.status_counts(db, _where(dealer, flt, False))
    return RequestPage(requests=msgspec.convert(rows, list[RequestSummary], strict=False), total_count=total, page=page,
                       pages=pages, per_page=per_page, counts=counts)


def all_references(db: sqlite_utils.Database, dealer: str, flt: RequestFilter, limit: int = 100_000) -> list[str]:
    """Every reference the filter selects, newest first (for exports, not paginated)."""
    return store.references(db, _where(dealer, flt), limit)


def has_requests(db: sqlite_utils.Database, dealer: str) -> bool:
    """True when ``dealer`` has any request at all (an empty list then means: nothing matches the filter)."""
    return store.any_request(db, dealer)


def request_id(db: sqlite_utils.Database, dealer: str, reference: str) -> int:
    """The row id of ``reference`` of ``dealer``; not found when missing or another dealer's (the same answer)."""
    rid = store.find_request_id(db, dealer, reference[:64])
    if rid is None:
        raise NotFound("request.not_found", {"reference": reference[:64]})
    return rid


def _json(row: dict[str, Any], *names: str) -> dict[str, Any]:
    # The JSON columns are stored as text: decoded here, by name.
    return {**row, **{name: msgspec.json.decode(row[name]) for name in names}}


def get_request(db: sqlite_utils.Database, dealer: str, reference: str) -> RequestDetail:
    """One request of ``dealer`` with items, prices, contact, privacy, history and notes; not found otherwise."""
    rid = request_id(db, dealer, reference)
    r = _json(store.request_row(db, rid), "contact_json", "vat_breakdown", "order_lines")
    items = [_json(i, "configuration", "price", "explanation") for i in store.item_rows(db, rid)]
    privacy = store.privacy_row(db, rid)
    return msgspec.convert({
        **r, "contact": r.pop("contact_json"), "allowed_statuses": list(TRANSITIONS.get(r["status"], ())),
        "items": items, "privacy": privacy, "history": list(store.history_rows(db, rid)),
        "notes": list(store.note_rows(db, rid))}, RequestDetail, strict=False)


def change_status(db: sqlite_utils.Database, dealer: str, reference: str, status: str, actor: str,
                  note: str = "") -> RequestDetail:
    """Move a request to ``status``; :class:`Invalid` for an unknown one, :class:`Conflict` for an impossible move."""
    if status not in STATUSES:
        raise Invalid([FieldProblem(field="status", code="request.status.expected",
                                    params={"expected": ", ".join(STATUSES)})], code="request.status.unknown")
    with write_transaction(db):
        rid = request_id(db, dealer, reference)
        state = store.request_state(db, rid)
        current, contact_id = state.status, state.contact_id
        if status not in TRANSITIONS[current]:
            allowed = TRANSITIONS[current]
            problem = (FieldProblem(field="status", code="request.status.allowed",
                                    params={"current": current, "allowed": ", ".join(allowed)}) if allowed
                       else FieldProblem(field="status", code="request.status.final", params={"current": current}))
            raise Conflict("request.status.transition", {"current": current, "status": status}, [problem])
        at = now_iso()
        set_request_status(db, rid, status, note, actor, at)
        add_activity(db, dealer, "status", f"{reference}: {current} → {status}", actor, at, contact_id=contact_id,
                     request_id=rid)
    return get_request(db, dealer, reference)


def add_note(db: sqlite_utils.Database, dealer: str, reference: str, body: str, actor: str) -> RequestDetail:
    """Add an internal note (never shown to the homeowner); :class:`Invalid` when empty or over 2000 characters."""
    text = body.strip()
    if not text or len(text) > 2000:
        raise Invalid([FieldProblem(field="note", code="request.note.length", params={"min": 1, "max": 2000})],
                      code="request.note.invalid")
    with write_transaction(db):
        rid = request_id(db, dealer, reference)
        contact_id = store.request_state(db, rid).contact_id
        at = now_iso()
        store.add_note(db, rid, actor, text, at)
        add_activity(db, dealer, "note", text, actor, at, contact_id=contact_id, request_id=rid)
    return get_request(db, dealer, reference)
