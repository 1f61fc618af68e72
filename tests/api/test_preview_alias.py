"""A preview alias serves the dealer's draft to the real widget: configurator, evaluate and drawings.

It refuses quote requests (404, as an unknown dealer), expires after 30 minutes, answers only the
server's own origin, and is never written in full in the access log. A made-up alias is 404.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from litestar.testing import TestClient

from server.access_log import redact
from server.app import create_app
from server.engine.catalog import decode_catalog
from server.services.catalog_preview import PREVIEW_TTL_S, is_preview_alias, preview_slug
from server.services.catalog_versions import save_draft
from server.settings import Settings
from server.storage.db import connect
from tests.conftest import SITE
from tests.intake.conftest import BODY

TRIPLE_PRICE = 'price = { kind = "per_m2", rate = 42, min_area_m2 = 0.5 }'
LABEL = 'label = { nl = "Kunststof raam", en = "PVC window", de = "Kunststofffenster" }'
WINDOW = {"product": "pvc-window", "width_mm": 1800, "height_mm": 1400, "layout": "two-equal",
          "options": {"glazing": "triple"}}
OWN = "http://testserver.local"


@pytest.fixture
def app_client(tmp_path: Path, catalogs_dir: Path) -> TestClient:
    settings = Settings(db_path=tmp_path / "venster.db", catalogs_dir=catalogs_dir, site_dir=SITE, form_min_age_s=0,
                        outbox_worker=False, rate_limit=1000, mail_dir=tmp_path / "mail")
    with TestClient(create_app(settings), base_url=OWN) as client:
        text = (catalogs_dir / "demo.toml").read_text()
        assert TRIPLE_PRICE in text and LABEL in text
        draft = text.replace(TRIPLE_PRICE, TRIPLE_PRICE.replace("rate = 42", "rate = 50"), 1)
        draft = draft.replace(LABEL, LABEL.replace("PVC window", "PVC window (new)"), 1)
        db = connect(settings.db_path)
        try:
            save_draft(db, "demo", decode_catalog(draft, "draft"), "anna@demo.example")
        finally:
            db.conn.close()
        client.app.state["test_db"] = settings.db_path
        yield client


def _alias(client: TestClient, now: float | None = None) -> str:
    db = connect(client.app.state["test_db"])
    try:
        return preview_slug(db, "demo", time.time() if now is None else now)
    finally:
        db.conn.close()


def test_an_alias_has_the_widgets_dealer_shape_and_is_never_a_slug(app_client: TestClient) -> None:
    alias = _alias(app_client)
    assert is_preview_alias(alias) and alias.startswith("p_") and len(alias) == 24
    assert not is_preview_alias("demo") and not is_preview_alias("p-" + "a" * 22)


def test_the_alias_serves_the_draft_configurator_evaluate_and_drawing(app_client: TestClient) -> None:
    alias = _alias(app_client)
    base = f"/api/v1/dealers/{alias}"
    doc = app_client.get(f"{base}/configurator?lang=en").json()
    assert doc["products"][0]["label"] == "PVC window (new)"
    assert app_client.get("/api/v1/dealers/demo/configurator?lang=en").json()["products"][0]["label"] == "PVC window"
    live = app_client.post("/api/v1/dealers/demo/evaluate?lang=en", json=WINDOW).json()
    draft = app_client.post(f"{base}/evaluate?lang=en", json=WINDOW).json()
    # 1.8 x 1.4 m = 2.52 m² of triple glass at 50 instead of 42 a m², 10% markup: 22.18 more excl. VAT,
    # 26.84 more with 21% VAT (see tests/web/test_playground.py).
    from decimal import Decimal
    assert Decimal(draft["price"]["total"]) - Decimal(live["price"]["total"]) == Decimal("26.84")
    # The drawing URLs point back at the alias, and answer.
    assert draft["drawing"]["svg"].startswith(f"{base}/drawing.svg?")
    svg = app_client.get(draft["drawing"]["svg"])
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")


def test_the_alias_refuses_quote_requests_and_form_tokens_as_an_unknown_dealer(app_client: TestClient) -> None:
    alias = _alias(app_client)
    token = app_client.get(f"/api/v1/dealers/{alias}/form-token")
    assert token.status_code == 404 and token.json()["detail"].startswith("Unknown dealer")
    body = {**BODY, "form_token": app_client.get("/api/v1/dealers/demo/form-token").json()["form_token"],
            "items": [{"configuration": WINDOW, "note": ""}]}
    answer = app_client.post(f"/api/v1/dealers/{alias}/quote-requests", json=body, headers={"Idempotency-Key": "p1"})
    assert answer.status_code == 404 and answer.json()["detail"].startswith("Unknown dealer")
    db = connect(app_client.app.state["test_db"])
    try:
        assert db.execute("SELECT count(*) FROM quote_requests").fetchone()[0] == 0
        draft_hash = db.execute("SELECT hash FROM catalog_drafts WHERE dealer = 'demo'").fetchone()[0]
        # The draft's hash is a version only once it is published: no request may be stored with it.
        assert db.execute("SELECT count(*) FROM quote_requests WHERE catalog_version = ?",
                          [draft_hash]).fetchone()[0] == 0
    finally:
        db.conn.close()


def test_an_expired_or_made_up_alias_is_404(app_client: TestClient) -> None:
    old = _alias(app_client, now=time.time() - PREVIEW_TTL_S - 1)
    assert app_client.get(f"/api/v1/dealers/{old}/configurator").status_code == 404
    made_up = "p_" + "A" * 22
    answer = app_client.post(f"/api/v1/dealers/{made_up}/evaluate", json=WINDOW)
    assert answer.status_code == 404 and answer.json()["status"] == 404
    fresh = _alias(app_client, now=time.time() - PREVIEW_TTL_S + 60)
    assert app_client.get(f"/api/v1/dealers/{fresh}/configurator").status_code == 200


def test_only_the_servers_own_origin_may_use_an_alias(app_client: TestClient) -> None:
    alias = _alias(app_client)
    site = "http://127.0.0.1:8000"  # one of demo's allowed_origins: the dealer's website, not the back office
    refused = app_client.get(f"/api/v1/dealers/{alias}/configurator", headers={"Origin": site})
    assert refused.status_code == 403
    allowed = app_client.post(f"/api/v1/dealers/{alias}/evaluate", json=WINDOW, headers={"Origin": OWN})
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == OWN
    preflight = app_client.options(f"/api/v1/dealers/{alias}/evaluate",
                                   headers={"Origin": site, "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 403


def test_the_access_log_keeps_no_alias() -> None:
    alias = "p_" + "x" * 22
    assert redact(f"/api/v1/dealers/{alias}/evaluate?lang=nl") == "/api/v1/dealers/p_[redacted]/evaluate?lang=nl"
    assert redact("/api/v1/dealers/demo/evaluate") == "/api/v1/dealers/demo/evaluate"
