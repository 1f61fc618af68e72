"""A Swiss dealer from ``dealer init --country CH``: francs and 8.1% VAT from the request to the invoice's UBL."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient
from lxml import etree
from pypdf import PdfReader

from server.app import create_app
from server.resources import resource
from server.services.country_templates import TEMPLATES, starter_catalog
from server.services.keys import create_key
from server.settings import Settings
from server.storage.db import connect, migrate
from tests.quotes.conftest import Shop
from tests.support.dealers import add_dealer
from tests.support.ubl_schema import invoice_schema

UBL = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
       "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"}
SWISS_LEGAL = """[dealer.legal]
country = "CH"
street = "Bahnhofstrasse 1"
postcode = "8001"
city = "Zürich"
vat_number = "CHE-107.787.577 MWST"
iban = "CH93 0076 2011 6238 5295 7"
"""


@pytest.fixture
def swiss(shop_settings: Settings, catalogs_dir: Path) -> Iterator[tuple[Shop, str]]:
    text = starter_catalog(resource("catalogs", "demo.toml").read_text(encoding="utf-8"), TEMPLATES["CH"],
                           name="Fenster Zürich", languages=["de", "en"], vat=TEMPLATES["CH"].standard_rate,
                           email="info@fenster-zh.example", origins=[])
    text = text.replace('[dealer.legal]\ncountry = "CH"\n', SWISS_LEGAL, 1)
    text = text.replace("retention_days = 730", 'retention_days = 730\nprivacy_notice_url = '
                                                '"https://dealer.example/privacy"\nprivacy_notice_version = "2026-01"')
    add_dealer(catalogs_dir, "fenster-zh", text)
    with TestClient(create_app(shop_settings)) as client:
        shop = Shop(client, shop_settings)
        db = connect(shop_settings.db_path)
        try:
            migrate(db)
            key = create_key(db, "fenster-zh").key
        finally:
            db.conn.close()
        yield shop, key


def test_francs_from_the_request_through_the_quote_pdf_the_export_to_the_ubl_invoice(
        swiss: tuple[Shop, str], tmp_path: Path) -> None:
    shop, key = swiss
    ref = shop.submit("fenster-zh", lang="de")
    request = shop.get(f"/requests/{ref}", key).json()
    assert request["currency"] == "CHF"
    csv_text = shop.get("/requests.csv", key).text
    assert ref in csv_text and "CHF" in csv_text and "EUR" not in csv_text
    made = shop.send("POST", f"/requests/{ref}/quotes", key)
    assert made.status_code == 201, made.text
    quote = made.json()
    assert quote["currency"] == "CHF" and {ln["vat_rate"] for ln in quote["lines"]} == {"8.1"}
    pdf = shop.get(f"/quotes/{quote['number']}/quote.pdf", key).content
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "CHF" in text and "€" not in text and "8,1" in text, text
    (tmp_path / "quote.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(tmp_path / "quote.pdf"),
                    str(tmp_path / "quote")], check=True, timeout=60)
    sent = shop.send("POST", f"/quotes/{quote['number']}/send", key)
    assert sent.status_code == 200, sent.text
    link = sent.json()["link"].split("://", 1)[1].split("/", 1)[1]
    page = shop.client.get(f"/{link}")
    assert "CHF" in page.text and "€" not in page.text
    shop.client.post(f"/{link}/accept", data={"name": "Anna Jansen", "agree": "yes"})
    invoice = shop.send("POST", f"/quotes/{quote['number']}/invoice", key)
    assert invoice.status_code == 201, invoice.text
    number = invoice.json()["number"]
    document = etree.fromstring(shop.get(f"/invoices/{number}/invoice.xml", key).content)
    assert etree.XMLSchema(etree.parse(str(invoice_schema()))).validate(document)
    assert document.findtext("cbc:DocumentCurrencyCode", namespaces=UBL) == "CHF"
    amounts = document.xpath("//*[@currencyID]")
    assert amounts and {a.get("currencyID") for a in amounts} == {"CHF"}
    assert document.findtext("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent", namespaces=UBL) == "8.1"
    invoice_pdf = PdfReader(io.BytesIO(shop.get(f"/invoices/{number}/invoice.pdf", key).content)).pages[0]
    assert "CHF" in invoice_pdf.extract_text() and "€" not in invoice_pdf.extract_text()
