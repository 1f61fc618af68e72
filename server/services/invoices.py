"""Invoices from accepted quotes: numbered per dealer and year without gaps, written once, never changed.

An invoice keeps its own copy of the seller, the buyer, the lines and the VAT per rate,
so it stays exactly as issued (and is kept when the contact is later erased, as the law
requires invoices to be kept). The UBL 2.1 XML (NLCIUS) is made when the invoice is made.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
import sqlite_utils

from server.documents.invoice import Invoice, invoice_pdf
from server.documents.quote import day
from server.documents.ubl import invoice_ubl
from server.documents.words import words
from server.errors import ApiError
from server.services.audit import now_iso, record
from server.services.catalogs import LoadedCatalog
from server.services.paging import page_window
from server.services.quotes import VatRow, get_quote
from server.storage.db import write_transaction
from server.storage.requests import next_number

# Invoice is defined with its document (server.documents.invoice), below this module, so that
# documents never import back up into the back office; it is re-exported here for callers.
__all__ = ["Invoice", "InvoicePage", "create_invoice", "get_invoice", "invoice_data", "list_invoices"]


class InvoicePage(msgspec.Struct, frozen=True, kw_only=True):
    invoices: list[Invoice]
    total_count: int
    page: int
    pages: int


_COLUMNS = ("i.number, q.number, q.version, r.reference, i.issue_date, i.due_date, i.currency, q.lang, i.seller, "
            "i.buyer, i.lines, i.vat_breakdown, i.subtotal, i.vat, i.total, i.created_by, i.created_at")
_FROM = "FROM invoices i JOIN quotes q ON q.id = i.quote_id JOIN quote_requests r ON r.id = q.request_id"


def _invoice(row: tuple) -> Invoice:
    seller = msgspec.json.decode(row[8])
    lang = row[7]
    note = _payment_note(lang, row[5], seller.get("iban", ""), row[0])
    return Invoice(number=row[0], quote_number=row[1], quote_version=row[2], reference=row[3], issue_date=row[4],
                   due_date=row[5], supply_date=row[4], currency=row[6], lang=lang, seller=seller,
                   buyer=msgspec.json.decode(row[9]), lines=msgspec.json.decode(row[10]),
                   vat_breakdown=msgspec.json.decode(row[11], type=list[VatRow]), subtotal=row[12], vat=row[13],
                   total=row[14], payment_note=note, created_by=row[15], created_at=row[16])


def _payment_note(lang: str, due: str, iban: str, number: str) -> str:
    if not iban:
        return ""
    return words(lang)["pay"].format(date=day(due, lang), iban=iban, number=number)


def invoice_data(invoice: Invoice) -> dict[str, Any]:
    """The invoice as plain data for the UBL writer and the PDF."""
    return msgspec.to_builtins(invoice)


def get_invoice(db: sqlite_utils.Database, dealer: str, number: str) -> Invoice:
    """An invoice of ``dealer``; 404 when missing or another dealer's."""
    row = db.execute(f"SELECT {_COLUMNS} {_FROM} WHERE i.dealer = ? AND i.number = ?", [dealer, number[:40]]).fetchone()
    if row is None:
        raise ApiError(404, f"No invoice {number[:40]}")
    return _invoice(row)


def invoice_files(db: sqlite_utils.Database, dealer: str, number: str) -> tuple[Invoice, str]:
    """The invoice and its stored UBL XML."""
    invoice = get_invoice(db, dealer, number)
    ubl = db.execute("SELECT ubl FROM invoices WHERE dealer = ? AND number = ?", [dealer, number]).fetchone()[0]
    return invoice, ubl


def list_invoices(db: sqlite_utils.Database, dealer: str, page: int = 1, per_page: int = 50,
                  clamp: bool = True) -> InvoicePage:
    """Newest first."""
    per_page = max(1, min(100, per_page))
    total = int(db.execute("SELECT COUNT(*) FROM invoices WHERE dealer = ?", [dealer]).fetchone()[0])
    page, pages, offset = page_window(page, total, per_page, clamp)
    rows = db.execute(f"SELECT {_COLUMNS} {_FROM} WHERE i.dealer = ? ORDER BY i.id DESC LIMIT ? OFFSET ?",
                      [dealer, per_page, offset]).fetchall()
    return InvoicePage(invoices=[_invoice(r) for r in rows], total_count=total, page=page, pages=pages)


def create_invoice(db: sqlite_utils.Database, loaded: LoadedCatalog, quote_number: str, actor: str,
                   now: float | None = None) -> Invoice:
    """The invoice of an accepted quote; 409 when the quote is not accepted or already invoiced."""
    dealer = loaded.slug
    moment = datetime.now(UTC).timestamp() if now is None else now
    issued = datetime.fromtimestamp(moment, UTC).date()
    with write_transaction(db):
        quote = get_quote(db, dealer, quote_number)
        if quote.status != "accepted":
            raise ApiError(409, f"Only an accepted quote can be invoiced; this one is {quote.status}")
        existing = db.execute("SELECT number FROM invoices WHERE quote_id = ?", [quote.id]).fetchone()
        if existing:
            raise ApiError(409, f"This quote was already invoiced as {existing[0]}")
        number = f"INV-{issued.year}-{next_number(db, dealer, 'invoice', issued.year):04d}"
        due = (issued + timedelta(days=loaded.catalog.dealer.legal.payment_days)).isoformat()
        lines = [msgspec.to_builtins(x) for x in quote.lines]
        at = now_iso()
        draft = Invoice(number=number, quote_number=quote.number, quote_version=quote.version,
                        reference=quote.reference, issue_date=issued.isoformat(), due_date=due,
                        supply_date=issued.isoformat(), currency=quote.currency, lang=quote.lang,
                        seller=quote.seller, buyer=quote.buyer, lines=lines, vat_breakdown=quote.vat_breakdown,
                        subtotal=quote.subtotal, vat=quote.vat, total=quote.total,
                        payment_note=_payment_note(quote.lang, due, quote.seller.get("iban", ""), number),
                        created_by=actor[:200], created_at=at)
        data = invoice_data(draft)
        ubl = invoice_ubl(data, invoice_pdf(draft)).decode()
        db.conn.execute(
            "INSERT INTO invoices (dealer, quote_id, number, issue_date, due_date, currency, seller, buyer, lines, "
            "vat_breakdown, subtotal, vat, total, ubl, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (dealer, quote.id, number, draft.issue_date, due, draft.currency,
             msgspec.json.encode(draft.seller).decode(), msgspec.json.encode(draft.buyer).decode(),
             msgspec.json.encode(lines).decode(), msgspec.json.encode(draft.vat_breakdown).decode(), draft.subtotal,
             draft.vat, draft.total, ubl, actor[:200], at))
        record(db, dealer, actor, "invoice.create", number, quote.number)
    return get_invoice(db, dealer, number)
