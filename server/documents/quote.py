"""The formal quote as a PDF: the offer's pages, then an A4 drawing sheet per window."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import NamedTuple

import msgspec

from server.documents.legal_format import printed_vat
from server.documents.page import Column, Document
from server.documents.parties import Buyer, Seller, buyer_lines, seller_lines
from server.documents.words import words
from server.engine.evaluate import VatRow
from server.i18n import format_date, format_money, format_number, format_percent

# The quote's shape is defined with its document, below the services, so that documents never
# import back up into them; server.services.quotes re-exports it for its callers.
__all__ = ["Quote", "QuoteLine", "SheetHead", "day", "quote_pdf", "sheet_head"]


class QuoteLine(msgspec.Struct, frozen=True, kw_only=True):
    """One checked line: amounts excl. VAT as decimal strings, ``amount`` rounded once to cents."""

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
    seller: Seller
    buyer: Buyer
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


class SheetHead(NamedTuple):
    """What heads and foots an A4 sheet that is part of a larger document."""

    reference: str
    date: str
    page: str


def day(iso: str | None, lang: str, time_zone: str | None = None) -> str:
    """A date as the widget's ``Intl`` writes it (``29-11-2026`` nl, ``29.11.2026`` de, ``29/11/2026`` en).

    A UTC timestamp is dated in ``time_zone`` (the dealer's): 23:30 UTC on 30 November is 1 December
    in Amsterdam. A bare day (``valid_until``) is already the dealer's day.
    """
    return format_date(iso, lang, time_zone)


def sheet_head(quote: Quote, n: int, page: int, of: int, time_zone: str | None = None) -> SheetHead:
    """The head of item ``n``'s drawing sheet as page ``page`` of ``of`` of ``quote``'s PDF.

    The sheet carries the quote's number beside the request reference, and its date written as
    the quote writes it.
    """
    w = words(quote.lang)
    return SheetHead(reference=f"{w['quote']} {quote.number} · {quote.reference} / {n}",
                     date=day(quote.sent_at or quote.created_at, quote.lang, time_zone),
                     page=w["page"].format(n=page, of=of))


def quote_pdf(quote: Quote, sheets: Sequence[tuple[int, Callable[[SheetHead], bytes]]] = (),
              time_zone: str | None = None, logo: bytes | None = None) -> bytes:
    """The quote's pages (parties, lines, VAT per rate, validity, terms) followed by ``sheets``.

    Each of ``sheets`` is (item position, a function drawing that item's one-page A4 sheet given
    its head), so the pages are numbered across the whole document ("Pagina 2 van 3"). Dates are
    the dealer's days in ``time_zone``. ``logo`` (the PNG rendition of the dealer's logo) is at
    the top right of every page, the sheets' included.
    """
    lang = quote.lang
    w = words(lang)
    seller = quote.seller
    title = f"{w['quote']} {quote.number}" + (f" ({w['version']} {quote.version})" if quote.version > 1 else "")
    doc = Document(header=[seller.name, title], accent=seller.accent_colour or "#1d2327",
                   footer=" · ".join(x for x in (seller.name, printed_vat(seller.vat_number), seller.coc_number) if x),
                   lang=lang, page_words=w["page"], logo=logo)
    doc.blocks([[w["from"] + ":", *seller_lines(seller, w)], [w["to"] + ":", *buyer_lines(quote.buyer)]])
    issued = quote.sent_at or quote.created_at
    doc.blocks([[w["date"], day(issued, lang, time_zone)], [w["valid_until"], day(quote.valid_until, lang)],
                [w["reference"], quote.reference]])
    if quote.intro:
        doc.paragraph(quote.intro, gap=3)
    columns = [Column(w["description"], 88), Column(w["quantity"], 16, "end"), Column(w["unit_price"], 28, "end"),
               Column(w["vat"], 14, "end"), Column(w["amount"], doc.width - 146, "end")]
    rows = []
    for line in quote.lines:
        if line.kind == "text":
            rows.append([line.description, "", "", "", ""])
        else:
            rows.append([line.description, format_number(line.quantity, lang),
                         format_money(line.unit_price, lang, quote.currency), format_percent(line.vat_rate, lang),
                         format_money(line.amount, lang, quote.currency)])
    doc.table(columns, rows)
    sums = [(w["subtotal"], format_money(quote.subtotal, lang, quote.currency), False)]
    # The rate as the locale writes a percentage, the same as the lines' VAT column ("21 %" in German).
    sums += [(w["vat_on"].format(rate=format_percent(row.rate, lang),
                                  base=format_money(row.base, lang, quote.currency)),
               format_money(row.vat, lang, quote.currency), False)
              for row in quote.vat_breakdown if Decimal(row.base)]
    sums.append((w["total"], format_money(quote.total, lang, quote.currency), True))
    doc.sums(sums)
    if quote.accepted_name and quote.decided_at:
        doc.paragraph(w["accepted"].format(name=quote.accepted_name, date=day(quote.decided_at, lang, time_zone)),
                      bold=True)
    if quote.terms:
        heading = w["terms"] + (f" ({w['terms_version'].format(version=seller.terms_version)})"
                                if seller.terms_version else "")
        doc.paragraph(heading, bold=True, gap=0.5)
        doc.paragraph(quote.terms, size=3.0)
    if sheets:
        doc.paragraph(w["drawings"], size=3.0, colour="#5b636a")
    own = len(doc.pages)
    total = own + len(sheets)
    return doc.pdf([draw(sheet_head(quote, n, own + i + 1, total, time_zone)) for i, (n, draw) in enumerate(sheets)])
