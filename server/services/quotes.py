"""Formal quotes (offers) made from quote requests: lines, versions, sending, the homeowner's answer, expiry.

Numbers are per dealer and year without gaps (``Q-2026-0042``), given when a quote is
made; a quote is never deleted. Editing a sent quote makes a new version with the same
number and keeps the old one; sending the new version supersedes the old. The
homeowner's link carries a random token that is stored only as its SHA-256 hash.

Money: each line's amount is quantity x unit price (excl. VAT), rounded once, half up, to
cents; VAT is computed per rate over the quote and rounded once per rate, as Dutch
invoices state it. Totals are never negative.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

import msgspec
import sqlite_utils

from server.engine.document import document_totals, rate_text
from server.engine.evaluate import VatRow  # one shape of VAT per rate: evaluate, lists, requests, quotes
from server.engine.i18n import pick
from server.engine.money import fmt, round_cents
from server.errors import ApiError, FieldError
from server.services.audit import now_iso, record
from server.services.catalogs import LoadedCatalog
from server.services.inputs import Input
from server.services.paging import page_window
from server.services.requests import TRANSITIONS, get_request, request_id
from server.storage.activity import add_activity, set_request_status
from server.storage.db import write_transaction
from server.storage.outbox import enqueue
from server.storage.requests import next_number
from server.text_rules import control_error, multiline

__all__ = [
    "QUOTE_STATUSES", "Quote", "QuoteIn", "QuoteLine", "QuoteLineIn", "QuotePage", "VatRow", "accept_quote",
    "checked_lines",
    "create_quote", "decline_quote", "get_quote", "list_quotes", "open_quote", "prefill", "quote_by_id",
    "quote_by_token", "versions",
    "run_quote_clock", "send_quote", "status_on", "totals", "update_quote",
]

QUOTE_STATUSES = ("draft", "sent", "viewed", "accepted", "declined", "expired", "superseded")
LineKind = Literal["item", "installation", "discount", "text", "other"]
_HUNDRED = Decimal(100)
EXPIRING_SOON_DAYS = 3


class QuoteLineIn(Input, frozen=True, kw_only=True):
    """One line as the dealer writes it; amounts are excl. VAT, as decimal strings."""

    kind: LineKind = "other"
    description: Annotated[str, msgspec.Meta(max_length=500)]
    quantity: Annotated[str, msgspec.Meta(max_length=20)] = "1"
    unit_price: Annotated[str, msgspec.Meta(max_length=20)] = "0"
    vat_rate: Annotated[str, msgspec.Meta(max_length=6)] = "21"
    item_position: int | None = None


class QuoteIn(Input, frozen=True, kw_only=True):
    """A quote's editable content."""

    lines: Annotated[list[QuoteLineIn], msgspec.Meta(max_length=200)]
    validity_days: Annotated[int, msgspec.Meta(ge=1, le=365)] | None = None
    intro: Annotated[str, msgspec.Meta(max_length=2000)] = ""
    terms: Annotated[str, msgspec.Meta(max_length=5000)] | None = None


class QuoteLine(msgspec.Struct, frozen=True, kw_only=True):
    position: int
    kind: str
    description: str
    item_position: int | None
    quantity: str
    unit_price: str
    vat_rate: str
    amount: str


class Quote(msgspec.Struct, frozen=True, kw_only=True):
    """A quote version as the dealer and the homeowner see it."""

    id: int
    number: str
    version: int
    status: str
    reference: str
    lang: str
    currency: str
    lines: list[QuoteLine]
    subtotal: str
    vat: str
    total: str
    vat_breakdown: list[VatRow]
    validity_days: int
    valid_until: str | None
    intro: str
    terms: str
    seller: dict[str, Any]
    buyer: dict[str, Any]
    created_by: str
    created_at: str
    updated_at: str
    sent_at: str | None
    viewed_at: str | None
    decided_at: str | None
    accepted_name: str | None
    decline_reason: str | None
    superseded_by: int | None
    link: str | None = None


