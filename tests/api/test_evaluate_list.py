"""``POST /api/v1/dealers/{dealer}/evaluate-list``: the widget's list priced as one document."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from server.app import create_app
from server.settings import Settings
from tests.support.order_fees import add_delivery_fee

LIST = "/api/v1/dealers/demo/evaluate-list"
SITE = "http://127.0.0.1:8000"  # in catalogs/demo.toml's allowed_origins


def _window(width: int, quantity: int = 1, **options: str) -> dict[str, Any]:
    return {"configuration": {"product": "pvc-window", "width_mm": width, "height_mm": 1400, "quantity": quantity,
                              "options": {"installation": "fitted", "glazing": "triple", **options}}}


def _error(answer: Any, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) == {"status", "detail", "errors"} and body["status"] == status
    return body


def test_the_list_total_is_vat_per_rate_over_the_list_not_the_sum_of_the_windows(client: TestClient) -> None:
    answer = client.post(LIST + "?lang=en", json={"items": [_window(600), _window(610)]}, headers={"Origin": SITE})
    assert answer.status_code == 200, answer.text
    assert answer.headers["access-control-allow-origin"] == SITE
    out = answer.json()
    assert out["valid"] is True and out["errors"] == [] and out["order_lines"] == []
    items = [i["price"] for i in out["items"]]
    # Each window on its own: 21 % on 603.11 = 126.65 and on 652.15 = 136.95; 9 % on 181.50 = 16.34 (16.335).
    assert [i["vat"] for i in items] == ["142.99", "153.29"]  # adding these gives 296.28: one cent too much
    # The list: 21 % on 1255.26 = 263.6046 -> 263.60; 9 % on 363.00 = 32.67; VAT 296.27.
    assert out["totals"] == {"subtotal": "1618.26", "vat": "296.27", "total": "1914.53", "currency": "EUR",
                             "vat_breakdown": [{"rate": "21", "base": "1255.26", "vat": "263.60"},
                                               {"rate": "9", "base": "363.00", "vat": "32.67"}]}
    assert out["includes_vat"] is True


def test_each_item_is_priced_with_its_quantity_and_labels_in_lang(client: TestClient) -> None:
    out = client.post(LIST + "?lang=de", json={"items": [_window(1200, quantity=3)]}).json()
    single = client.post("/api/v1/dealers/demo/evaluate?lang=de", json=_window(1200, quantity=3)["configuration"])
    assert out["items"][0]["price"] == single.json()["price"]
    assert out["items"][0]["price"]["lines"][0]["label"] == "Rahmen mit Verglasung"
    assert out["items"][0]["price"]["lines"][0]["quantity"] == "3"


def test_an_impossible_window_is_named_and_counts_for_nothing(client: TestClient) -> None:
    out = client.post(LIST + "?lang=en", json={"items": [_window(600), _window(9000)]}).json()
    assert out["valid"] is False
    assert out["items"][1] == {"valid": False, "price": None}
    assert {e["field"] for e in out["errors"]} >= {"items[1].configuration.width_mm"}
    assert out["totals"]["total"] == out["items"][0]["price"]["total"]


def test_more_than_fifty_windows_is_a_422_naming_items(client: TestClient) -> None:
    body = _error(client.post(LIST, json={"items": [_window(600)] * 51}), 422)
    assert body["errors"] == [{"field": "items", "message": "Expected `array` of length <= 50"}]
    assert client.post(LIST, json={"items": [_window(600)] * 50}).status_code == 200


def test_wrong_types_unknown_dealer_and_language_answer_in_the_error_shape(client: TestClient) -> None:
    body = _error(client.post(LIST, json={"items": [{"configuration": {"product": "pvc-window",
                                                                        "width_mm": "wide"}}]}), 422)
    assert body["errors"][0]["field"] == "items[0].configuration.width_mm"
    _error(client.post(LIST, json={"windows": []}), 422)
    _error(client.post("/api/v1/dealers/nobody/evaluate-list", json={"items": []}), 404)
    assert _error(client.post(LIST + "?lang=fr", json={"items": []}), 422)["errors"][0]["field"] == "lang"
    _error(client.post(LIST, content=b"{", headers={"content-type": "application/json"}), 400)
    _error(client.post(LIST, content=b"items", headers={"content-type": "text/plain"}), 415)


def test_a_preflight_from_the_dealers_site_is_answered_and_from_another_refused(client: TestClient) -> None:
    ask = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    allowed = client.options(LIST, headers={"Origin": SITE, **ask})
    assert allowed.status_code == 204 and allowed.headers["access-control-allow-origin"] == SITE
    refused = client.options(LIST, headers={"Origin": "https://evil.example", **ask})
    _error(refused, 403)


def test_the_openapi_document_holds_the_body_and_the_answer(client: TestClient) -> None:
    schema = client.get("/schema/openapi.json").json()
    operation = schema["paths"]["/api/v1/dealers/{dealer}/evaluate-list"]["post"]
    assert set(operation["responses"]) >= {"200", "400", "404", "413", "415", "422"}
    assert "requestBody" in operation


def test_a_fee_per_order_is_charged_once_however_many_windows_and_products_carry_it(
        settings: Settings, catalogs_dir: Path) -> None:
    # Both products declare code `delivery`: 75 on the window, 90 on the door; with the demo's 10 % markup
    # 82.50 and 99.00. One delivery is charged, at the highest: 99.00.
    add_delivery_fee(catalogs_dir, window="75", door="90")
    door = {"configuration": {"product": "alu-sliding-door"}}
    with TestClient(create_app(settings)) as client:
        out = client.post(LIST + "?lang=en", json={"items": [_window(600, quantity=2), door, _window(610)]}).json()
        alone = client.post(LIST + "?lang=en", json={"items": [_window(600, quantity=2)]}).json()
    assert out["order_lines"] == [{"code": "delivery", "label": "Delivery", "quantity": "1", "unit_price": "99.00",
                                   "amount": "99.00", "vat_rate": "21", "per_order": True}]
    assert all(line["code"] != "delivery" for item in out["items"] for line in item["price"]["lines"])
    items = sum(Decimal(item["price"]["subtotal"]) for item in out["items"])
    assert Decimal(out["totals"]["subtotal"]) == items + Decimal("99.00")
    assert [(ln["code"], ln["amount"]) for ln in alone["order_lines"]] == [("delivery", "82.50")]  # not 2 x


def test_the_list_and_the_quote_request_answer_with_one_totals_type(client: TestClient) -> None:
    """An integrator decodes the widget's list and the 201 of a quote request with one type, named once."""
    schema = client.get("/schema/openapi.json").json()
    components = schema["components"]["schemas"]

    def totals_of(path: str, status: str) -> str:
        answer = schema["paths"][path]["post"]["responses"][status]["content"]["application/json"]["schema"]
        return components[answer["$ref"].rsplit("/", 1)[1]]["properties"]["totals"]["$ref"]

    listed = totals_of("/api/v1/dealers/{dealer}/evaluate-list", "200")
    requested = totals_of("/api/v1/dealers/{dealer}/quote-requests", "201")
    assert listed == requested == "#/components/schemas/Totals"
    assert set(components["Totals"]["properties"]) == {"subtotal", "vat", "total", "currency", "vat_breakdown"}
    assert not any(name.endswith("ListTotals") for name in components)
