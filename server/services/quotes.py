"""Formal quotes (offers) made from quote requests: lines, versions, sending, the homeowner's answer, expiry.

Numbers are per dealer and year without gaps (``Q-2026-0042``), given when a quote is
made; a quote is never deleted. Editing a sent quote makes a new version with the same
number and keeps the old one; sending the new version supersedes the old. The
homeowner's link carries a random token that is stored only as its SHA-256 hash.

Money: each line's amount is quantity x unit price (excl. VAT), rounded once, half up, to
cents; VAT is computed per rate over the quote and rounded once per rate, as Dutch
invoices state it. Totals are never negative.

Refusals are domain errors with codes (``quote.*``, ``server/services/errors.py``); the SQL
is in ``server/storage/quotes.py``.
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

from server.documents.parties import Buyer, Seller, party_from_json
from server.documents.quote import Quote, QuoteLine
from server.engine.document import document_totals, rate_text
from server.engine.evaluate import VatRow  # one shape of VAT per rate: evaluate, lists, requests, quotes
from server.engine.i18n import pick
from server.engine.money import fmt, round_cents
from server.i18n.lengths import stored_size
from server.i18n.zones import day_of
from server.services.audit import now_iso, record
from server.services.catalogs import LoadedCatalog
from server.services.errors import Conflict, FieldProblem, Invalid, NotFound
from server.services.inputs import Input
from server.services.legal_details import legal_details, seller_of
from server.services.paging import page_window
from server.services.requests import TRANSITIONS, ContactCopy, get_request, request_id
from server.storage import quotes as store
from server.storage.activity import add_activity, set_request_status
from server.storage.db import write_transaction
from server.storage.dealer_requests import request_state
from server.storage.outbox import enqueue
from server.storage.requests import next_number
from server.text_rules import control_problem, multiline

# Quote and QuoteLine are defined with their document (server.documents.quote), below this
# module, so that documents never import back up into the services; re-exported here.
__all__ = [
    "QUOTE_STATUSES", "Quote", "QuoteIn", "QuoteLine", "QuoteLineIn", "QuotePage", "VatRow",
    "accept_quote", "checked_lines",
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


class QuotePage(msgspec.Struct, frozen=True, kw_only=True):
    quotes: list[Quote]
    total_count: int
    page: int
    pages: int


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _decimal(text: str, field: str, problems: list[FieldProblem], *, places: int = 2) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except (InvalidOperation, AttributeError):
        problems.append(FieldProblem(field=field, code="quote.line.not_a_number"))
        return Decimal(0)
    exponent = value.as_tuple().exponent  # "n", "N" or "F" for NaN and infinity, else an int
    if not isinstance(exponent, int) or exponent < -places or abs(value) >= Decimal("1e9"):
        problems.append(FieldProblem(field=field, code="quote.line.decimals", params={"places": places}))
        return Decimal(0)
    return value


def totals(lines: list[QuoteLine]) -> tuple[Decimal, Decimal, Decimal, list[VatRow]]:
    """Subtotal, VAT and total of ``lines`` by the document rule (VAT per rate, rounded once per rate)."""
    doc = document_totals((Decimal(x.amount), Decimal(x.vat_rate)) for x in lines if x.kind != "text")
    rows = [VatRow(rate=rate_text(s.rate), base=fmt(s.base), vat=fmt(s.vat)) for s in doc.breakdown]
    return doc.subtotal, doc.vat, doc.total, rows


def _control(text: str, *, lines: bool) -> dict[str, Any] | None:
    """The parameters of a ``...control`` problem (``char`` and ``position``) when ``text`` holds one, else None."""
    problem = control_problem(text, "", lines=lines)
    return None if problem is None else problem.params


def _refuse_controls(text: str, field: str, problems: list[FieldProblem]) -> None:
    """Control characters in a dealer's text are refused (tab and newline are text in these fields)."""
    problem = control_problem(text, field, lines=True)
    if problem is not None:
        problems.append(problem)