class QuotePage(msgspec.Struct, frozen=True, kw_only=True):
    quotes: list[Quote]
    total_count: int
    page: int
    pages: int


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _decimal(text: str, field: str, errors: list[FieldError], *, places: int = 2) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except (InvalidOperation, AttributeError):
        errors.append(FieldError(field=field, message="Expected a number such as 12.50"))
        return Decimal(0)
    exponent = value.as_tuple().exponent  # "n", "N" or "F" for NaN and infinity, else an int
    if not isinstance(exponent, int) or exponent < -places or abs(value) >= Decimal("1e9"):
        errors.append(FieldError(field=field, message=f"Expected a number with at most {places} decimals"))
        return Decimal(0)
    return value


def totals(lines: list[QuoteLine]) -> tuple[Decimal, Decimal, Decimal, list[VatRow]]:
    """Subtotal, VAT and total of ``lines`` by the document rule (VAT per rate, rounded once per rate)."""
    doc = document_totals((Decimal(x.amount), Decimal(x.vat_rate)) for x in lines if x.kind != "text")
    rows = [VatRow(rate=rate_text(s.rate), base=fmt(s.base), vat=fmt(s.vat)) for s in doc.breakdown]
    return doc.subtotal, doc.vat, doc.total, rows


def _refuse_controls(text: str, field: str, errors: list[FieldError]) -> None:
    """Control characters in a dealer's text would reach the PDF and the invoice's XML: refused."""
    error = control_error(text, field, lines=True)
    if error is not None:
        errors.append(error)


def checked_lines(body: QuoteIn, items: int) -> list[QuoteLine]:
    """Checked lines with their amounts; 422 naming every bad field at once."""
    errors: list[FieldError] = []
    if not body.lines:
        errors.append(FieldError(field="lines", message="A quote needs at least one line"))
    lines = []
    for name, value in (("intro", body.intro), ("terms", body.terms or "")):
        _refuse_controls(multiline(value), name, errors)
    for i, line in enumerate(body.lines):
        where = f"lines[{i}]"
        description = multiline(line.description).strip()
        if not description:
            errors.append(FieldError(field=f"{where}.description", message="Required"))
        _refuse_controls(description, f"{where}.description", errors)
        quantity = _decimal(line.quantity, f"{where}.quantity", errors)
        unit = _decimal(line.unit_price, f"{where}.unit_price", errors)
        rate = _decimal(line.vat_rate, f"{where}.vat_rate", errors)
        if not Decimal(0) <= rate <= _HUNDRED:
            errors.append(FieldError(field=f"{where}.vat_rate", message="Expected 0 to 100"))
        if line.kind != "text" and quantity <= 0:
            errors.append(FieldError(field=f"{where}.quantity", message="Expected more than 0"))
        if line.kind == "discount" and unit > 0:
            unit = -unit  # a discount is written as an amount off
        if line.kind not in ("discount",) and unit < 0:
            errors.append(FieldError(field=f"{where}.unit_price", message="Only a discount line may be negative"))
        if line.item_position is not None and not 1 <= line.item_position <= items:
            errors.append(FieldError(field=f"{where}.item_position", message=f"Expected 1 to {items}"))
        amount = Decimal(0) if line.kind == "text" else round_cents(quantity * unit)
        lines.append(QuoteLine(
            position=i + 1, kind=line.kind, description=description, item_position=line.item_position,
            quantity=format(quantity.normalize(), "f") if line.kind != "text" else "0",
            unit_price=fmt(unit) if line.kind != "text" else "0.00", vat_rate=rate_text(rate),
            amount=fmt(amount)))
    if not errors and totals(lines)[2] < 0:
        errors.append(FieldError(field="lines", message="The total may not be negative"))
    if errors:
        raise ApiError(422, "The quote has errors", errors)
    return lines


