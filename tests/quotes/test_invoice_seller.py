"""No invoice while the seller lacks a detail the law asks for; the PDFs print the saved company details."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.quotes.conftest import Shop


def _accepted(shop: Shop) -> str:
    quote = shop.quote(shop.submit())
    _, link = shop.sent(quote["number"])
    shop.client.post(link + "/accept", data={"name": "Anna Jansen", "agree": "yes"})
    return str(quote["number"])


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True,
                          timeout=60)
    return done.stdout


def test_an_invoice_is_refused_while_details_are_missing_then_allowed(shop: Shop) -> None:
    number = _accepted(shop)
    assert shop.send("PATCH", "/settings/legal", json={"iban": "", "coc_number": ""}).status_code == 200
    refused = shop.send("POST", f"/quotes/{number}/invoice")
    assert refused.status_code == 409
    assert refused.json()["detail"] == "The dealer's legal details lack what an invoice must carry: coc_number, iban"
    assert shop.get("/invoices").json()["total_count"] == 0, "nothing half-made"
    assert shop.send("PATCH", "/settings/legal", json={"iban": "NL20INGB0001234567",
                                                       "coc_number": "87654321"}).status_code == 200
    made = shop.send("POST", f"/quotes/{number}/invoice")
    assert made.status_code == 201, made.text
    # The invoice takes the seller as the details stand now, not as they were when the quote was made.
    assert made.json()["seller"]["iban"] == "NL20INGB0001234567" and made.json()["seller"]["coc_number"] == "87654321"


def test_the_pdfs_carry_the_saved_iban_and_vat_number_formatted(shop: Shop, tmp_path: Path) -> None:
    changed = shop.send("PATCH", "/settings/legal", json={
        "company_name": "Kozijnen Demo B.V.", "iban": "NL20INGB0001234567", "bic": "INGBNL2A",
        "vat_number": "NL002455799B11", "terms_version": "2026-03"})
    assert changed.status_code == 200, changed.text
    number = _accepted(shop)
    quote_text = _text(shop.get(f"/quotes/{number}/quote.pdf").content, tmp_path)
    for needed in ("Kozijnen Demo B.V.", "NL002455799B11", "NL20 INGB 0001 2345 67", "INGBNL2A", "versie 2026-03"):
        assert needed in quote_text, needed
    invoice = shop.send("POST", f"/quotes/{number}/invoice").json()
    invoice_text = _text(shop.get(f"/invoices/{invoice['number']}/invoice.pdf").content, tmp_path)
    for needed in ("Kozijnen Demo B.V.", "NL002455799B11", "NL20 INGB 0001 2345 67", "INGBNL2A"):
        assert needed in invoice_text, needed
    assert "NL91" not in invoice_text, "the catalog's IBAN is gone once the details are saved"
    ubl = shop.get(f"/invoices/{invoice['number']}/invoice.xml").text
    assert "<cbc:ID>NL20INGB0001234567</cbc:ID>" in ubl, "the e-invoice carries the IBAN compact"