def checked_lines(body: QuoteIn, items: int) -> list[QuoteLine]:
    """Checked lines with their amounts; :class:`Invalid` naming every bad field at once."""
    errors: list[FieldProblem] = []
    if not body.lines:
        errors.append(FieldProblem(field="lines", code="quote.lines.empty"))
    lines = []
    for name, value in (("intro", body.intro), ("terms", body.terms or "")):
        _refuse_controls(multiline(value), name, errors)
    for i, line in enumerate(body.lines):
        where = f"lines[{i}]"
        description = multiline(line.description).strip()
        if not description:
            errors.append(FieldProblem(field=f"{where}.description", code="quote.line.description_required"))
        _refuse_controls(description, f"{where}.description", errors)
        quantity = _decimal(line.quantity, f"{where}.quantity", errors)
        unit = _decimal(line.unit_price, f"{where}.unit_price", errors)
        rate = _decimal(line.vat_rate, f"{where}.vat_rate", errors)
        if not Decimal(0) <= rate <= _HUNDRED:
            errors.append(FieldProblem(field=f"{where}.vat_rate", code="quote.line.vat_range",
                                       params={"min": 0, "max": 100}))
        if line.kind != "text" and quantity <= 0:
            errors.append(FieldProblem(field=f"{where}.quantity", code="quote.line.quantity_positive"))
        if line.kind == "discount" and unit > 0:
            unit = -unit  # a discount is written as an amount off
        if line.kind not in ("discount",) and unit < 0:
            errors.append(FieldProblem(field=f"{where}.unit_price", code="quote.line.negative"))
        if line.item_position is not None and not 1 <= line.item_position <= items:
            errors.append(FieldProblem(field=f"{where}.item_position", code="quote.line.item_range",
                                       params={"min": 1, "max": items}))
        amount = Decimal(0) if line.kind == "text" else round_cents(quantity * unit)
        lines.append(QuoteLine(
            position=i + 1, kind=line.kind, description=description, item_position=line.item_position,
            quantity=format(quantity.normalize(), "f") if line.kind != "text" else "0",
            unit_price=fmt(unit) if line.kind != "text" else "0.00", vat_rate=rate_text(rate),
            amount=fmt(amount)))
    if not errors and totals(lines)[2] < 0:
        errors.append(FieldProblem(field="lines", code="quote.lines.total_negative"))
    if errors:
        raise Invalid(errors, code="quote.invalid")
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
                # The size in the dealer's units (inches for an imperial dealer), as every document shows it.
                size = stored_size(config, lang, loaded.catalog.dealer.length_units)
                text = f"{title}, {size}" if size else title
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
    legal = legal_details(db, loaded.slug, loaded.catalog.dealer)
    return QuoteIn(lines=lines, validity_days=legal.validity_days, intro="", terms=legal.terms)


def _seller(db: sqlite_utils.Database, loaded: LoadedCatalog) -> Seller:
    """The dealer as the quote prints them: the company details saved in the back office, else the catalog's."""
    return seller_of(legal_details(db, loaded.slug, loaded.catalog.dealer), loaded.catalog.dealer)


def _buyer(c: ContactCopy) -> Buyer:
    """The request's copy of the homeowner as the quote prints them (no company: empty)."""
    return Buyer(name=c.name, company=c.company or "", email=c.email, phone=c.phone, street=c.street,
                 house_number=c.house_number, postcode=c.postcode, city=c.city, country=c.country)


def _quote(db: sqlite_utils.Database, row: store.QuoteRow, link: str | None = None) -> Quote:
    lines = [QuoteLine(position=x.position, kind=x.kind, description=x.description, item_position=x.item_position,
                       quantity=x.quantity, unit_price=x.unit_price, vat_rate=x.vat_rate, amount=x.amount)
             for x in store.quote_lines(db, row.id)]
    return Quote(id=row.id, number=row.number, version=row.version, status=row.status, reference=row.reference,
                 lang=row.lang, currency=row.currency, lines=lines, subtotal=row.subtotal, vat=row.vat,
                 total=row.total, vat_breakdown=msgspec.json.decode(row.vat_breakdown, type=list[VatRow]),
                 validity_days=row.validity_days, valid_until=row.valid_until, intro=row.intro, terms=row.terms,
                 seller=party_from_json(row.seller, Seller), buyer=party_from_json(row.buyer, Buyer),
                 created_by=row.created_by, created_at=row.created_at, updated_at=row.updated_at,
                 sent_at=row.sent_at, viewed_at=row.viewed_at, decided_at=row.decided_at,
                 accepted_name=row.accepted_name, decline_reason=row.decline_reason,
                 superseded_by=row.superseded_by, link=link)


