"""One amount everywhere: the widget's list, the stored request, the prefilled quote and the invoice agree.

Every figure is made by one rule (VAT per rate over the whole document, rounded once per
rate; fees ``per_order`` once per document) and checked here through real HTTP, a real
SQLite file and the UBL the invoice carries.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient
from lxml import etree

from server.app import create_app
from server.settings import Settings
from server.storage.db import connect
from tests.intake.conftest import BODY
from tests.quotes.conftest import Shop
from tests.support.order_fees import add_delivery_fee
from tests.support.ubl_schema import invoice_schema

UBL = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
       "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"}
_keys = itertools.count(1)


@pytest.fixture
def fee_shop(shop_settings: Settings) -> Iterator[Shop]:
    """The quotes shop with a delivery fee once per order on both demo products (75 and 90 excl. markup)."""
    add_delivery_fee(shop_settings.catalogs_dir, window="75", door="90")
    with TestClient(create_app(shop_settings)) as client:
        yield Shop(client, shop_settings)


def _request(shop: Shop, items: list[dict[str, Any]]) -> dict[str, Any]:
    body = {**BODY, "items": items,
            "form_token": shop.client.get("/api/v1/dealers/demo/form-token").json()["form_token"]}
    answer = shop.client.post("/api/v1/dealers/demo/quote-requests", json=body,
                              headers={"Idempotency-Key": f"one-{next(_keys)}"})
    assert answer.status_code == 201, answer.text
    return answer.json()


def _invoice(shop: Shop, reference: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The prefilled quote of ``reference``, sent, accepted and invoiced: (quote, invoice)."""
    quote = shop.quote(reference)
    _, link = shop.sent(quote["number"])
    shop.client.post(link + "/accept", data={"name": "Anna Jansen", "agree": "yes"})
    assert shop.get(f"/quotes/{quote['number']}").json()["status"] == "accepted"
    made = shop.send("POST", f"/quotes/{quote['number']}/invoice")
    assert made.status_code == 201, made.text
    return quote, made.json()


def _figures(doc: dict[str, Any]) -> tuple[str, str, str, list[tuple[str, str, str]]]:
    return doc["subtotal"], doc["vat"], doc["total"], [(r["rate"], r["base"], r["vat"]) for r in doc["vat_breakdown"]]


def _euro(amount: str) -> str:
    """``"1234.50"`` as the Dutch e-mail writes it (as Intl nl-NL does): ``€ 1.234,50`` with U+00A0."""
    whole, cents = amount.split(".")
    return f"€\xa0{int(whole):,}".replace(",", ".") + f",{cents}"


def _window(width: int, height: int = 1400, quantity: int = 1, fitted: bool = True) -> dict[str, Any]:
    options = {"installation": "fitted"} if fitted else {}
    return {"configuration": {"product": "pvc-window", "width_mm": width, "height_mm": height,
                              "quantity": quantity, "options": {"glazing": "triple", **options}}, "note": ""}


def test_a_request_is_totalled_as_one_document_and_its_quote_and_invoice_agree(shop: Shop) -> None:
    # Widths 600 and 610 (demo, triple, fitted). Per window VAT 142.99 + 153.29 = 296.28, as the request
    # stored it before; per document 21 % on 1255.26 = 263.60 and 9 % on 363.00 = 32.67: 296.27.
    out = _request(shop, [_window(600), _window(610)])
    assert _figures(out["totals"]) == ("1618.26", "296.27", "1914.53",
                                       [("21", "1255.26", "263.60"), ("9", "363.00", "32.67")])
    stored = shop.get(f"/requests/{out['reference']}").json()
    assert _figures(stored) == _figures(out["totals"])
    quote, invoice = _invoice(shop, out["reference"])
    assert _figures(quote) == _figures(invoice) == _figures(out["totals"])


