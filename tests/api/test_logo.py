"""The public logo endpoint: the stored bytes with a strong ETag, 304, nosniff, a CSP for SVG; 404 without one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.services.branding import branding_of, save_logo
from server.services.catalogs import load_catalog_file
from server.services.logo_check import check_logo
from server.settings import Settings
from server.storage.db import connect
from tests.support.logos import SVG_LOGO, image_bytes
from tests.web.conftest import two_dealer_settings


@pytest.fixture
def settings(tmp_path: Path, catalogs_dir: Path) -> Settings:
    return two_dealer_settings(tmp_path, catalogs_dir)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _store(settings: Settings, slug: str, data: bytes, name: str) -> str:
    """Store ``data`` as ``slug``'s logo the way the back office does; returns its ETag."""
    dealer = load_catalog_file(settings.catalogs_dir / f"{slug}.toml").catalog.dealer
    db = connect(settings.db_path)
    try:
        logo = check_logo(data, name)
        save_logo(db, slug, branding_of(db, slug, dealer), logo, "test")
    finally:
        db.conn.close()
    return f'"{logo.etag}"'


def test_a_dealer_without_a_logo_is_a_404_in_the_error_shape(client: TestClient) -> None:
    answer = client.get("/api/v1/dealers/demo/logo")
    assert answer.status_code == 404
    assert answer.json()["detail"] == "Dealer demo has no logo stored"
    assert client.get("/api/v1/dealers/nobody/logo").status_code == 404


def test_a_png_logo_is_served_with_a_strong_etag_caching_and_nosniff(client: TestClient, settings: Settings) -> None:
    etag = _store(settings, "demo", image_bytes("PNG"), "logo.png")
    answer = client.get("/api/v1/dealers/demo/logo")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/png" and answer.content.startswith(b"\x89PNG")
    assert answer.headers["etag"] == etag and not etag.startswith("W/")
    assert answer.headers["cache-control"] == "public, max-age=300"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in answer.headers


def test_if_none_match_gives_a_304_without_a_body(client: TestClient, settings: Settings) -> None:
    etag = _store(settings, "demo", image_bytes("PNG"), "logo.png")
    again = client.get("/api/v1/dealers/demo/logo", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    stale = client.get("/api/v1/dealers/demo/logo", headers={"If-None-Match": '"something-else"'})
    assert stale.status_code == 200


def test_an_svg_logo_is_served_as_svg_under_a_policy_that_runs_and_loads_nothing(
        client: TestClient, settings: Settings) -> None:
    _store(settings, "demo", SVG_LOGO.replace(b"</svg>", b"<script>alert(1)</script></svg>"), "logo.svg")
    answer = client.get("/api/v1/dealers/demo/logo?v=anything")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("image/svg+xml")
    assert answer.headers["content-security-policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert b"<script" not in answer.content and b"<rect" in answer.content


def test_each_dealer_has_its_own_logo(client: TestClient, settings: Settings) -> None:
    demo = _store(settings, "demo", image_bytes("PNG"), "demo.png")
    other = _store(settings, "other", SVG_LOGO, "other.svg")
    assert demo != other
    assert client.get("/api/v1/dealers/demo/logo").headers["etag"] == demo
    answer = client.get("/api/v1/dealers/other/logo")
    assert answer.headers["etag"] == other and answer.headers["content-type"].startswith("image/svg+xml")
    assert client.get("/api/v1/dealers/other/logo", headers={"If-None-Match": demo}).status_code == 200


def test_the_configurator_answer_points_to_the_stored_logo(client: TestClient, settings: Settings) -> None:
    assert client.get("/api/v1/dealers/demo/configurator").json()["dealer"]["logo_url"] == ""
    etag = _store(settings, "demo", image_bytes("PNG"), "logo.png")
    client.app.state.catalogs.forget_overrides("demo")  # as the back office does after a save (else within 1 s)
    dealer = client.get("/api/v1/dealers/demo/configurator").json()["dealer"]
    assert dealer["logo_url"] == f"/api/v1/dealers/demo/logo?v={etag.strip(chr(34))[:12]}"
    assert client.get(dealer["logo_url"]).status_code == 200
    assert client.get("/api/v1/dealers/other/configurator").json()["dealer"]["logo_url"] == ""


def test_the_logo_is_in_the_openapi_document(client: TestClient) -> None:
    paths = client.get("/schema/openapi.json").json()["paths"]
    operation = paths["/api/v1/dealers/{dealer}/logo"]["get"]
    assert {"200", "304", "404"} <= set(operation["responses"])