def prefill(loaded: LoadedCatalog, db: sqlite_utils.Database, dealer: str, reference: str) -> QuoteIn:
    """Lines from the request's items as the server priced them: one per item and VAT rate, excl. VAT."""
    detail = get_request(db, dealer, reference)
    lang = detail.lang
    lines: list[QuoteLineIn] = []
    for item in detail.items:
        config = item.configuration
        product = loaded.catalog.product(config.get("product", ""))
        title = pick(product.label, lang) if product else str(config.get("product"))
        quantity = int(config.get("quantity") or 1)
        by_rate: dict[str, list[dict[str, Any]]] = {}
        for line in item.price.get("lines", []):
            by_rate.setdefault(line["vat_rate"], []).append(line)
        main_rate = max(by_rate, key=lambda r: sum(Decimal(x["amount"]) for x in by_rate[r]), default="21")
        for rate, group in sorted(by_rate.items(), key=lambda kv: kv[0] != main_rate):
            excl = sum((Decimal(x["amount"]) for x in group), Decimal(0))  # price lines are excl. VAT
            if rate == main_rate:
                text = f"{title}, {config.get('width_mm')} x {config.get('height_mm')} mm"
                if item.note:
                    text += f" ({item.note})"
            else:
                text = ", ".join(x["label"] for x in group)
            kind: LineKind = "item" if rate == main_rate else "installation"
            lines.append(QuoteLineIn(kind=kind, description=text[:500], quantity=str(quantity),
                                     unit_price=fmt(round_cents(excl / quantity)), vat_rate=rate,
                                     item_position=item.position))
    for fee in detail.order_lines:  # once per order (delivery, ...): one line each, for no one window
        lines.append(QuoteLineIn(kind="other", description=fee["label"][:500], quantity="1",
                                 unit_price=fee["amount"], vat_rate=fee["vat_rate"]))
    legal = loaded.catalog.dealer.legal
    return QuoteIn(lines=lines, validity_days=legal.validity_days, intro="", terms=legal.terms)


def _seller(loaded: LoadedCatalog) -> dict[str, Any]:
    dealer = loaded.catalog.dealer
    legal = dealer.legal
    return {"name": dealer.name, "address": legal.address, "street": legal.street, "postcode": legal.postcode,
            "city": legal.city, "country": legal.country, "vat_number": legal.vat_number,
            "coc_number": legal.coc_number, "iban": legal.iban, "email": legal.email, "phone": legal.phone,
            "accent_colour": dealer.accent_colour, "logo_url": dealer.logo_url}


def _buyer(contact: dict[str, Any]) -> dict[str, Any]:
    keys = ("name", "company", "email", "phone", "street", "house_number", "postcode", "city", "country")
    return {k: contact.get(k) or "" for k in keys}


_COLUMNS = ("q.id, q.number, q.version, q.status, r.reference, q.lang, q.currency, q.subtotal, q.vat, q.total, "
            "q.vat_breakdown, q.validity_days, q.valid_until, q.intro, q.terms, q.seller, q.buyer, q.created_by, "
            "q.created_at, q.updated_at, q.sent_at, q.viewed_at, q.decided_at, q.accepted_name, q.decline_reason, "
            "q.superseded_by")
_FROM = "FROM quotes q JOIN quote_requests r ON r.id = q.request_id"


def _quote(db: sqlite_utils.Database, row: tuple, link: str | None = None) -> Quote:
    lines = [QuoteLine(position=x[0], kind=x[1], description=x[2], item_position=x[3], quantity=x[4],
                       unit_price=x[5], vat_rate=x[6], amount=x[7]) for x in db.execute(
        "SELECT position, kind, description, item_position, quantity, unit_price, vat_rate, amount FROM quote_lines "
        "WHERE quote_id = ? ORDER BY position", [row[0]]).fetchall()]
    return Quote(id=row[0], number=row[1], version=row[2], status=row[3], reference=row[4], lang=row[5],
                 currency=row[6], lines=lines, subtotal=row[7], vat=row[8], total=row[9],
                 vat_breakdown=msgspec.json.decode(row[10], type=list[VatRow]), validity_days=row[11],
                 valid_until=row[12], intro=row[13], terms=row[14], seller=msgspec.json.decode(row[15]),
                 buyer=msgspec.json.decode(row[16]), created_by=row[17], created_at=row[18], updated_at=row[19],
                 sent_at=row[20], viewed_at=row[21], decided_at=row[22], accepted_name=row[23],
                 decline_reason=row[24], superseded_by=row[25], link=link)


def get_quote(db: sqlite_utils.Database, dealer: str, number: str, version: int | None = None) -> Quote:
    """A quote of ``dealer``: its current version (the newest not superseded) unless ``version``.

    404 when missing or another dealer's.
    """
    sql = f"SELECT {_COLUMNS} {_FROM} WHERE q.dealer = ? AND q.number = ?"
    args: list[Any] = [dealer, number[:40]]
    if version is not None:
        sql += " AND q.version = ?"
        args.append(version)
    row = db.execute(sql + " ORDER BY q.status = 'superseded', q.version DESC LIMIT 1", args).fetchone()
    if row is None:
        raise ApiError(404, f"No quote {number[:40]}" + (f" version {version}" if version else ""))
    return _quote(db, row)


