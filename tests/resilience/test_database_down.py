"""A read-only or missing database: 503 in the error shape (API) or an HTML 503 page, logged once, never 500."""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from litestar.testing import TestClient

import server.errors
from server.app import create_app
from server.services.keys import create_key
from server.storage.db import connect
from tests.intake.conftest import URL, fresh_body
from tests.web.conftest import Office, two_dealer_settings

DOWN = {"status": 503, "detail": "The service is temporarily unavailable; please try again shortly", "errors": []}


@contextmanager
def _immutable(path: Path) -> Iterator[None]:
    """The database file made truly read-only, for root too (``chattr +i``), for the block's duration."""
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"chattr +i is not supported here: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def _outage_logs(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "venster.errors" and r.levelno >= logging.ERROR]


@pytest.fixture
def shop(tmp_path: Path, catalogs_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Office, str]]:
    """The app, a logged-in back-office user, an API key; the outage log forgotten (it is once a minute)."""
    monkeypatch.setattr(server.errors, "_last_logged", [float("-inf")])
    settings = two_dealer_settings(tmp_path, catalogs_dir)
    with TestClient(create_app(settings)) as client:
        office = Office(client, settings)
        db = connect(settings.db_path)
        key = create_key(db, "demo").key
        db.conn.close()
        yield office, key


def test_a_read_only_database_answers_503_and_logs_once(shop: tuple[Office, str],
                                                        caplog: pytest.LogCaptureFixture) -> None:
    office, key = shop
    office.login()
    ref = office.submit()
    body = fresh_body(office.client)
    caplog.set_level(logging.ERROR, logger="venster.errors")
    with _immutable(office.settings.db_path):
        for _ in range(3):
            api = office.client.get("/api/v1/dealer/requests", headers={"Authorization": f"Bearer {key}"})
            assert api.status_code == 503 and api.json() == DOWN
            assert api.headers["retry-after"] == "30"
        sent = office.client.post(URL, json=body, headers={"Idempotency-Key": "while-read-only"})
        assert sent.status_code == 503 and sent.json() == DOWN
        page = office.post(f"/admin/requests/{ref}/status", {"status": "contacted", "note": ""})
        assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
        assert "Tijdelijk niet beschikbaar" in page.text and page.headers["retry-after"] == "30"
        # A read that writes nothing still works.
        assert office.client.get("/api/v1/dealers/demo/configurator").status_code == 200
    logged = _outage_logs(caplog)
    assert len(logged) == 1 and "readonly database" in logged[0].getMessage()
    assert logged[0].exc_info is None  # no traceback per request
    # Nothing half-written: the refused request is not there, and the same key now works.
    again = office.client.post(URL, json=body, headers={"Idempotency-Key": "while-read-only"})
    assert again.status_code == 201


def test_a_missing_database_answers_503_everywhere(shop: tuple[Office, str], tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    office, key = shop
    office.login()
    path = office.settings.db_path
    caplog.set_level(logging.ERROR, logger="venster.errors")
    shutil.move(path, tmp_path / "moved-away.db")
    path.mkdir()  # a directory where the file was: SQLite cannot open it at all
    api = office.client.get("/api/v1/dealer/requests", headers={"Authorization": f"Bearer {key}"})
    assert api.status_code == 503 and api.json() == DOWN
    admin = office.get("/admin/requests", follow_redirects=False)
    assert admin.status_code == 503 and "Tijdelijk niet beschikbaar" in admin.text
    homeowner = office.get("/q/" + "x" * 40)
    assert homeowner.status_code == 503 and homeowner.headers["content-type"].startswith("text/html")
    assert "Tijdelijk niet beschikbaar" in homeowner.text and homeowner.headers["retry-after"] == "30"
    german = office.get("/q/" + "x" * 40 + "?lang=de")  # every language of the homeowner pages has the page
    assert german.status_code == 503 and "Vorübergehend nicht verfügbar" in german.text
    token = office.client.get("/api/v1/dealers/demo/form-token")
    assert token.status_code in (200, 503)  # it may need the stored secret; never a 500
    assert office.client.get("/ready").status_code == 503
    assert len(_outage_logs(caplog)) == 1


def test_a_token_in_the_path_never_reaches_the_error_log(shop: tuple[Office, str], tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # A quote token opens and accepts a homeowner's quote; a reset token sets a password.
    office, _ = shop
    quote_token, reset_token = "q" * 40, "r" * 43
    caplog.set_level(logging.ERROR)
    # 1. A fault (500) on the reset page: the back office's handler logs the path with its traceback.
    import server.admin.auth

    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(server.admin.auth, "reset_user", broken)
    assert office.get(f"/admin/reset/{reset_token}").status_code == 500
    # 2. An outage (503) on the homeowner's quote page: the outage line names the path.
    path = office.settings.db_path
    shutil.move(path, tmp_path / "moved-away.db")
    path.mkdir()
    assert office.get(f"/q/{quote_token}").status_code == 503
    logged = "\n".join(caplog.messages) + caplog.text
    assert "unhandled error on GET /admin/reset/[redacted]" in logged
    assert "database unavailable" in logged and "GET /q/[redacted]" in logged
    assert quote_token not in logged and reset_token not in logged
    # The handler the server itself writes to (the root's) redacts too, even a token in a traceback.
    root_filters = [f for h in logging.getLogger().handlers for f in h.filters]
    record = logging.LogRecord("venster.x", logging.ERROR, __file__, 1, "on %s", (f"/q/{quote_token}",), None)
    for f in root_filters:
        f.filter(record)
    assert root_filters and quote_token not in record.getMessage()
