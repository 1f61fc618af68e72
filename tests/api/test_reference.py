"""``/schema`` is a page of our own with no JavaScript under a strict CSP; the JSON document stays."""

from __future__ import annotations

from urllib.parse import urlsplit

from litestar.testing import TestClient

from tests.support.html import parse

STRICT = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


def test_the_reference_page_loads_nothing_from_elsewhere_and_runs_nothing(client: TestClient) -> None:
    page = client.get("/schema")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"] == STRICT
    assert page.headers["x-content-type-options"] == "nosniff"
    html = page.text
    assert "<script" not in html.lower() and "cdn." not in html and "@latest" not in html
    doc = parse(html)
    targets = doc.xpath("//@src|//@href")
    assert [t for t in targets if urlsplit(str(t)).netloc or urlsplit(str(t)).scheme] == []  # nothing from elsewhere
    assert doc.xpath("//script") == [] and "/schema/openapi.json" in targets
    # Every operation is listed with its summary.
    assert "<code>PATCH /api/v1/dealer/settings</code> Change some settings" in html
    assert "<code>POST /api/v1/dealers/{dealer}/quote-requests</code>" in html


def test_the_cdn_pages_are_gone_and_the_json_document_stays(client: TestClient) -> None:
    for path in ("/schema/swagger", "/schema/redoc", "/schema/elements", "/schema/rapidoc"):
        gone = client.get(path)
        assert gone.status_code == 404, path
        assert "<script" not in gone.text.lower()
    doc = client.get("/schema/openapi.json")
    assert doc.status_code == 200 and doc.json()["openapi"].startswith("3.")
    assert doc.headers["content-security-policy"] == STRICT