def quote_by_id(db: sqlite_utils.Database, dealer: str, quote_id: int) -> Quote | None:
    """A quote version by its row id (for the outbox worker), or None."""
    row = db.execute(f"SELECT {_COLUMNS} {_FROM} WHERE q.dealer = ? AND q.id = ?", [dealer, quote_id]).fetchone()
    return _quote(db, row) if row else None


def versions(db: sqlite_utils.Database, dealer: str, number: str) -> list[Quote]:
    """Every version of a quote, oldest first."""
    rows = db.execute(f"SELECT {_COLUMNS} {_FROM} WHERE q.dealer = ? AND q.number = ? ORDER BY q.version",
                      [dealer, number[:40]]).fetchall()
    return [_quote(db, r) for r in rows]


def list_quotes(db: sqlite_utils.Database, dealer: str, status: str | None = None, reference: str | None = None,
                page: int = 1, per_page: int = 50, clamp: bool = True) -> QuotePage:
    """The current version of each quote (as :func:`get_quote` picks it), newest first."""
    per_page = max(1, min(100, per_page))
    where = ("q.dealer = ? AND q.id = (SELECT c.id FROM quotes c WHERE c.dealer = q.dealer AND c.number = q.number "
             "ORDER BY c.status = 'superseded', c.version DESC LIMIT 1)")
    args: list[Any] = [dealer]
    if status:
        where += " AND q.status = ?"
        args.append(status)
    if reference:
        where += " AND r.reference = ?"
        args.append(reference[:64])
    total = int(db.execute(f"SELECT COUNT(*) {_FROM} WHERE {where}", args).fetchone()[0])
    page, pages, offset = page_window(page, total, per_page, clamp)
    rows = db.execute(f"SELECT {_COLUMNS} {_FROM} WHERE {where} ORDER BY q.id DESC LIMIT ? OFFSET ?",
                      [*args, per_page, offset]).fetchall()
    return QuotePage(quotes=[_quote(db, r) for r in rows], total_count=total, page=page, pages=pages)


def _event(db: sqlite_utils.Database, loaded: LoadedCatalog, quote_id: int, event: str, now: float,
           emails: Sequence[tuple[str, list[str], dict[str, Any]]] = ()) -> None:
    """Queue the webhook for ``event`` (when the dealer has one) and any e-mails, in the caller's transaction."""
    event_id = str(uuid.uuid4())
    dealer = loaded.catalog.dealer
    if dealer.webhook_url:
        enqueue(db, loaded.slug, "webhook", event, event_id, {"url": dealer.webhook_url, "quote_id": quote_id}, now)
    for template, to, extra in emails:
        if to:
            enqueue(db, loaded.slug, "email", event, event_id,
                    {"template": template, "to": to, "quote_id": quote_id, **extra}, now)


def _insert(db: sqlite_utils.Database, dealer: str, request_row: int, number: str, version: int, lang: str,
            currency: str, body: QuoteIn, lines: list[QuoteLine], seller: dict[str, Any], buyer: dict[str, Any],
            validity: int, terms: str, actor: str) -> int:
    subtotal, vat, total, rows = totals(lines)
    at = now_iso()
    cursor = db.conn.execute(
        "INSERT INTO quotes (dealer, request_id, number, version, status, lang, currency, validity_days, intro, "
        "terms, seller, buyer, subtotal, vat, total, vat_breakdown, created_by, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (dealer, request_row, number, version, lang, currency, validity, body.intro.strip(), terms,
         msgspec.json.encode(seller).decode(), msgspec.json.encode(buyer).decode(), fmt(subtotal), fmt(vat),
         fmt(total), msgspec.json.encode(rows).decode(), actor[:200], at, at))
    quote_id = int(cursor.lastrowid or 0)
    _write_lines(db, quote_id, lines)
    return quote_id


