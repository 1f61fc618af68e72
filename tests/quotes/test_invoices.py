"""Invoices from accepted quotes: numbering, VAT per rate, UBL 2.1 against the OASIS schema, PDF, retention."""

from __future__ import annotations

import io
import subprocess
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pypdf import PdfReader

from server.services.invoices import create_invoice
from server.services.quotes import accept_quote, create_quote, get_quote, send_quote
from server.storage.db import connect
from tests.quotes.conftest import Shop
from tests.support.ubl_schema import invoice_schema

UBL = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
       "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"}


def _accepted(shop: Shop, **install: str) -> str:
    ref = shop.submit()
    quote = shop.quote(ref)
    if install:
        lines = [{k: line[k] for k in ("kind", "description", "quantity", "unit_price", "vat_rate", "item_position")}
                 for line in quote["lines"]]
        lines.append({"kind": "installation", "description": "Montage", **install})
        lines.append({"kind": "discount", "description": "Korting", "unit_price": "25", "vat_rate": "21"})
        shop.send("PUT", f"/quotes/{quote['number']}", json={"lines": lines})
    _, link = shop.sent(quote["number"])
    shop.client.post(link + "/accept", data={"name": "Anna Jansen", "agree": "yes"})
    return quote["number"]


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(invoice_schema())))


def test_an_accepted_quote_becomes_a_valid_ubl_invoice(shop: Shop, schema: etree.XMLSchema) -> None:
    number = _accepted(shop, quantity="2", unit_price="110", vat_rate="9")
    made = shop.send("POST", f"/quotes/{number}/invoice")
    assert made.status_code == 201
    invoice = made.json()
    year = datetime.now(UTC).year
    assert invoice["number"] == f"INV-{year}-0001" and invoice["quote_number"] == number
    quote = shop.get(f"/quotes/{number}").json()
    assert (invoice["subtotal"], invoice["vat"], invoice["total"]) == (quote["subtotal"], quote["vat"], quote["total"])
    assert {row["rate"] for row in invoice["vat_breakdown"]} == {"21", "9"}
    xml = shop.get(f"/invoices/{invoice['number']}/invoice.xml")
    assert xml.headers["content-type"].startswith("application/xml")
    document = etree.fromstring(xml.content)
    assert schema.validate(document), schema.error_log
    assert document.findtext("cbc:CustomizationID", namespaces=UBL).endswith("urn:fdc:nen.nl:nlcius:v1.0")
    assert document.findtext("cbc:ID", namespaces=UBL) == invoice["number"]
    assert document.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=UBL) == invoice["total"]
    subtotals = {s.findtext("cac:TaxCategory/cbc:Percent", namespaces=UBL): s.findtext("cbc:TaxAmount", namespaces=UBL)
                 for s in document.findall("cac:TaxTotal/cac:TaxSubtotal", namespaces=UBL)}
    assert subtotals == {row["rate"]: row["vat"] for row in invoice["vat_breakdown"]}
    lines = document.findall("cac:InvoiceLine", namespaces=UBL)
    assert [ln.findtext("cbc:InvoicedQuantity", namespaces=UBL) for ln in lines][-1] == "-1"  # the discount
    assert all(not ln.findtext("cac:Price/cbc:PriceAmount", namespaces=UBL).startswith("-") for ln in lines)
    supplier = "cac:AccountingSupplierParty/cac:Party/"
    assert document.findtext(supplier + "cac:PartyTaxScheme/cbc:CompanyID", namespaces=UBL) == "NL000099998B57"
    assert document.findtext(supplier + "cac:PartyLegalEntity/cbc:CompanyID", namespaces=UBL) == "12345678"
    assert document.findtext("cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID",
                             namespaces=UBL) == "NL91ABNA0417164300"
    embedded = document.find("cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject",
                             namespaces=UBL)
    assert embedded is not None and embedded.get("mimeCode") == "application/pdf"


def test_only_an_accepted_quote_is_invoiced_and_only_once(shop: Shop) -> None:
    ref = shop.submit()
    draft = shop.quote(ref)
    refused = shop.send("POST", f"/quotes/{draft['number']}/invoice")
    assert refused.status_code == 409 and "draft" in refused.json()["detail"]
    number = _accepted(shop)
    assert shop.send("POST", f"/quotes/{number}/invoice").status_code == 201
    twice = shop.send("POST", f"/quotes/{number}/invoice")
    assert twice.status_code == 409 and "INV-" in twice.json()["detail"]
    assert shop.get("/invoices").json()["total_count"] == 1