def get_quote(db: sqlite_utils.Database, dealer: str, number: str, version: int | None = None) -> Quote:
    """A quote of ``dealer``: its current version (the newest not superseded) unless ``version``.

    :class:`NotFound` when missing or another dealer's.
    """
    row = store.quote_row(db, dealer, number[:40], version)
    if row is None:
        if version:
            raise NotFound("quote.version_not_found", {"number": number[:40], "version": version})
        raise NotFound("quote.not_found", {"number": number[:40]})
    return _quote(db, row)


def quote_by_id(db: sqlite_utils.Database, dealer: str, quote_id: int) -> Quote | None:
    """A quote version by its row id (for the outbox worker), or None."""
    row = store.quote_row_by_id(db, dealer, quote_id)
    return _quote(db, row) if row else None


def versions(db: sqlite_utils.Database, dealer: str, number: str) -> list[Quote]:
    """Every version of a quote, oldest first."""
    return [_quote(db, r) for r in store.version_rows(db, dealer, number[:40])]


def list_quotes(db: sqlite_utils.Database, dealer: str, status: str | None = None, reference: str | None = None,
                page: int = 1, per_page: int = 50, clamp: bool = True) -> QuotePage:
    """The current version of each quote (as :func:`get_quote` picks it), newest first."""
    per_page = max(1, min(100, per_page))
    ref = reference[:64] if reference else None
    total = store.count_current(db, dealer, status, ref)
    page, pages, offset = page_window(page, total, per_page, clamp)
    rows = store.current_rows(db, dealer, status, ref, per_page, offset)
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


def _rows(lines: Sequence[QuoteLine]) -> list[store.LineRow]:
    return [store.LineRow(position=x.position, kind=x.kind, description=x.description, item_position=x.item_position,
                          quantity=x.quantity, unit_price=x.unit_price, vat_rate=x.vat_rate, amount=x.amount)
            for x in lines]


def _insert(db: sqlite_utils.Database, dealer: str, request_row: int, number: str, version: int, lang: str,
            currency: str, body: QuoteIn, lines: list[QuoteLine], seller: Seller, buyer: Buyer,
            validity: int, terms: str, actor: str) -> int:
    subtotal, vat, total, rows = totals(lines)
    return store.insert_quote(db, store.NewQuote(
        dealer=dealer, request_id=request_row, number=number, version=version, lang=lang, currency=currency,
        validity_days=validity, intro=body.intro.strip(), terms=terms, seller=msgspec.json.encode(seller).decode(),
        buyer=msgspec.json.encode(buyer).decode(), subtotal=fmt(subtotal), vat=fmt(vat), total=fmt(total),
        vat_breakdown=msgspec.json.encode(rows).decode(), created_by=actor[:200], at=now_iso()), _rows(lines))


def create_quote(db: sqlite_utils.Database, loaded: LoadedCatalog, reference: str, actor: str,
                 body: QuoteIn | None = None, now: float | None = None) -> Quote:
    """A draft quote for a request, prefilled from its priced items unless ``body`` is given."""
    dealer = loaded.slug
    content = body or prefill(loaded, db, dealer, reference)
    detail = get_request(db, dealer, reference)
    lines = checked_lines(content, len(detail.items))
    legal = legal_details(db, dealer, loaded.catalog.dealer)
    moment = datetime.now(UTC).timestamp() if now is None else now
    with write_transaction(db):
        rid = request_id(db, dealer, reference)
        year = datetime.fromtimestamp(moment, UTC).year
        number = f"Q-{year}-{next_number(db, dealer, 'quote', year):04d}"
        quote_id = _insert(db, dealer, rid, number, 1, detail.lang, detail.currency, content, lines,
                           _seller(db, loaded), _buyer(detail.contact), content.validity_days or legal.validity_days,
                           legal.terms if content.terms is None else content.terms.strip(), actor)
        _event(db, loaded, quote_id, "quote.created", moment)
        record(db, dealer, actor, "quote.create", number, reference)
    return get_quote(db, dealer, number)