def _write_lines(db: sqlite_utils.Database, quote_id: int, lines: list[QuoteLine]) -> None:
    db.conn.execute("DELETE FROM quote_lines WHERE quote_id = ?", (quote_id,))
    db.conn.executemany(
        "INSERT INTO quote_lines (quote_id, position, kind, description, item_position, quantity, unit_price, "
        "vat_rate, amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(quote_id, x.position, x.kind, x.description, x.item_position, x.quantity, x.unit_price, x.vat_rate,
          x.amount) for x in lines])


def create_quote(db: sqlite_utils.Database, loaded: LoadedCatalog, reference: str, actor: str,
                 body: QuoteIn | None = None, now: float | None = None) -> Quote:
    """A draft quote for a request, prefilled from its priced items unless ``body`` is given."""
    dealer = loaded.slug
    content = body or prefill(loaded, db, dealer, reference)
    detail = get_request(db, dealer, reference)
    lines = checked_lines(content, len(detail.items))
    legal = loaded.catalog.dealer.legal
    moment = datetime.now(UTC).timestamp() if now is None else now
    with write_transaction(db):
        rid = request_id(db, dealer, reference)
        year = datetime.fromtimestamp(moment, UTC).year
        number = f"Q-{year}-{next_number(db, dealer, 'quote', year):04d}"
        quote_id = _insert(db, dealer, rid, number, 1, detail.lang, detail.currency, content, lines,
                           _seller(loaded), _buyer(detail.contact), content.validity_days or legal.validity_days,
                           legal.terms if content.terms is None else content.terms.strip(), actor)
        _event(db, loaded, quote_id, "quote.created", moment)
        record(db, dealer, actor, "quote.create", number, reference)
    return get_quote(db, dealer, number)


def update_quote(db: sqlite_utils.Database, loaded: LoadedCatalog, number: str, body: QuoteIn, actor: str) -> Quote:
    """Edit a draft in place; editing a sent or viewed quote makes a new draft version. 409 once decided."""
    dealer = loaded.slug
    current = get_quote(db, dealer, number)
    detail = get_request(db, dealer, current.reference)
    lines = checked_lines(body, len(detail.items))
    validity = body.validity_days or current.validity_days
    terms = current.terms if body.terms is None else body.terms.strip()
    with write_transaction(db):
        latest = get_quote(db, dealer, number)
        if latest.status == "draft":
            subtotal, vat, total, rows = totals(lines)
            db.conn.execute(
                "UPDATE quotes SET validity_days = ?, intro = ?, terms = ?, subtotal = ?, vat = ?, total = ?, "
                "vat_breakdown = ?, updated_at = ? WHERE id = ?",
                (validity, body.intro.strip(), terms, fmt(subtotal), fmt(vat), fmt(total),
                 msgspec.json.encode(rows).decode(), now_iso(), latest.id))
            _write_lines(db, latest.id, lines)
        elif latest.status in ("sent", "viewed"):
            rid = request_id(db, dealer, latest.reference)
            _insert(db, dealer, rid, number, latest.version + 1, latest.lang, latest.currency, body, lines,
                    latest.seller, latest.buyer, validity, terms, actor)
        else:
            raise ApiError(409, f"A quote that is {latest.status} cannot be changed")
        record(db, dealer, actor, "quote.edit", number)
    return get_quote(db, dealer, number)


