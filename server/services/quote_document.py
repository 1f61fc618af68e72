"""The quote's PDF with an A4 drawing sheet of each window it quotes."""

from __future__ import annotations

import sqlite_utils

from server.documents.quote import quote_pdf
from server.services.branding import logo_rendition
from server.services.catalogs import LoadedCatalog
from server.services.drawings import sheet_maker
from server.services.errors import DomainError
from server.services.quotes import Quote
from server.services.requests import get_request

__all__ = ["quote_document"]


def quote_document(db: sqlite_utils.Database, loaded: LoadedCatalog, quote: Quote) -> bytes:
    """The quote's pages, then the sheet of each item its lines refer to (in the quote's language)."""
    detail = get_request(db, loaded.slug, quote.reference)
    logo = logo_rendition(db, loaded.slug)
    sheets = []
    for n in sorted({line.item_position for line in quote.lines if line.item_position}):
        try:
            sheets.append((n, sheet_maker(loaded, detail, n, lang=quote.lang, logo=logo)))
        except DomainError:
            continue  # the catalog changed so much the window cannot be drawn; the quote still goes
    return quote_pdf(quote, sheets, loaded.catalog.dealer.time_zone, logo=logo)
