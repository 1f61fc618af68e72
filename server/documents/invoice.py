"""The invoice as issued, and as a PDF: what Dutch law asks an invoice to state, VAT per rate."""

from __future__ import annotations

from decimal import Decimal

import msgspec

from server.documents.legal_format import printed_iban, printed_vat
from server.documents.page import Column, Document
from server.documents.parties import Buyer, Seller, buyer_lines, seller_lines
from server.documents.quote import QuoteLine, day
from server.documents.ubl import invoice_ubl
from server.documents.words import words
from server.engine.evaluate import VatRow
from server.i18n import format_money, format_number, format_percent

__all__ = ["Invoice", "invoice_pdf", "invoice_xml"]


class Invoice(msgspec.Struct, frozen=True, kw_only=True):
    """An invoice as issued."""

    number: str
    quote_number: str
    quote_version: int
    reference: str
    issue_date: str
    due_date: str
    supply_date: str
    currency: str
    lang: str
    seller: Seller
    buyer: Buyer
    lines: list[QuoteLine]
    vat_breakdown: list[VatRow]
    subtotal: str
    vat: str
    total: str
    payment_note: str
    created_by: str
    created_at: str


def invoice_pdf(invoice: Invoice, logo: bytes | None = None) -> bytes:
    """Seller and buyer with their numbers, invoice and supply dates, lines, VAT per rate, how to pay.

    ``logo`` is the PNG rendition of the dealer's logo, at the top right of every page.
    """
    lang = invoice.lang
    w = words(lang)
    seller = invoice.seller
    doc = Document(header=[seller.name, f"{w['invoice']} {invoice.number}"],
                   accent=seller.accent_colour or "#1d2327",
                   footer=" · ".join(x for x in (seller.name, printed_vat(seller.vat_number), seller.coc_number,
                                                printed_iban(seller.iban)) if x),
                   lang=lang, page_words=w["page"], logo=logo)
    doc.blocks([[w["from"] + ":", *seller_lines(seller, w)], [w["to"] + ":", *buyer_lines(invoice.buyer)]])
    doc.blocks([[w["invoice_number"], invoice.number], [w["date"], day(invoice.issue_date, lang)],
                [w["supply_date"], day(invoice.supply_date, lang)], [w["due_date"], day(invoice.due_date, lang)]])
    doc.paragraph(f"{w['quote']} {invoice.quote_number} · {w['reference']} {invoice.reference}", size=3.0,
                  colour="#5b636a", gap=3)
    columns = [Column(w["description"], 88), Column(w["quantity"], 16, "end"), Column(w["unit_price"], 28, "end"),
               Column(w["vat"], 14, "end"), Column(w["amount"], doc.width - 146, "end")]
    rows = [[x.description, "", "", "", ""] if x.kind == "text" else
            [x.description, format_number(x.quantity, lang), format_money(x.unit_price, lang, invoice.currency),
             format_percent(x.vat_rate, lang), format_money(x.amount, lang, invoice.currency)] for x in invoice.lines]
    doc.table(columns, rows)
    sums = [(w["subtotal"], format_money(invoice.subtotal, lang, invoice.currency), False)]
    # The rate as the locale writes a percentage, the same as the lines' VAT column ("21 %" in German).
    sums += [(w["vat_on"].format(rate=format_percent(row.rate, lang),
                                 base=format_money(row.base, lang, invoice.currency)),
              format_money(row.vat, lang, invoice.currency), False)
             for row in invoice.vat_breakdown if Decimal(row.base)]
    sums.append((w["total"], format_money(invoice.total, lang, invoice.currency), True))
    doc.sums(sums)
    if invoice.payment_note:
        doc.paragraph(invoice.payment_note, bold=True)
    return doc.pdf()


def invoice_xml(invoice: Invoice, logo: bytes | None = None) -> bytes:
    """The invoice as UBL 2.1 XML (NLCIUS) with its PDF (with ``logo``) embedded; the writer reads plain data."""
    return invoice_ubl(msgspec.to_builtins(invoice), invoice_pdf(invoice, logo))