def update_quote(db: sqlite_utils.Database, loaded: LoadedCatalog, number: str, body: QuoteIn, actor: str) -> Quote:
    """Edit a draft in place; editing a sent or viewed quote makes a new draft version. Conflict once decided."""
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
            store.draft_update(db, latest.id, validity_days=validity, intro=body.intro.strip(), terms=terms,
                               subtotal=fmt(subtotal), vat=fmt(vat), total=fmt(total),
                               vat_breakdown=msgspec.json.encode(rows).decode(), at=now_iso(), lines=_rows(lines))
        elif latest.status in ("sent", "viewed"):
            rid = request_id(db, dealer, latest.reference)
            _insert(db, dealer, rid, number, latest.version + 1, latest.lang, latest.currency, body, lines,
                    latest.seller, latest.buyer, validity, terms, actor)
        else:
            raise Conflict("quote.locked", {"status": latest.status})
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
    # Valid-until counts the dealer's days: sent at 23:30 UTC on 30 Nov is sent on 1 Dec in Amsterdam.
    today = day_of(moment, loaded.catalog.dealer.time_zone)
    token = secrets.token_urlsafe(32)
    link = f"{base_url.rstrip('/')}/q/{token}"
    with write_transaction(db):
        latest = get_quote(db, dealer, number)
        if latest.status not in ("draft", "sent", "viewed"):
            raise Conflict("quote.not_sendable", {"status": latest.status})
        if not latest.buyer.email:
            raise Conflict("quote.no_email")
        valid_until = (today + timedelta(days=latest.validity_days)).isoformat()
        at = datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")
        store.mark_sent(db, dealer, number, latest.id, _hash(token), valid_until, at)
        rid = request_id(db, dealer, latest.reference)
        request = request_state(db, rid)
        if request.status != "quoted" and "quoted" in TRANSITIONS.get(request.status, ()):
            set_request_status(db, rid, "quoted", f"quote {number} sent", actor, at)
        add_activity(db, dealer, "quote", f"{number} v{latest.version} sent", actor, at,
                     contact_id=request.contact_id, request_id=rid)
        _event(db, loaded, latest.id, "quote.sent", moment,
               [("quote_sent", [latest.buyer.email], {"link": link})])
        record(db, dealer, actor, "quote.send", number, f"version {latest.version}")
    return msgspec.structs.replace(get_quote(db, dealer, number), link=link)


def quote_by_token(db: sqlite_utils.Database, token: str) -> tuple[str, Quote] | None:
    """The quote a homeowner's link opens, with its dealer; None for an unknown or replaced link."""
    if not token or len(token) > 100:
        return None
    row = store.quote_row_by_token_hash(db, _hash(token))
    if row is None:
        return None
    return row.dealer, _quote(db, row)


def open_quote(db: sqlite_utils.Database, loaded: LoadedCatalog, quote: Quote, now: float | None = None) -> Quote:
    """The homeowner opened the link: the first time, a sent quote becomes viewed."""
    if quote.status != "sent":
        return quote
    moment = datetime.now(UTC).timestamp() if now is None else now
    at = datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")
    with write_transaction(db):
        if store.mark_viewed(db, quote.id, at):
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
    today = day_of(moment, loaded.catalog.dealer.time_zone)
    if quote.status in ("accepted", "declined"):
        raise Conflict("quote.already_decided", {"status": quote.status})
    if status_on(quote, today) == "expired":
        raise Conflict("quote.expired")
    if quote.status not in ("sent", "viewed"):
        raise Conflict("quote.not_answerable")
    # The homeowner answered the version they were sent: a newer draft of it has nothing left to do.
    store.retire_newer_drafts(db, loaded.slug, quote.number, quote.version, quote.id)
    return moment, datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")