def send_quote(db: sqlite_utils.Database, loaded: LoadedCatalog, number: str, actor: str, base_url: str,
               now: float | None = None) -> Quote:
    """Send the latest version: a fresh link, the validity from today, an e-mail to the homeowner.

    Earlier sent versions are superseded; the request becomes ``quoted`` where its status allows.
    The answer carries the link once (only its hash is stored).
    """
    dealer = loaded.slug
    moment = datetime.now(UTC).timestamp() if now is None else now
    today = datetime.fromtimestamp(moment, UTC).date()
    token = secrets.token_urlsafe(32)
    link = f"{base_url.rstrip('/')}/q/{token}"
    with write_transaction(db):
        latest = get_quote(db, dealer, number)
        if latest.status not in ("draft", "sent", "viewed"):
            raise ApiError(409, f"A quote that is {latest.status} cannot be sent")
        if not latest.buyer.get("email"):
            raise ApiError(409, "The homeowner has no e-mail address (erased?)")
        valid_until = (today + timedelta(days=latest.validity_days)).isoformat()
        at = datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")
        db.conn.execute("UPDATE quotes SET status = 'sent', token_hash = ?, valid_until = ?, sent_at = ?, "
                        "updated_at = ?, expiring_notified = 0 WHERE id = ?",
                        (_hash(token), valid_until, at, at, latest.id))
        db.conn.execute("UPDATE quotes SET status = 'superseded', superseded_by = ?, token_hash = NULL "
                        "WHERE dealer = ? AND number = ? AND id != ? AND status IN ('draft', 'sent', 'viewed')",
                        (latest.id, dealer, number, latest.id))
        rid = request_id(db, dealer, latest.reference)
        status, contact_id = db.execute("SELECT status, contact_id FROM quote_requests WHERE id = ?",
                                        [rid]).fetchone()
        if status != "quoted" and "quoted" in TRANSITIONS.get(status, ()):
            set_request_status(db, rid, "quoted", f"quote {number} sent", actor, at)
        add_activity(db, dealer, "quote", f"{number} v{latest.version} sent", actor, at, contact_id=contact_id,
                     request_id=rid)
        _event(db, loaded, latest.id, "quote.sent", moment,
               [("quote_sent", [latest.buyer["email"]], {"link": link})])
        record(db, dealer, actor, "quote.send", number, f"version {latest.version}")
    return msgspec.structs.replace(get_quote(db, dealer, number), link=link)


def quote_by_token(db: sqlite_utils.Database, token: str) -> tuple[str, Quote] | None:
    """The quote a homeowner's link opens, with its dealer; None for an unknown or replaced link."""
    if not token or len(token) > 100:
        return None
    row = db.execute(f"SELECT q.dealer, {_COLUMNS} {_FROM} WHERE q.token_hash = ?", [_hash(token)]).fetchone()
    if row is None:
        return None
    return row[0], _quote(db, row[1:])


def open_quote(db: sqlite_utils.Database, loaded: LoadedCatalog, quote: Quote, now: float | None = None) -> Quote:
    """The homeowner opened the link: the first time, a sent quote becomes viewed."""
    if quote.status != "sent":
        return quote
    moment = datetime.now(UTC).timestamp() if now is None else now
    at = datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")
    with write_transaction(db):
        changed = db.execute("UPDATE quotes SET status = 'viewed', viewed_at = ?, updated_at = ? "
                             "WHERE id = ? AND status = 'sent' RETURNING id", [at, at, quote.id]).fetchone()
        if changed:
            _event(db, loaded, quote.id, "quote.viewed", moment)
    return get_quote(db, loaded.slug, quote.number, quote.version)


def status_on(quote: Quote, today: date) -> str:
    """The quote's status as of ``today``: an open quote past its last valid day is expired,
    even before the clock has marked it so."""
    if quote.status in ("sent", "viewed") and quote.valid_until and date.fromisoformat(quote.valid_until) < today:
        return "expired"
    return quote.status


def _decide(db: sqlite_utils.Database, loaded: LoadedCatalog, quote: Quote, now: float | None) -> tuple[float, str]:
    moment = datetime.now(UTC).timestamp() if now is None else now
    today = datetime.fromtimestamp(moment, UTC).date()
    if quote.status in ("accepted", "declined"):
        raise ApiError(409, f"This quote was already {quote.status}")
    if status_on(quote, today) == "expired":
        raise ApiError(409, "This quote has expired; ask the dealer for a new one")
    if quote.status not in ("sent", "viewed"):
        raise ApiError(409, "This quote cannot be answered")
    # The homeowner answered the version they were sent: a newer draft of it has nothing left to do.
    db.conn.execute("UPDATE quotes SET status = 'superseded', superseded_by = ? WHERE dealer = ? AND number = ? "
                    "AND version > ? AND status = 'draft'", (quote.id, loaded.slug, quote.number, quote.version))
    return moment, datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")


