"""Invoices in the back office: the list, one invoice as issued, its PDF and its UBL 2.1 XML (NLCIUS)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Annotated

from litestar import Request, Response, get
from litestar.params import PathParameter

from server.admin.core import Auth, Db, render
from server.admin.quotes import calendar_day, notice
from server.documents.legal_format import printed_bic, printed_iban, printed_vat
from server.services import invoices
from server.services.audit import record
from server.storage.db import write_transaction
from server.web_shared import file_response

__all__ = ["ROUTES"]

InvoiceNumber = Annotated[str, PathParameter(max_length=40)]
# The seller's numbers as the PDF prints them (stored compact).
_PRINTED = SimpleNamespace(iban=printed_iban, bic=printed_bic, vat=printed_vat)


@get("/invoices", sync_to_thread=True)
def invoices_page(request: Request, db: Db, session: Auth) -> Response:
    """Newest first, paginated."""
    raw_page = str(request.query_params.get("page") or "1")[:10]
    page = invoices.list_invoices(db, session.dealer, int(raw_page) if raw_page.isdigit() else 1, per_page=25)
    return render(request, "invoices.html", section="invoices", page=page,
                  dday=lambda v: calendar_day(v, session.user.lang))


@get("/invoices/{number:str}", sync_to_thread=True)
def invoice_page(request: Request, db: Db, session: Auth, number: InvoiceNumber) -> Response:
    """Seller, buyer, dates, lines, VAT per rate and totals, exactly as issued; the view is recorded."""
    invoice = invoices.get_invoice(db, session.dealer, number)
    with write_transaction(db):
        record(db, session.dealer, session.user.actor, "invoice.view", invoice.number)
    return render(request, "invoice.html", section="invoices", inv=invoice, base=f"/admin/invoices/{invoice.number}",
                  notice=notice(request, session.user.lang), dday=lambda v: calendar_day(v, session.user.lang),
                  printed=_PRINTED)


@get("/invoices/{number:str}/invoice.pdf", sync_to_thread=True)
def invoice_file_pdf(db: Db, session: Auth, number: InvoiceNumber) -> Response:
    """The invoice as the homeowner receives it."""
    invoice, pdf = invoices.issued_pdf(db, session.dealer, number)
    return file_response(pdf, "application/pdf", f"{invoice.number}.pdf")


@get("/invoices/{number:str}/invoice.xml", sync_to_thread=True)
def invoice_file_xml(db: Db, session: Auth, number: InvoiceNumber) -> Response:
    """UBL 2.1 in the Dutch profile, with the PDF embedded, for administration software."""
    invoice, ubl = invoices.invoice_files(db, session.dealer, number)
    return file_response(ubl.encode(), "application/xml", f"{invoice.number}.xml")


ROUTES = [invoices_page, invoice_page, invoice_file_pdf, invoice_file_xml]
