"""Formal quotes and invoices in the dealer API (``/api/v1/dealer/quotes``, ``/api/v1/dealer/invoices``)."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Request, Response, get, post, put
from litestar.datastructures import State
from litestar.params import PathParameter, QueryParameter

from server.api.dealer_common import Db, Key, actor, attachment, catalog_of, decode_body
from server.api.guards import require_json
from server.api.openapi import errors, json_body
from server.links import public_base
from server.services import invoices, quotes
from server.services.quote_document import quote_document

__all__ = ["QUOTE_ROUTES"]

Number = Annotated[str, PathParameter(description="The quote's number, e.g. Q-2026-0042", max_length=40)]
InvoiceNumber = Annotated[str, PathParameter(description="The invoice's number, e.g. INV-2026-0001", max_length=40)]
Reference = Annotated[str, PathParameter(description="The request's reference", max_length=64)]
VersionQuery = Annotated[int | None, QueryParameter(ge=1, le=10_000, description="A version; default the latest")]
QuoteStatus = Annotated[Literal["draft", "sent", "viewed", "accepted", "declined", "expired"] | None,
                        QueryParameter(description="Only quotes with this status")]
PageQuery = Annotated[int, QueryParameter(ge=1, le=100_000)]
RefQuery = Annotated[str | None, QueryParameter(description="Only quotes of this request", max_length=64)]


@get("/quotes", sync_to_thread=True, responses=errors(400, 401, 429),
     summary="Quotes (their latest versions), newest first")
def list_quotes(key: Key, db: Db, status: QuoteStatus = None, reference: RefQuery = None,
                page: PageQuery = 1) -> quotes.QuotePage:
    """Filter by status or request."""
    return quotes.list_quotes(db, key.dealer, status, reference, page, clamp=False)  # past the end: empty


@post("/requests/{reference:str}/quotes", status_code=201, summary="Make a draft quote from a request",
      responses=errors(400, 401, 403, 404, 409, 413, 415, 422, 429),
      operation_class=json_body(quotes.QuoteIn, required=False, description="Optional: the lines to start with"),
      description="Without a body the lines are prefilled from the request's items as the server priced them.")
async def create_quote(request: Request, state: State, key: Key, db: Db, reference: Reference) -> quotes.Quote:
    """Numbered per dealer and year without gaps."""
    raw = await request.body()
    body = None
    if raw.strip():
        require_json(request, None)  # type: ignore[arg-type]  # the guard never reads its handler
        body = await decode_body(request, quotes.QuoteIn)
    return quotes.create_quote(db, catalog_of(state, key), reference, actor(key), body)


@get("/quotes/{number:str}", sync_to_thread=True, responses=errors(400, 401, 404, 429),
     summary="One quote (latest version, or ?version=)")
def get_quote(key: Key, db: Db, number: Number, version: VersionQuery = None) -> quotes.Quote:
    """Lines, VAT per rate, validity, terms, status and the homeowner's answer."""
    return quotes.get_quote(db, key.dealer, number, version)


@get("/quotes/{number:str}/versions", sync_to_thread=True, responses=errors(400, 401, 404, 429),
     summary="Every version of a quote, oldest first")
def quote_versions(key: Key, db: Db, number: Number) -> list[quotes.Quote]:
    """Editing a sent quote made a new version; the old ones stay."""
    found = quotes.versions(db, key.dealer, number)
    if not found:
        quotes.get_quote(db, key.dealer, number)  # the 404
    return found


@put("/quotes/{number:str}", guards=[require_json], summary="Edit a quote",
     responses=errors(400, 401, 403, 404, 409, 413, 415, 422, 429), operation_class=json_body(quotes.QuoteIn),
     description="A draft changes in place; a sent or viewed quote gets a new draft version; a decided one is 409.")
async def put_quote(request: Request, state: State, key: Key, db: Db, number: Number) -> quotes.Quote:
    """Every field error at once (422)."""
    body: quotes.QuoteIn = await decode_body(request, quotes.QuoteIn)
    return quotes.update_quote(db, catalog_of(state, key), number, body, actor(key))


@post("/quotes/{number:str}/send", sync_to_thread=True, status_code=200,
      responses=errors(400, 401, 403, 404, 409, 429), summary="Send the quote to the homeowner",
      description="E-mails the quote (PDF attached) with a one-time link; the answer shows the link once.")
def send_quote(state: State, key: Key, db: Db, number: Number) -> quotes.Quote:
    """The request becomes quoted; earlier sent versions are superseded."""
    return quotes.send_quote(db, catalog_of(state, key), number, actor(key), public_base(state.settings))


@get("/quotes/{number:str}/quote.pdf", sync_to_thread=True, media_type="application/pdf",
     responses=errors(400, 401, 404, 409, 429), summary="The quote as PDF, with the drawings")
def quote_pdf(state: State, key: Key, db: Db, number: Number, version: VersionQuery = None) -> Response[bytes]:
    """The offer's pages followed by an A4 sheet per window."""
    quote = quotes.get_quote(db, key.dealer, number, version)
    name = f"{quote.number}" + (f"-v{quote.version}" if quote.version > 1 else "")
    return attachment(quote_document(db, catalog_of(state, key), quote), "pdf", f"{name}.pdf")


@post("/quotes/{number:str}/invoice", sync_to_thread=True, status_code=201,
      responses=errors(400, 401, 403, 404, 409, 429),
      summary="Invoice an accepted quote (numbered per dealer and year without gaps)")
def invoice_quote(state: State, key: Key, db: Db, number: Number) -> invoices.Invoice:
    """409 when the quote is not accepted or was already invoiced."""
    return invoices.create_invoice(db, catalog_of(state, key), number, actor(key))


@get("/invoices", sync_to_thread=True, responses=errors(400, 401, 429), summary="Invoices, newest first")
def list_invoices(key: Key, db: Db, page: PageQuery = 1) -> invoices.InvoicePage:
    """As issued."""
    return invoices.list_invoices(db, key.dealer, page, clamp=False)  # past the end: empty


@get("/invoices/{number:str}", sync_to_thread=True, responses=errors(400, 401, 404, 429), summary="One invoice")
def get_invoice(key: Key, db: Db, number: InvoiceNumber) -> invoices.Invoice:
    """Seller, buyer, lines, VAT per rate, totals, due date."""
    return invoices.get_invoice(db, key.dealer, number)


@get("/invoices/{number:str}/invoice.pdf", sync_to_thread=True, media_type="application/pdf",
     responses=errors(400, 401, 404, 429), summary="The invoice as PDF")
def get_invoice_pdf(key: Key, db: Db, number: InvoiceNumber) -> Response[bytes]:
    """What the homeowner receives."""
    invoice, pdf = invoices.issued_pdf(db, key.dealer, number)
    return attachment(pdf, "pdf", f"{invoice.number}.pdf")


@get("/invoices/{number:str}/invoice.xml", sync_to_thread=True, media_type="application/xml",
     responses=errors(400, 401, 404, 429), summary="The invoice as UBL 2.1 (NLCIUS)")
def get_invoice_ubl(key: Key, db: Db, number: InvoiceNumber) -> Response[bytes]:
    """For administration software; the PDF is embedded."""
    invoice, ubl = invoices.invoice_files(db, key.dealer, number)
    return attachment(ubl.encode(), "xml", f"{invoice.number}.xml")


QUOTE_ROUTES = [list_quotes, create_quote, get_quote, quote_versions, put_quote, send_quote, quote_pdf, invoice_quote,
                list_invoices, get_invoice, get_invoice_pdf, get_invoice_ubl]


