"""SQL for invoices: written once from an accepted quote, read as issued, never changed.

Rows come back as structs decoded by column name, the JSON columns (parties, lines, VAT per
rate) still as text. Writes run inside the caller's write transaction.
"""

from __future__ import annotations

import msgspec
import sqlite_utils

from server.storage.rows import decoded

__all__ = ["InvoiceRow", "NewInvoice", "count_invoices", "insert_invoice", "invoice_number_of", "invoice_row",
           "invoice_rows", "invoice_ubl_text"]


class InvoiceRow(msgspec.Struct, frozen=True, kw_only=True):
    """One invoice with its quote's number, version and language and its request's reference."""

    number: str
    quote_number: str
    quote_version: int
    reference: str
    issue_date: str
    due_date: str
    currency: str
    lang: str
    seller: str
    buyer: str
    lines: str
    vat_breakdown: str
    subtotal: str
    vat: str
    total: str
    created_by: str
    created_at: str


class NewInvoice(msgspec.Struct, frozen=True, kw_only=True):
    """An invoice as it is stored; parties, lines and VAT per rate as JSON text, ``ubl`` the XML."""

    dealer: str
    quote_id: int
    number: str
    issue_date: str
    due_date: str
    currency: str
    seller: str
    buyer: str
    lines: str
    vat_breakdown: str
    subtotal: str
    vat: str
    total: str
    ubl: str
    created_by: str
    created_at: str


_COLUMNS = ("i.number, q.number AS quote_number, q.version AS quote_version, r.reference, i.issue_date, "
            "i.due_date, i.currency, q.lang, i.seller, i.buyer, i.lines, i.vat_breakdown, i.subtotal, i.vat, "
            "i.total, i.created_by, i.created_at")
_FROM = "FROM invoices i JOIN quotes q ON q.id = i.quote_id JOIN quote_requests r ON r.id = q.request_id"


def invoice_row(db: sqlite_utils.Database, dealer: str, number: str) -> InvoiceRow | None:
    """``dealer``'s invoice ``number``."""
    rows = decoded(db.execute(f"SELECT {_COLUMNS} {_FROM} WHERE i.dealer = ? AND i.number = ?", [dealer, number]),
                   InvoiceRow)
    return rows[0] if rows else None


def count_invoices(db: sqlite_utils.Database, dealer: str) -> int:
    """How many invoices ``dealer`` has issued."""
    return int(db.execute("SELECT COUNT(*) FROM invoices WHERE dealer = ?", [dealer]).fetchone()[0])


def invoice_rows(db: sqlite_utils.Database, dealer: str, limit: int, offset: int) -> list[InvoiceRow]:
    """One page of ``dealer``'s invoices, newest first."""
    return decoded(db.execute(f"SELECT {_COLUMNS} {_FROM} WHERE i.dealer = ? ORDER BY i.id DESC LIMIT ? OFFSET ?",
                              [dealer, limit, offset]), InvoiceRow)


def invoice_ubl_text(db: sqlite_utils.Database, dealer: str, number: str) -> str | None:
    """The UBL XML stored with the invoice."""
    row = db.execute("SELECT ubl FROM invoices WHERE dealer = ? AND number = ?", [dealer, number]).fetchone()
    return str(row[0]) if row else None


def invoice_number_of(db: sqlite_utils.Database, dealer: str, quote_id: int) -> str | None:
    """The number of the invoice made from quote version ``quote_id``, if any."""
    row = db.execute("SELECT number FROM invoices WHERE dealer = ? AND quote_id = ?", [dealer, quote_id]).fetchone()
    return str(row[0]) if row else None


def insert_invoice(db: sqlite_utils.Database, new: NewInvoice) -> None:
    """Store an invoice."""
    db.conn.execute(
        "INSERT INTO invoices (dealer, quote_id, number, issue_date, due_date, currency, seller, buyer, lines, "
        "vat_breakdown, subtotal, vat, total, ubl, created_by, created_at) VALUES (:dealer, :quote_id, :number, "
        ":issue_date, :due_date, :currency, :seller, :buyer, :lines, :vat_breakdown, :subtotal, :vat, :total, :ubl, "
        ":created_by, :created_at)", msgspec.structs.asdict(new))
