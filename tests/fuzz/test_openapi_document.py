"""The OpenAPI document declares what the API really answers: the error shape, files, hand-read bodies."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

ERROR = {"$ref": "#/components/schemas/ErrorBody"}


def _operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, op) for path, item in doc["paths"].items() for method, op in item.items()]


def test_every_error_answer_is_declared_with_the_one_error_shape(client: TestClient) -> None:
    doc = client.get("/schema/openapi.json").json()
    body = doc["components"]["schemas"]["ErrorBody"]
    assert set(body["properties"]) == {"status", "detail", "errors"} and set(body["required"]) >= {"status", "detail"}
    for method, path, op in _operations(doc):
        responses = op["responses"]
        for status, answer in responses.items():
            if status.startswith("4"):
                assert answer["content"] == {"application/json": {"schema": ERROR}}, (method, path, status)
        if op.get("parameters") or "requestBody" in op:
            assert "400" in responses, (method, path)  # never Litestar's own {status_code, detail, extra}
        if path.startswith("/api/v1/dealer/"):
            assert {"401", "429"} <= set(responses), (method, path)
            if method != "GET":
                assert "403" in responses, (method, path)
        if "requestBody" in op:
            assert {"413", "415", "422"} <= set(responses), (method, path)
        if "{" in path and path.startswith("/api/"):
            assert "404" in responses, (method, path)
        if path.startswith("/api/"):
            # Any operation refuses a query parameter it does not take, and answers 503 while the
            # database is down; both in the error shape.
            assert {"422", "503"} <= set(responses), (method, path)
            assert responses["503"]["content"] == {"application/json": {"schema": ERROR}}, (method, path)
    assert "status_code" not in str(doc)  # Litestar's default error schema is gone everywhere


def test_bodies_read_by_hand_are_documented(client: TestClient) -> None:
    doc = client.get("/schema/openapi.json").json()
    expected = {("patch", "/api/v1/dealer/requests/{reference}"): {"status", "note"},
                ("post", "/api/v1/dealer/contacts"): {"name", "email"},
                ("put", "/api/v1/dealer/contacts/{contact_id}"): {"name", "email", "starred"},
                ("put", "/api/v1/dealer/settings"): {"retention_days", "allowed_origins"},
                ("put", "/api/v1/dealer/quotes/{number}"): {"lines"},
                ("post", "/api/v1/dealer/requests/{reference}/quotes"): {"lines"}}
    for (method, path), fields in expected.items():
        request_body = doc["paths"][path][method]["requestBody"]
        schema = request_body["content"]["application/json"]["schema"]
        assert fields <= set(schema["properties"]), (method, path)
        assert schema.get("additionalProperties") is False, (method, path)
        assert request_body["required"] is (path != "/api/v1/dealer/requests/{reference}/quotes")
    header = next(p for p in doc["paths"]["/api/v1/dealers/{dealer}/quote-requests"]["post"]["parameters"]
                  if p["name"] == "Idempotency-Key")
    assert header["required"] is True


def test_files_are_declared_with_their_media_types(client: TestClient) -> None:
    doc = client.get("/schema/openapi.json").json()
    files = {"/api/v1/dealers/{dealer}/drawing.svg": "image/svg+xml",
             "/api/v1/dealers/{dealer}/drawing.png": "image/png", "/widget.js": "text/javascript",
             "/api/v1/dealer/requests.csv": "text/csv",
             "/api/v1/dealer/requests/{reference}/items/{n}/drawing.pdf": "application/pdf",
             "/api/v1/dealer/requests/{reference}/drawings.zip": "application/zip",
             "/api/v1/dealer/invoices/{number}/invoice.xml": "application/xml"}
    for path, media in files.items():
        assert list(doc["paths"][path]["get"]["responses"]["200"]["content"]) == [media], path
    for path in ("/api/v1/dealers/{dealer}/drawing.svg", "/widget.js"):
        assert "304" in doc["paths"][path]["get"]["responses"], path
    exported = doc["paths"]["/api/v1/dealer/requests.json"]["get"]["responses"]["200"]["content"]["application/json"]
    assert exported["schema"]["type"] == "array"
