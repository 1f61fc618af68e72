"""Numbers that are well-formed JSON but absurd (10^30 written out) are a 422 naming the field.

Decimal arithmetic on such integers raised ``InvalidOperation`` and answered 500 on every
operation that evaluates a configuration; the bounds are now part of the decoded type, so
the OpenAPI document states them as well.
"""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

import pytest

from server.storage.db import connect
from tests.hostile.conftest import Hostile
from tests.intake.conftest import BODY

HUGE = 10**30
CONFIG: dict[str, Any] = BODY["items"][0]["configuration"]
# (where in the configuration, the field the 422 names). Bodies Litestar decodes name a
# division by its map (msgspec does not say which key); our own decoders name the key too.
ABSURD = [
    (("width_mm",), "width_mm", "width_mm"), (("height_mm",), "height_mm", "height_mm"),
    (("divisions", "d1"), "divisions", "divisions.d1"), (("quantity",), "quantity", "quantity"),
]
IDS = [field for _, _, field in ABSURD]


def _with(path: tuple[str, ...], value: int) -> dict[str, Any]:
    config = copy.deepcopy(CONFIG)
    target = config
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value
    return config


def _raw(config: dict[str, Any]) -> bytes:
    # json.dumps writes a Python int in full: 1000000000000000000000000000000.
    text = json.dumps(config)
    assert str(HUGE) in text or str(-HUGE) in text
    return text.encode()


def _fields(answer: Any) -> list[str]:
    assert answer.status_code == 422, (answer.status_code, answer.text[:300])
    body = answer.json()
    assert set(body) == {"status", "detail", "errors"} and body["status"] == 422, body
    return [e["field"] for e in body["errors"]]


@pytest.mark.parametrize("sign", [1, -1], ids=["huge", "hugely-negative"])
@pytest.mark.parametrize(("path", "body_field", "field"), ABSURD, ids=IDS)
def test_an_absurd_number_is_422_naming_the_field_on_every_operation(hostile: Hostile, path: tuple[str, ...],
                                                                      body_field: str, field: str,
                                                                      sign: int) -> None:
    config = _with(path, sign * HUGE)
    json_headers = {"Content-Type": "application/json"}
    for op in ("evaluate", "render.svg", "render.png"):
        answer = hostile.client.post(f"/api/v1/dealers/demo/{op}", content=_raw(config), headers=json_headers)
        assert _fields(answer) == [body_field], op
    c = base64.urlsafe_b64encode(_raw(config)).rstrip(b"=").decode()
    for drawing in ("drawing.svg", "drawing.png"):
        answer = hostile.client.get(f"/api/v1/dealers/demo/{drawing}", params={"c": c})
        assert _fields(answer) == [f"c.{field}"], drawing
    body = copy.deepcopy(BODY)
    body["items"][0]["configuration"] = config
    answer = hostile.quote_request(_raw_request(hostile, body))
    assert _fields(answer) == [f"items[0].configuration.{field}"]
    db = connect(hostile.settings.db_path)
    try:
        assert db.execute("SELECT COUNT(*) FROM quote_requests").fetchone()[0] == 0
    finally:
        db.conn.close()


def _raw_request(hostile: Hostile, body: dict[str, Any]) -> bytes:
    return json.dumps(hostile.fresh(body)).encode()


def test_the_openapi_document_states_the_maxima(hostile: Hostile) -> None:
    schemas = hostile.client.get("/schema/openapi.json").json()["components"]["schemas"]
    config = next(s for name, s in schemas.items() if name.endswith("Configuration") and "width_mm" in s.get(
        "properties", {}))

    def maximum(prop: dict[str, Any]) -> Any:
        # Litestar writes the bound beside `oneOf` for an optional integer, inside it otherwise.
        options = [prop, *(prop.get("oneOf") or prop.get("anyOf") or [])]
        return next(o["maximum"] for o in options if "maximum" in o)

    props = config["properties"]
    assert maximum(props["width_mm"]) == maximum(props["height_mm"]) == maximum(props["quantity"]) == 100_000
    assert "0..100000" in props["width_mm"]["description"]
    # A mapping's values lose their bounds in Litestar's schema; the description states them.
    assert props["divisions"]["description"] == "each division's position in mm, 0..100000"


def test_absurd_glazing_bars_are_a_field_error_not_a_500(hostile: Hostile) -> None:
    # Bars are compared as integers only (never Decimal): an absurd count is an impossible window.
    config = _with(("sections", "left", "bars", "rows"), HUGE)
    answer = hostile.client.post("/api/v1/dealers/demo/evaluate", content=_raw(config),
                                 headers={"Content-Type": "application/json"})
    assert answer.status_code == 200
    assert [e["field"] for e in answer.json()["errors"]] == ["sections.left.bars"]