def test_a_fee_per_order_is_one_line_in_the_request_quote_invoice_and_ubl(fee_shop: Shop) -> None:
    # Two windows and the door all carry `delivery`: once, at the highest (the door's 90 x 1.10 = 99.00).
    door = {"configuration": {"product": "alu-sliding-door"}, "note": ""}
    out = _request(fee_shop, [_window(600, quantity=2), door, _window(610)])
    assert [(ln["code"], ln["quantity"], ln["amount"]) for ln in out["order_lines"]] == [("delivery", "1", "99.00")]
    items = sum(Decimal(i["price"]["subtotal"]) for i in out["items"])
    assert Decimal(out["totals"]["subtotal"]) == items + Decimal("99.00")
    stored = fee_shop.get(f"/requests/{out['reference']}").json()
    assert stored["order_lines"] == out["order_lines"]
    fee_shop.deliver()
    lead = next(m for m in fee_shop.mails() if "verkoop@kozijnen-demo.example" in m["To"])
    text = lead.get_body(("plain",)).get_content()
    # Shown incl. VAT like the widget (the demo shows prices incl. VAT): 99.00 + 21 % (20.79) = 119.79, once.
    assert text.count("Bezorging: €\xa0119,79") == 1 and "Bedragen incl. btw" in text, text
    assert "Btw 21% (" in text and f"Btw: {_euro(out['totals']['vat'])}" in text
    quote, invoice = _invoice(fee_shop, out["reference"])
    fee_lines = [ln for ln in quote["lines"] if ln["description"] == "Bezorging"]
    assert [(ln["quantity"], ln["amount"], ln["item_position"]) for ln in fee_lines] == [("1", "99.00", None)]
    assert _figures(quote) == _figures(invoice) == _figures(out["totals"])
    xml = fee_shop.get(f"/invoices/{invoice['number']}/invoice.xml").content
    document = etree.fromstring(xml)
    schema = etree.XMLSchema(etree.parse(str(invoice_schema())))
    assert schema.validate(document), schema.error_log
    subtotals = [(s.findtext("cac:TaxCategory/cbc:Percent", namespaces=UBL),
                  s.findtext("cbc:TaxableAmount", namespaces=UBL), s.findtext("cbc:TaxAmount", namespaces=UBL))
                 for s in document.findall("cac:TaxTotal/cac:TaxSubtotal", namespaces=UBL)]
    assert subtotals == _figures(invoice)[3]
    assert document.findtext("cac:TaxTotal/cbc:TaxAmount", namespaces=UBL) == invoice["vat"]
    assert document.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=UBL) == invoice["total"]


def test_a_request_stored_before_the_document_rule_still_shows_its_own_totals(shop: Shop) -> None:
    out = _request(shop, [_window(600), _window(610)])
    db = connect(shop.settings.db_path)
    try:  # what a request stored before schema 8 holds: the sum of the windows' VAT, no breakdown, no fees
        with db.conn:
            db.conn.execute("UPDATE quote_requests SET vat = '296.28', total = '1914.54', vat_breakdown = '[]', "
                            "order_lines = '[]' WHERE reference = ?", [out["reference"]])
    finally:
        db.conn.close()
    stored = shop.get(f"/requests/{out['reference']}").json()
    assert (stored["vat"], stored["total"], stored["vat_breakdown"]) == ("296.28", "1914.54", [])
    assert shop.client.get("/admin/login").status_code == 200  # the back office still serves


_windows = st.lists(st.builds(_window, width=st.integers(40, 130).map(lambda n: n * 10),
                              height=st.integers(50, 170).map(lambda n: n * 10), quantity=st.integers(1, 12),
                              fitted=st.booleans())
                    | st.just({"configuration": {"product": "alu-sliding-door"}, "note": ""}),
                    min_size=2, max_size=6)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=_windows)
def test_list_request_quote_and_invoice_totals_are_equal_to_the_cent(fee_shop: Shop, items: list[dict]) -> None:
    """For random multi-window lists: what the widget shows (evaluate-list), the stored request, the prefilled
    quote and the invoice have the same subtotal, VAT, total and VAT per rate."""
    listed = fee_shop.client.post("/api/v1/dealers/demo/evaluate-list",
                                  json={"items": [{"configuration": i["configuration"]} for i in items]}).json()
    event("valid list" if listed["valid"] else "a window the rules refuse")
    if not listed["valid"]:
        return  # a size the rules refuse (too heavy a sash, ...): the request would be a 422
    out = _request(fee_shop, items)
    stored = fee_shop.get(f"/requests/{out['reference']}").json()
    quote, invoice = _invoice(fee_shop, out["reference"])
    shown = _figures(listed["totals"])
    assert _figures(out["totals"]) == _figures(stored) == _figures(quote) == _figures(invoice) == shown


def test_the_fee_is_the_servers_never_the_clients(fee_shop: Shop) -> None:
    tampered = _window(600)
    tampered["price"] = {"lines": [{"code": "delivery", "amount": "0.00", "per_order": True}], "total": "1.00"}
    out = _request(fee_shop, [tampered])
    assert [(ln["code"], ln["amount"]) for ln in out["order_lines"]] == [("delivery", "82.50")]
    body = {**BODY, "items": [_window(600)], "order_lines": [],
            "form_token": fee_shop.client.get("/api/v1/dealers/demo/form-token").json()["form_token"]}
    refused = fee_shop.client.post("/api/v1/dealers/demo/quote-requests", json=body,
                                   headers={"Idempotency-Key": f"one-{next(_keys)}"})
    assert refused.status_code == 422
    assert "order_lines" in {e["field"] for e in refused.json()["errors"]}