def accept_quote(db: sqlite_utils.Database, loaded: LoadedCatalog, quote: Quote, name: str, agreed: bool,
                 now: float | None = None) -> Quote:
    """The homeowner accepts with their name and the checkbox; final. The request becomes won."""
    errors = []
    if not name.strip() or len(name) > 200:
        errors.append(FieldProblem(field="name", code="quote.accept.name"))
    elif (where := _control(name.strip(), lines=False)) is not None:
        # The name is printed on the PDF and the invoice as the buyer's signature.
        errors.append(FieldProblem(field="name", code="quote.accept.name_control", params=where))
    if not agreed:
        errors.append(FieldProblem(field="agree", code="quote.accept.agree"))
    if errors:
        raise Invalid(errors, code="quote.acceptance_incomplete")
    with write_transaction(db):
        current = get_quote(db, loaded.slug, quote.number, quote.version)
        moment, at = _decide(db, loaded, current, now)
        store.mark_accepted(db, current.id, name.strip(), at)
        rid = request_id(db, loaded.slug, current.reference)
        request = request_state(db, rid)
        if "won" in TRANSITIONS.get(request.status, ()):
            set_request_status(db, rid, "won", f"quote {current.number} accepted", "homeowner", at)
        add_activity(db, loaded.slug, "quote", f"{current.number} accepted", "homeowner", at,
                     contact_id=request.contact_id, request_id=rid)
        _event(db, loaded, current.id, "quote.accepted", moment,
               [("quote_answered", list(loaded.catalog.dealer.notification_emails), {})])
    return get_quote(db, loaded.slug, quote.number, quote.version)


def decline_quote(db: sqlite_utils.Database, loaded: LoadedCatalog, quote: Quote, reason: str,
                  now: float | None = None) -> Quote:
    """The homeowner declines, optionally saying why; final."""
    if len(reason) > 2000:
        raise Invalid([FieldProblem(field="reason", code="quote.decline.reason_length", params={"max": 2000})],
                      code="quote.decline.too_long")
    if (where := _control(multiline(reason), lines=True)) is not None:
        raise Invalid([FieldProblem(field="reason", code="quote.decline.reason_control", params=where)],
                      code="quote.decline.has_controls")
    with write_transaction(db):
        current = get_quote(db, loaded.slug, quote.number, quote.version)
        moment, at = _decide(db, loaded, current, now)
        store.mark_declined(db, current.id, reason.strip(), at)
        rid = request_id(db, loaded.slug, current.reference)
        add_activity(db, loaded.slug, "quote", f"{current.number} declined", "homeowner", at,
                     contact_id=request_state(db, rid).contact_id, request_id=rid)
        _event(db, loaded, current.id, "quote.declined", moment,
               [("quote_answered", list(loaded.catalog.dealer.notification_emails), {})])
    return get_quote(db, loaded.slug, quote.number, quote.version)


def run_quote_clock(db: sqlite_utils.Database, catalogs: Any, now: float | None = None) -> dict[str, int]:
    """Expire quotes past their validity and announce those expiring within three days (each once)."""
    moment = datetime.now(UTC).timestamp() if now is None else now
    done = {"expired": 0, "expiring_soon": 0}
    # One day past the UTC horizon: a dealer's zone may already be on tomorrow; each row is then
    # judged on its own dealer's today (issue 15: the dealer's days, not UTC days).
    horizon = (datetime.fromtimestamp(moment, UTC).date() + timedelta(days=EXPIRING_SOON_DAYS + 1)).isoformat()
    for row in store.clock_candidates(db, horizon):
        loaded = catalogs.get(row.dealer)
        if loaded is None:
            continue
        today = day_of(moment, loaded.catalog.dealer.time_zone)
        valid_until = date.fromisoformat(row.valid_until)
        if valid_until > today + timedelta(days=EXPIRING_SOON_DAYS):
            continue
        with write_transaction(db):
            if valid_until < today:
                if store.mark_expired(db, row.id, now_iso()):
                    _event(db, loaded, row.id, "quote.expired", moment)
                    done["expired"] += 1
            elif not row.expiring_notified and store.mark_expiring_notified(db, row.id):
                _event(db, loaded, row.id, "quote.expiring_soon", moment)
                done["expiring_soon"] += 1
    return done