def test_the_invoice_pdf_states_what_the_law_asks(shop: Shop, tmp_path: Path) -> None:
    number = _accepted(shop, quantity="1", unit_price="200", vat_rate="9")
    invoice = shop.send("POST", f"/quotes/{number}/invoice").json()
    pdf = shop.get(f"/invoices/{invoice['number']}/invoice.pdf").content
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for needed in (invoice["number"], "NL000099998B57", "12345678", "Anna Jansen", "Btw 21%", "Btw 9%",
                   "Leverdatum", "Vervaldatum", "NL91 ABNA 0417 1643 00"):  # the IBAN as people write it
        assert needed in text, needed
    (tmp_path / "invoice.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(tmp_path / "invoice.pdf"), str(tmp_path / "inv")],
                   check=True, timeout=60)
    with Image.open(next(tmp_path.glob("inv-*.png"))) as page:
        grey = page.convert("L")
        inked = sum(grey.histogram()[:128]) / (page.width * page.height)
        assert 0.005 < inked < 0.3


def test_numbers_have_no_gaps_under_concurrent_creation(shop: Shop) -> None:
    catalogs = shop.client.app.state.catalogs
    loaded = catalogs.get("demo")
    refs = [shop.submit(email=f"klant{i}@example.nl") for i in range(8)]
    made: list[str] = []
    failures: list[BaseException] = []

    def make(ref: str) -> None:
        db = connect(shop.settings.db_path)
        try:
            quote = create_quote(db, loaded, ref, "test")
            send_quote(db, loaded, quote.number, "test", "http://x")
            accept_quote(db, loaded, get_quote(db, "demo", quote.number), "Anna", True)
            made.append(create_invoice(db, loaded, quote.number, "test").number)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            db.conn.close()

    threads = [threading.Thread(target=make, args=(ref,)) for ref in refs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    year = datetime.now(UTC).year
    assert sorted(made) == [f"INV-{year}-{n:04d}" for n in range(1, 9)]
    quotes = shop.get("/quotes").json()["quotes"]
    assert sorted(q["number"] for q in quotes) == [f"Q-{year}-{n:04d}" for n in range(1, 9)]


def test_erasing_the_contact_keeps_the_invoice_as_issued(shop: Shop) -> None:
    number = _accepted(shop)
    invoice = shop.send("POST", f"/quotes/{number}/invoice").json()
    quote = shop.get(f"/quotes/{number}").json()
    contact = shop.get(f"/requests/{quote['reference']}").json()["contact_id"]
    shop.deliver()  # the mails went out: the delivery log and sent jobs must be scrubbed too
    exported = shop.get(f"/contacts/{contact}/export").json()
    assert [i["number"] for i in exported["invoices"]] == [invoice["number"]]
    assert shop.send("DELETE", f"/contacts/{contact}").status_code == 204
    kept = shop.get(f"/invoices/{invoice['number']}").json()
    assert kept["buyer"]["name"] == "Anna Jansen" and kept["total"] == invoice["total"]
    anonymised = shop.get(f"/quotes/{number}").json()
    assert anonymised["buyer"]["name"] == "[erased]" and anonymised["accepted_name"] == "[erased]"
    db = connect(shop.settings.db_path)
    try:  # outside the invoice, no table holds the address or the quote's link any more
        left = "\n".join(str(row) for table in db.table_names() if table != "invoices" for row in db[table].rows)
    finally:
        db.conn.close()
    assert "anna@example.nl" not in left and "/q/" not in left


def test_another_dealer_cannot_see_quotes_or_invoices(shop: Shop) -> None:
    number = _accepted(shop)
    invoice = shop.send("POST", f"/quotes/{number}/invoice").json()["number"]
    for path in (f"/quotes/{number}", f"/quotes/{number}/versions", f"/quotes/{number}/quote.pdf",
                 f"/invoices/{invoice}", f"/invoices/{invoice}/invoice.pdf", f"/invoices/{invoice}/invoice.xml"):
        assert shop.get(path, shop.other).status_code == 404, path
    for method, path in (("POST", f"/quotes/{number}/send"), ("POST", f"/quotes/{number}/invoice"),
                         ("PUT", f"/quotes/{number}")):
        answer = shop.send(method, path, shop.other, json={"lines": []} if method == "PUT" else None)
        assert answer.status_code == 404, (method, path, answer.text)
    assert shop.get("/quotes", shop.other).json()["total_count"] == 0
    assert shop.get("/invoices", shop.other).json()["total_count"] == 0
    ref = shop.get(f"/quotes/{number}").json()["reference"]
    assert shop.send("POST", f"/requests/{ref}/quotes", shop.other).status_code == 404
    assert shop.send("POST", f"/quotes/{number}/send", shop.demo_ro).status_code == 403
