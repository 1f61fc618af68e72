"""Invoices from accepted quotes: numbered per dealer and year without gaps, written once, never changed.

An invoice keeps its own copy of the seller, the buyer, the lines and the VAT per rate,
so it stays exactly as issued (and is kept when the contact is later erased, as the law
requires invoices to be kept). The UBL 2.1 XML (NLCIUS) is made when the invoice is made.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime, timedelta

import defusedxml.ElementTree as SafeXml
import msgspec
import sqlite_utils

from server.documents.invoice import Invoice, invoice_pdf, invoice_xml
from server.documents.legal_format import printed_iban
from server.documents.parties import Buyer, Seller, party_from_json
from server.documents.quote import QuoteLine, day
from server.documents.words import words
from server.i18n.zones import day_of
from server.services.audit import now_iso, record
from server.services.branding import logo_rendition
from server.services.catalogs import LoadedCatalog
from server.services.errors import Conflict, NotFound
from server.services.legal_details import legal_details, missing_for_invoice, seller_of
from server.services.paging import page_window
from server.services.quotes import VatRow, get_quote
from server.storage import invoices as store
from server.storage.db import write_transaction
from server.storage.requests import next_number

# Invoice is defined with its document (server.documents.invoice), below this module, so that
# documents never import back up into the back office; it is re-exported here for callers.
__all__ = ["Invoice", "InvoicePage", "create_invoice", "get_invoice", "invoice_files", "invoice_number_of",
           "issued_pdf", "list_invoices"]


class InvoicePage(msgspec.Struct, frozen=True, kw_only=True):
    invoices: list[Invoice]
    total_count: int
    page: int
    pages: int


def _invoice(row: store.InvoiceRow) -> Invoice:
    seller = party_from_json(row.seller, Seller)
    return Invoice(number=row.number, quote_number=row.quote_number, quote_version=row.quote_version,
                   reference=row.reference, issue_date=row.issue_date, due_date=row.due_date,
                   supply_date=row.issue_date, currency=row.currency, lang=row.lang, seller=seller,
                   buyer=party_from_json(row.buyer, Buyer), lines=msgspec.json.decode(row.lines, type=list[QuoteLine]),
                   vat_breakdown=msgspec.json.decode(row.vat_breakdown, type=list[VatRow]), subtotal=row.subtotal,
                   vat=row.vat, total=row.total,
                   payment_note=_payment_note(row.lang, row.due_date, seller.iban, row.number),
                   created_by=row.created_by, created_at=row.created_at)


def _payment_note(lang: str, due: str, iban: str, number: str) -> str:
    if not iban:
        return ""
    return words(lang)["pay"].format(date=day(due, lang), iban=printed_iban(iban), number=number)


def get_invoice(db: sqlite_utils.Database, dealer: str, number: str) -> Invoice:
    """An invoice of ``dealer``; :class:`NotFound` when missing or another dealer's."""
    row = store.invoice_row(db, dealer, number[:40])
    if row is None:
        raise NotFound("invoice.not_found", {"number": number[:40]})
    return _invoice(row)


def invoice_files(db: sqlite_utils.Database, dealer: str, number: str) -> tuple[Invoice, str]:
    """The invoice and its stored UBL XML."""
    invoice = get_invoice(db, dealer, number)
    return invoice, store.invoice_ubl_text(db, dealer, invoice.number) or ""


_CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"


def issued_pdf(db: sqlite_utils.Database, dealer: str, number: str) -> tuple[Invoice, bytes]:
    """The invoice and its PDF exactly as issued: the copy embedded in the UBL stored at issue.

    Drawing it again would show today's logo (or any later change of how PDFs are drawn), and
    an issued invoice never changes. Only an invoice stored without an embedded PDF is drawn
    again, with the logo as it stands.
    """
    invoice, ubl = invoice_files(db, dealer, number)
    try:
        for element in SafeXml.fromstring(ubl).iter(f"{_CBC}EmbeddedDocumentBinaryObject"):
            if element.get("mimeCode") == "application/pdf" and element.text:
                return invoice, base64.b64decode(element.text, validate=True)
    except (SafeXml.ParseError, binascii.Error, ValueError):
        pass
    return invoice, invoice_pdf(invoice, logo_rendition(db, dealer))