def accept_quote(db: sqlite_utils.Database, loaded: LoadedCatalog, quote: Quote, name: str, agreed: bool,
                 now: float | None = None) -> Quote:
    """The homeowner accepts with their name and the checkbox; final. The request becomes won."""
    errors = []
    if not name.strip() or len(name) > 200:
        errors.append(FieldError(field="name", message="Type your full name (1 to 200 characters)"))
    elif (control := control_error(name.strip(), "name", lines=False)) is not None:
        errors.append(control)  # the name is printed on the PDF and the invoice as the buyer's signature
    if not agreed:
        errors.append(FieldError(field="agree", message="Tick the box to accept the quote and its terms"))
    if errors:
        raise ApiError(422, "The acceptance is incomplete", errors)
    with write_transaction(db):
        current = get_quote(db, loaded.slug, quote.number, quote.version)
        moment, at = _decide(db, loaded, current, now)
        db.conn.execute("UPDATE quotes SET status = 'accepted', decided_at = ?, accepted_name = ?, updated_at = ? "
                        "WHERE id = ?", (at, name.strip(), at, current.id))
        rid = request_id(db, loaded.slug, current.reference)
        status, contact_id = db.execute("SELECT status, contact_id FROM quote_requests WHERE id = ?",
                                        [rid]).fetchone()
        if "won" in TRANSITIONS.get(status, ()):
            set_request_status(db, rid, "won", f"quote {current.number} accepted", "homeowner", at)
        add_activity(db, loaded.slug, "quote", f"{current.number} accepted", "homeowner", at, contact_id=contact_id,
                     request_id=rid)
        _event(db, loaded, current.id, "quote.accepted", moment,
               [("quote_answered", list(loaded.catalog.dealer.notification_emails), {})])
    return get_quote(db, loaded.slug, quote.number, quote.version)


def decline_quote(db: sqlite_utils.Database, loaded: LoadedCatalog, quote: Quote, reason: str,
                  now: float | None = None) -> Quote:
    """The homeowner declines, optionally saying why; final."""
    if len(reason) > 2000:
        raise ApiError(422, "The reason is too long", [FieldError(field="reason", message="At most 2000 characters")])
    if (control := control_error(multiline(reason), "reason", lines=True)) is not None:
        raise ApiError(422, "The reason holds control characters", [control])
    with write_transaction(db):
        current = get_quote(db, loaded.slug, quote.number, quote.version)
        moment, at = _decide(db, loaded, current, now)
        db.conn.execute("UPDATE quotes SET status = 'declined', decided_at = ?, decline_reason = ?, updated_at = ? "
                        "WHERE id = ?", (at, reason.strip(), at, current.id))
        rid = request_id(db, loaded.slug, current.reference)
        contact_id = db.execute("SELECT contact_id FROM quote_requests WHERE id = ?", [rid]).fetchone()[0]
        add_activity(db, loaded.slug, "quote", f"{current.number} declined", "homeowner", at, contact_id=contact_id,
                     request_id=rid)
        _event(db, loaded, current.id, "quote.declined", moment,
               [("quote_answered", list(loaded.catalog.dealer.notification_emails), {})])
    return get_quote(db, loaded.slug, quote.number, quote.version)


def run_quote_clock(db: sqlite_utils.Database, catalogs: Any, now: float | None = None) -> dict[str, int]:
    """Expire quotes past their validity and announce those expiring within three days (each once)."""
    moment = datetime.now(UTC).timestamp() if now is None else now
    today = datetime.fromtimestamp(moment, UTC).date()
    done = {"expired": 0, "expiring_soon": 0}
    soon = (today + timedelta(days=EXPIRING_SOON_DAYS)).isoformat()
    rows = db.execute("SELECT id, dealer, valid_until, expiring_notified FROM quotes "
                      "WHERE status IN ('sent', 'viewed') AND valid_until IS NOT NULL AND valid_until <= ?",
                      [soon]).fetchall()
    for quote_id, dealer, valid_until, notified in rows:
        loaded = catalogs.get(dealer)
        if loaded is None:
            continue
        with write_transaction(db):
            if date.fromisoformat(valid_until) < today:
                changed = db.execute("UPDATE quotes SET status = 'expired', updated_at = ? WHERE id = ? "
                                     "AND status IN ('sent', 'viewed') RETURNING id", [now_iso(), quote_id]).fetchone()
                if changed:
                    _event(db, loaded, quote_id, "quote.expired", moment)
                    done["expired"] += 1
            elif not notified:
                changed = db.execute("UPDATE quotes SET expiring_notified = 1 WHERE id = ? AND expiring_notified = 0 "
                                     "RETURNING id", [quote_id]).fetchone()
                if changed:
                    _event(db, loaded, quote_id, "quote.expiring_soon", moment)
                    done["expiring_soon"] += 1
    return done
