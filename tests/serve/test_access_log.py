"""Quote and reset tokens never reach the access log of a real ``venster serve``."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

import httpx

from server.access_log import redact
from tests.conftest import running_server


def test_tokens_in_paths_are_redacted_in_the_access_log(tmp_path: Path, catalogs_dir: Path) -> None:
    quote_token, reset_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    env = {"VENSTER_LOG_LEVEL": "INFO", "VENSTER_OUTBOX": "0"}
    with running_server(tmp_path, catalogs_dir, env) as (base, log_path):
        with httpx.Client(base_url=base) as client:
            client.get(f"/q/{quote_token}?lang=en")
            client.get(f"/q/{quote_token}/quote.pdf")
            client.post(f"/q/{quote_token}/accept", data={"name": "x"})
            client.get(f"/admin/reset/{reset_token}")
            client.get("/health")
        time.sleep(0.5)  # let the worker flush its last access line
        log = log_path.read_text()
    assert quote_token not in log and reset_token not in log
    assert '"GET /q/[redacted]?lang=en HTTP/1.1"' in log
    assert '"GET /q/[redacted]/quote.pdf HTTP/1.1"' in log
    assert '"POST /q/[redacted]/accept HTTP/1.1"' in log
    assert '"GET /admin/reset/[redacted] HTTP/1.1"' in log
    assert '"GET /health HTTP/1.1" 200' in log  # the access log still works for everything else


def test_redaction_keeps_the_rest_of_the_path() -> None:
    assert redact("/q/abc-_DEF/items/2/drawing.svg?lang=nl") == "/q/[redacted]/items/2/drawing.svg?lang=nl"
    assert redact("/admin/requests/DEMO-2026-000001") == "/admin/requests/DEMO-2026-000001"


def test_tokens_in_paths_are_redacted_in_the_error_log_too(tmp_path: Path, catalogs_dir: Path) -> None:
    # The database goes away under a running server: the outage line names the path it failed on.
    quote_token = secrets.token_urlsafe(32)
    env = {"VENSTER_LOG_LEVEL": "WARNING", "VENSTER_OUTBOX": "0"}
    with running_server(tmp_path, catalogs_dir, env) as (base, log_path):
        db = tmp_path / "live.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        db.mkdir()  # a directory where the file was: SQLite cannot open it at all
        with httpx.Client(base_url=base) as client:
            assert client.get(f"/q/{quote_token}").status_code == 503
        time.sleep(0.5)  # let the worker flush its log line
        log = log_path.read_text()
    assert "database unavailable" in log and "on GET /q/[redacted]" in log
    assert quote_token not in log