def invoice_number_of(db: sqlite_utils.Database, dealer: str, quote_id: int) -> str | None:
    """The number of the invoice made from quote version ``quote_id``, if there is one."""
    return store.invoice_number_of(db, dealer, quote_id)


def list_invoices(db: sqlite_utils.Database, dealer: str, page: int = 1, per_page: int = 50,
                  clamp: bool = True) -> InvoicePage:
    """Newest first."""
    per_page = max(1, min(100, per_page))
    total = store.count_invoices(db, dealer)
    page, pages, offset = page_window(page, total, per_page, clamp)
    return InvoicePage(invoices=[_invoice(r) for r in store.invoice_rows(db, dealer, per_page, offset)],
                       total_count=total, page=page, pages=pages)


def create_invoice(db: sqlite_utils.Database, loaded: LoadedCatalog, quote_number: str, actor: str,
                   now: float | None = None) -> Invoice:
    """The invoice of an accepted quote.

    :class:`Conflict` when it is not accepted, already invoiced, or the dealer's company details
    still lack something an invoice must carry (``invoice.seller_incomplete`` names the fields).
    """
    dealer = loaded.slug
    moment = datetime.now(UTC).timestamp() if now is None else now
    # The invoice is dated on the dealer's day, not the UTC one.
    issued = day_of(moment, loaded.catalog.dealer.time_zone)
    with write_transaction(db):
        quote = get_quote(db, dealer, quote_number)
        if quote.status != "accepted":
            raise Conflict("invoice.quote_not_accepted", {"status": quote.status})
        existing = store.invoice_number_of(db, dealer, quote.id)
        if existing:
            raise Conflict("invoice.already_invoiced", {"invoice": existing})
        # The seller as the company details stand today (an IBAN fixed since the quote counts),
        # and no invoice while one of the details the law asks for is missing.
        legal = legal_details(db, dealer, loaded.catalog.dealer)
        missing = missing_for_invoice(legal)
        if missing:
            raise Conflict("invoice.seller_incomplete", {"missing": ", ".join(missing)})
        seller = msgspec.structs.replace(seller_of(legal, loaded.catalog.dealer),
                                         terms_version=quote.seller.terms_version)
        number = f"INV-{issued.year}-{next_number(db, dealer, 'invoice', issued.year):04d}"
        due = (issued + timedelta(days=legal.payment_days)).isoformat()
        at = now_iso()
        draft = Invoice(number=number, quote_number=quote.number, quote_version=quote.version,
                        reference=quote.reference, issue_date=issued.isoformat(), due_date=due,
                        supply_date=issued.isoformat(), currency=quote.currency, lang=quote.lang,
                        seller=seller, buyer=quote.buyer, lines=quote.lines, vat_breakdown=quote.vat_breakdown,
                        subtotal=quote.subtotal, vat=quote.vat, total=quote.total,
                        payment_note=_payment_note(quote.lang, due, seller.iban, number),
                        created_by=actor[:200], created_at=at)
        store.insert_invoice(db, store.NewInvoice(
            dealer=dealer, quote_id=quote.id, number=number, issue_date=draft.issue_date, due_date=due,
            currency=draft.currency, seller=msgspec.json.encode(draft.seller).decode(),
            buyer=msgspec.json.encode(draft.buyer).decode(), lines=msgspec.json.encode(draft.lines).decode(),
            vat_breakdown=msgspec.json.encode(draft.vat_breakdown).decode(), subtotal=draft.subtotal,
            vat=draft.vat, total=draft.total, ubl=invoice_xml(draft, logo_rendition(db, dealer)).decode(),
            created_by=actor[:200], created_at=at))
        record(db, dealer, actor, "invoice.create", number, quote.number)
    return get_invoice(db, dealer, number)
