"""Error answers of the public API are readable by the page that asked (issue 16, a dealer's web developer).

A misconfigured embed must be able to say what is wrong: the widget reads the status of a
refusal (403: this website is not in ``allowed_origins``) and of an unknown dealer (404),
which it can only do when the answer carries ``Access-Control-Allow-Origin``. The refusal
holds nothing of the dealer's catalog.
"""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from server.api.cors import NOT_ALLOWED

DEMO = "/api/v1/dealers/demo"
SITE = "http://127.0.0.1:8000"  # in catalogs/demo.toml's allowed_origins
EVIL = "https://not-linked.example"


def _vary(headers) -> list[str]:
    return [v.strip().lower() for v in headers.get("vary", "").split(",") if v.strip()]


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/configurator"), ("POST", "/evaluate"), ("POST", "/evaluate-list"), ("GET", "/form-token"),
    ("GET", "/drawing.svg?c=x"), ("POST", "/quote-requests"),
])
def test_a_website_not_in_allowed_origins_gets_a_readable_403_without_data(
        client: TestClient, method: str, path: str) -> None:
    answer = client.request(method, DEMO + path, json={} if method == "POST" else None, headers={"Origin": EVIL})
    assert answer.status_code == 403
    assert answer.headers["access-control-allow-origin"] == EVIL
    assert "access-control-allow-credentials" not in answer.headers
    assert "origin" in _vary(answer.headers)
    assert answer.json() == {"status": 403, "detail": NOT_ALLOWED, "errors": []}
    assert "allowed_origins" in NOT_ALLOWED


def test_the_refusal_names_no_product_of_the_dealer(client: TestClient) -> None:
    answer = client.get(DEMO + "/configurator", headers={"Origin": EVIL})
    assert "pvc-window" not in answer.text and "products" not in answer.text


def test_an_unknown_dealer_is_a_readable_404(client: TestClient) -> None:
    answer = client.get("/api/v1/dealers/nobody/configurator", headers={"Origin": SITE})
    assert answer.status_code == 404
    assert answer.headers["access-control-allow-origin"] == SITE
    assert answer.json()["status"] == 404


def test_an_unknown_dealer_is_readable_from_any_site(client: TestClient) -> None:
    answer = client.get("/api/v1/dealers/nobody/configurator", headers={"Origin": EVIL})
    assert answer.status_code == 404
    assert answer.headers["access-control-allow-origin"] == EVIL


def test_an_allowed_site_still_gets_its_data_and_its_errors(client: TestClient) -> None:
    ok = client.get(DEMO + "/configurator", headers={"Origin": SITE})
    assert ok.status_code == 200 and ok.json()["products"]
    assert ok.headers["access-control-allow-origin"] == SITE
    wrong = client.post(DEMO + "/evaluate", json={"product": 5}, headers={"Origin": SITE})
    assert wrong.status_code == 422 and wrong.headers["access-control-allow-origin"] == SITE
    assert "retry-after" in wrong.headers["access-control-expose-headers"].lower()


def test_a_request_without_origin_is_not_refused(client: TestClient) -> None:
    assert client.get(DEMO + "/configurator").status_code == 200


def test_an_unknown_dealers_answer_other_than_its_404_stays_unreadable() -> None:
    """Only the 404 is made readable for an unknown dealer: should a handler ever answer such a path
    with data (a dealer published a moment later, a route that needs no catalog), no foreign origin reads it."""
    import asyncio

    from server.api.cors import DealerCorsMiddleware

    class NoDealers:
        def get(self, slug: str) -> None:
            return None

    async def app(scope, receive, send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": b'{"secret": 1}', "more_body": False})

    sent: list[dict] = []

    async def send(message) -> None:
        sent.append(message)

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {"type": "http", "method": "GET", "path": "/api/v1/dealers/nobody/configurator",
             "headers": [(b"origin", EVIL.encode())], "query_string": b"", "app": None}
    asyncio.run(DealerCorsMiddleware(app, NoDealers())(scope, receive, send))  # type: ignore[arg-type]
    names = [k for k, _ in sent[0]["headers"]]
    assert sent[0]["status"] == 200
    assert b"access-control-allow-origin" not in names
    assert b"vary" in names
