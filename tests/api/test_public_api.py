"""The public widget endpoints through real HTTP (Litestar's test client, real SQLite)."""

from __future__ import annotations

from pathlib import Path

from litestar.testing import TestClient

EVALUATE = "/api/v1/dealers/demo/evaluate"


def test_configurator_in_each_language(client: TestClient) -> None:
    for lang, label in (("nl", "Kunststof raam"), ("en", "PVC window"), ("de", "Kunststofffenster")):
        doc = client.get(f"/api/v1/dealers/demo/configurator?lang={lang}").json()
        assert doc["dealer"]["lang"] == lang
        assert doc["products"][0]["label"] == label
    doc = client.get("/api/v1/dealers/demo/configurator").json()
    assert doc["dealer"]["lang"] == "nl"  # the dealer's first language
    product = doc["products"][0]
    assert product["width_mm"] == {"min": 400, "max": 2400, "step": 10, "default": 1200}
    assert [lay["id"] for lay in product["layouts"]] == ["single", "two-equal", "three", "toplight", "toplight-two"]
    colours = next(g for g in product["options"] if g["id"] == "outside-colour")
    assert colours["finish"] == "outside"
    assert colours["values"][2] == {"id": "ral-7016", "label": "Antraciet (RAL 7016)", "swatch": "#383e42",
                                    "ral": "7016"}


def test_configurator_shows_no_prices(client: TestClient) -> None:
    body = client.get("/api/v1/dealers/demo/configurator?lang=en").text
    for secret in ('"prices"', '"amount"', "markup", "matrix", '"rate"', "factor", '"unit_price"'):
        assert secret not in body


def test_evaluate_answers_the_design_shape(client: TestClient) -> None:
    body = {"product": "pvc-window", "width_mm": 1800, "height_mm": 1400, "layout": "two-equal",
            "divisions": {"d1": 900}, "sections": {"left": {"opening": "tilt-turn-left"},
                                                   "right": {"opening": "fixed"}},
            "options": {"glazing": "triple", "outside-colour": "ral-7016"}, "quantity": 1}
    answer = client.post(EVALUATE + "?lang=en", json=body)
    assert answer.status_code == 200
    ev = answer.json()
    assert set(ev) == {"configuration", "valid", "errors", "limits", "options", "sections", "layouts", "price",
                       "drawing"}
    assert ev["valid"] is True and ev["errors"] == []
    assert ev["limits"]["divisions"]["d1"]["max"] == 1300
    assert ev["price"]["total"] == "1296.65" and ev["price"]["currency"] == "EUR"
    assert ev["price"]["lines"][0] == {"code": "base", "label": "Frame with glazing", "quantity": "1",
                                       "unit_price": "691.90", "amount": "691.90", "vat_rate": "21"}
    assert ev["drawing"]["svg"].startswith("/api/v1/dealers/demo/drawing.svg?c=")
    # The answer's configuration can be sent back as it is.
    again = client.post(EVALUATE + "?lang=en", json=ev["configuration"]).json()
    assert again["price"] == ev["price"] and again["configuration"] == ev["configuration"]


def test_impossible_window_is_200_with_field_errors(client: TestClient) -> None:
    answer = client.post(EVALUATE + "?lang=en", json={"product": "pvc-window", "width_mm": 9000,
                                                      "options": {"glazing": "gold"}})
    assert answer.status_code == 200
    ev = answer.json()
    assert ev["valid"] is False and ev["price"] is None and ev["drawing"] == {}
    assert {"width_mm", "options.glazing"} <= {e["field"] for e in ev["errors"]}


def test_malformed_json_is_400(client: TestClient) -> None:
    answer = client.post(EVALUATE, content=b'{"product": ', headers={"content-type": "application/json"})
    assert answer.status_code == 400
    assert answer.json()["status"] == 400


def test_wrong_types_are_422_naming_the_field(client: TestClient) -> None:
    answer = client.post(EVALUATE, json={"product": "pvc-window", "width_mm": "wide"})
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "width_mm", "message": "Expected `int | null`, got `str`"}]
    answer = client.post(EVALUATE, json={"product": "pvc-window", "colour": "red"})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["message"] == "Object contains unknown field `colour`"


def test_a_missing_or_unknown_field_is_named_by_itself_not_as_data(client: TestClient) -> None:
    # Litestar calls the whole body `data`; msgspec names the field only in its message.
    answer = client.post(EVALUATE, json={"product": "pvc-window", "colour": "red"})
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "colour", "message": "Object contains unknown field `colour`"}]
    answer = client.post(EVALUATE, json={"width_mm": 1200})
    assert answer.json()["errors"] == [{"field": "product", "message": "Object missing required field `product`"}]
    answer = client.post(EVALUATE.replace("/evaluate", "/evaluate-list"), json={"items": [{"configuration": {}}]})
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["items[0].configuration.product"]


def test_not_json_is_415(client: TestClient) -> None:
    answer = client.post(EVALUATE, content=b"product=pvc-window", headers={"content-type": "text/plain"})
    assert answer.status_code == 415
    assert answer.json() == {"status": 415, "detail": "The body must be JSON (Content-Type: application/json)",
                             "errors": []}


def test_too_large_is_413(client: TestClient) -> None:
    answer = client.post(EVALUATE, content=b'{"product": "' + b"x" * 300_000 + b'"}',
                         headers={"content-type": "application/json"})
    assert answer.status_code == 413
    assert answer.json()["status"] == 413


def test_unknown_dealer_is_404(client: TestClient) -> None:
    for path in ("/api/v1/dealers/nobody/configurator", "/api/v1/dealers/..%2Fetc/configurator"):
        answer = client.get(path)
        assert answer.status_code == 404
        assert answer.json()["status"] == 404
    assert client.post("/api/v1/dealers/nobody/evaluate", json={"product": "x"}).status_code == 404


def test_unsupported_language_is_422(client: TestClient) -> None:
    answer = client.get("/api/v1/dealers/demo/configurator?lang=fr")
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "lang", "message": "Expected nl, en or de"}]


def test_a_changed_catalog_is_served_without_restart(client: TestClient, catalogs_dir: Path) -> None:
    import os

    path = catalogs_dir / "demo.toml"
    path.write_text(path.read_text().replace('name = "Kozijnen Demo"', 'name = "Kozijnen Nieuw"'))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert client.get("/api/v1/dealers/demo/configurator").json()["dealer"]["name"] == "Kozijnen Nieuw"


def test_a_broken_change_keeps_the_last_good_catalog(client: TestClient, catalogs_dir: Path, caplog) -> None:
    import os

    path = catalogs_dir / "demo.toml"
    path.write_text(path.read_text().replace("vat_rate = 21", 'vat_rate = "lots"'))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    with caplog.at_level("ERROR", logger="venster.catalogs"):
        answer = client.get("/api/v1/dealers/demo/configurator")
    assert answer.status_code == 200 and answer.json()["dealer"]["name"] == "Kozijnen Demo"
    assert f"{path}: Invalid decimal string - at `dealer.vat_rate`" in caplog.text


def test_openapi_declares_the_bodies(client: TestClient) -> None:
    doc = client.get("/schema/openapi.json").json()
    post = doc["paths"]["/api/v1/dealers/{dealer}/evaluate"]["post"]
    assert "requestBody" in post
    schemas = doc["components"]["schemas"]
    assert "Configuration" in schemas and "Evaluation" in schemas
