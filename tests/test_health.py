from __future__ import annotations

from pathlib import Path

import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.settings import Settings


def test_health_answers_ok(client: TestClient) -> None:
    answer = client.get("/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "checks": {}}


def test_ready_checks_database_and_catalogs(client: TestClient) -> None:
    answer = client.get("/ready")
    assert answer.status_code == 200
    assert answer.json() == {
        "status": "ok", "checks": {"database_writable": True, "catalogs_loaded": True},
    }


def test_ready_is_503_while_another_process_holds_the_write_lock(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from server.storage import db as dbmod

    app = create_app(settings)
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 50)  # do not wait 10 s for the lock
    blocker = sqlite3.connect(settings.db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with TestClient(app) as client:
            answer = client.get("/ready")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert answer.status_code == 503
    assert answer.json()["checks"] == {"database_writable": False, "catalogs_loaded": True}


def test_openapi_schema_is_served(client: TestClient) -> None:
    doc = client.get("/schema/openapi.json")
    assert doc.status_code == 200
    paths = doc.json()["paths"]
    assert "/health" in paths and "/ready" in paths
    assert client.get("/schema").status_code == 200


def test_sample_dealer_page_embeds_the_widget(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<script src="/widget.js" async></script>' in page.text
    assert '<venster-configurator dealer="demo" lang="nl"></venster-configurator>' in page.text
    assert client.get("/site/privacy.html").status_code == 200


def test_the_sample_page_names_its_charset_once(client: TestClient) -> None:
    # Litestar adds "; charset=utf-8" to a text media type: giving it too made it appear twice.
    assert client.get("/").headers["content-type"] == "text/html; charset=utf-8"


def test_database_file_is_in_wal_mode(client: TestClient, settings: Settings) -> None:
    import sqlite3

    conn = sqlite3.connect(settings.db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_no_site_means_no_home_page(tmp_path: Path, catalogs_dir: Path) -> None:
    app = create_app(Settings(db_path=tmp_path / "x.db", catalogs_dir=catalogs_dir, site_dir=None))
    with TestClient(app) as client:
        answer = client.get("/")
    assert answer.status_code == 404
    assert answer.json()["status"] == 404
