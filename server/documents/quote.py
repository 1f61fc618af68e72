"""The formal quote as a PDF: the offer's pages, then an A4 drawing sheet per window."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

from server.documents.page import Column, Document, money
from server.documents.words import words
from server.services.drawings import SheetHead
from server.services.quotes import Quote

__all__ = ["buyer_lines", "day", "quote_pdf", "seller_lines", "sheet_head"]


def seller_lines(seller: dict, w: dict[str, str]) -> list[str]:
    """The dealer's name, address and legal numbers as printed."""
    lines = [seller.get("name", ""), seller.get("address", "")]
    lines += [x for x in (seller.get("email", ""), seller.get("phone", "")) if x]
    if seller.get("vat_number"):
        lines.append(f"{w['vat_number']} {seller['vat_number']}")
    if seller.get("coc_number"):
        lines.append(f"{w['coc_number']} {seller['coc_number']}")
    if seller.get("iban"):
        lines.append(f"{w['iban']} {seller['iban']}")
    return [x for x in lines if x]


def buyer_lines(buyer: dict) -> list[str]:
    """The homeowner's name and address as printed."""
    lines = [buyer.get("name", "")]
    if buyer.get("company"):
        lines.append(buyer["company"])
    lines.append(f"{buyer.get('street', '')} {buyer.get('house_number', '')}".strip())
    lines.append(f"{buyer.get('postcode', '')} {buyer.get('city', '')}".strip())
    lines += [x for x in (buyer.get("email", ""), buyer.get("phone", "")) if x]
    return [x for x in lines if x]


def day(iso: str | None, lang: str) -> str:
    """A date as the language writes it (``29-11-2026`` in nl and de, ISO in en)."""
    if not iso:
        return "-"
    d = date.fromisoformat(iso[:10])
    return d.strftime("%d-%m-%Y") if lang in ("nl", "de") else d.isoformat()


def _rate(rate: str) -> str:
    return f"{rate}%"


def sheet_head(quote: Quote, n: int, page: int, of: int) -> SheetHead:
    """The head of item ``n``'s drawing sheet as page ``page`` of ``of`` of ``quote``'s PDF.

    The sheet carries the quote's number beside the request reference, and its date written as
    the quote writes it.
    """
    w = words(quote.lang)
    return SheetHead(reference=f"{w['quote']} {quote.number} · {quote.reference} / {n}",
                     date=day(quote.sent_at or quote.created_at, quote.lang),
                     page=w["page"].format(n=page, of=of))


def quote_pdf(quote: Quote, sheets: Sequence[tuple[int, Callable[[SheetHead], bytes]]] = ()) -> bytes:
    """The quote's pages (parties, lines, VAT per rate, validity, terms) followed by ``sheets``.

    Each of ``sheets`` is (item position, a function drawing that item's one-page A4 sheet given
    its head), so the pages are numbered across the whole document ("Pagina 2 van 3").
    """
    lang = quote.lang
    w = words(lang)
    seller = quote.seller
    title = f"{w['quote']} {quote.number}" + (f" ({w['version']} {quote.version})" if quote.version > 1 else "")
    doc = Document(header=[seller.get("name", ""), title], accent=seller.get("accent_colour") or "#1d2327",
                   footer=" · ".join(x for x in (seller.get("name"), seller.get("vat_number"),
                                                 seller.get("coc_number")) if x),
                   lang=lang, page_words=w["page"])
    doc.blocks([[w["from"] + ":", *seller_lines(seller, w)], [w["to"] + ":", *buyer_lines(quote.buyer)]])
    issued = quote.sent_at or quote.created_at
    doc.blocks([[w["date"], day(issued, lang)], [w["valid_until"], day(quote.valid_until, lang)],
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
            rows.append([line.description, line.quantity, money(line.unit_price, lang, quote.currency),
                         _rate(line.vat_rate), money(line.amount, lang, quote.currency)])
    doc.table(columns, rows)
    sums = [(w["subtotal"], money(quote.subtotal, lang, quote.currency), False)]
    sums += [(w["vat_on"].format(rate=row.rate, base=money(row.base, lang, quote.currency)),
              money(row.vat, lang, quote.currency), False) for row in quote.vat_breakdown if Decimal(row.base)]
    sums.append((w["total"], money(quote.total, lang, quote.currency), True))
    doc.sums(sums)
    if quote.accepted_name and quote.decided_at:
        doc.paragraph(w["accepted"].format(name=quote.accepted_name, date=day(quote.decided_at, lang)), bold=True)
    if quote.terms:
        doc.paragraph(w["terms"], bold=True, gap=0.5)
        doc.paragraph(quote.terms, size=3.0)
    if sheets:
        doc.paragraph(w["drawings"], size=3.0, colour="#5b636a")
    own = len(doc.pages)
    total = own + len(sheets)
    return doc.pdf([draw(sheet_head(quote, n, own + i + 1, total)) for i, (n, draw) in enumerate(sheets)])
