"""Concurrent submissions against a running server on a real SQLite file."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.intake.conftest import BODY, URL


def _submit(base: str, key: str) -> httpx.Response:
    with httpx.Client(base_url=base, timeout=30) as client:
        token = client.get("/api/v1/dealers/demo/form-token").json()["form_token"]
        return client.post(URL, json={**BODY, "form_token": token}, headers={"Idempotency-Key": key})


def _db(live_server: str, tmp_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(tmp_path / "live.db")


def test_concurrent_submissions_with_distinct_keys_all_land(live_server: str, tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda i: _submit(live_server, f"distinct-{i}"), range(24)))
    assert [a.status_code for a in answers] == [201] * 24
    references = {a.json()["reference"] for a in answers}
    assert len(references) == 24
    conn = _db(live_server, tmp_path)
    stored = {r[0] for r in conn.execute("SELECT reference FROM quote_requests")}
    conn.close()
    assert stored == references
    numbers = sorted(int(r.rsplit("-", 1)[1]) for r in references)
    assert numbers == list(range(1, 25))  # gapless


def test_concurrent_submissions_with_one_key_land_once(live_server: str, tmp_path: Path) -> None:
    token = httpx.get(f"{live_server}/api/v1/dealers/demo/form-token").json()["form_token"]
    body = {**BODY, "form_token": token}

    def send(_: int) -> httpx.Response:
        return httpx.post(f"{live_server}{URL}", json=body, headers={"Idempotency-Key": "one-key"}, timeout=30)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(send, range(12)))
    assert {a.status_code for a in answers} == {201}
    assert len({a.content for a in answers}) == 1
    conn = _db(live_server, tmp_path)
    assert conn.execute("SELECT COUNT(*) FROM quote_requests").fetchone() == (1,)
    conn.close()
