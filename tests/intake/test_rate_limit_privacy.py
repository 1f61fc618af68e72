"""Rate-limit rows hold a keyed hash of the client address, never the address, and expire with their window."""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
from pathlib import Path

import pytest
from litestar.testing import TestClient

from server.services.confirmations import recipient_hash
from server.settings import Settings
from server.storage import db as storage_db
from server.storage.db import connect, migrate, write_transaction
from server.storage.keyed_hash import keyed_hash
from server.storage.migrations import MIGRATIONS
from server.storage.rate_limits import KEY_NAME, client_key
from server.storage.requests import hit_rate_limit
from tests.intake.conftest import URL, fresh_body


def _table(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_quote_requests_counter_holds_a_keyed_hash_not_the_address(intake: TestClient,
                                                                      intake_settings: Settings) -> None:
    answer = intake.post(URL, json=fresh_body(intake), headers={"Idempotency-Key": "privacy-1"})
    assert answer.status_code == 201
    address = "testclient"  # what Litestar's test client reports as the peer
    assert _table(intake_settings.db_path, "SELECT client_address FROM quote_requests") == [(address,)]
    buckets = [r[0] for r in _table(intake_settings.db_path, "SELECT bucket FROM rate_limits")]
    assert not any(address in b for b in buckets), buckets
    (key,) = _table(intake_settings.db_path, f"SELECT value FROM server_secrets WHERE name = '{KEY_NAME}'")[0]
    keyed = hmac.new(key.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]
    assert f"quote-client:demo:{keyed}" in buckets
    # Not a plain hash: without the server's key the row cannot be matched to an address.
    assert not any(hashlib.sha256(address.encode()).hexdigest()[:32] in b for b in buckets)


def test_rows_expire_once_their_window_has_passed(tmp_path: Path) -> None:
    db = connect(tmp_path / "r.db")
    migrate(db)
    now = 1_800_000_000  # on an hour boundary
    with write_transaction(db):
        hit_rate_limit(db, "quote-client:demo:aaaa", 20, 3600, now)
        hit_rate_limit(db, "render:bbbb", 300, 60, now)
        db.conn.execute("INSERT INTO rate_limits (bucket, window_start, count) VALUES ('legacy', ?, 1)", (now,))
    rows = {r[0] for r in db.execute("SELECT bucket FROM rate_limits").fetchall()}
    assert rows == {"quote-client:demo:aaaa", "render:bbbb", "legacy"}
    with write_transaction(db):  # a minute later the render window is over, the hour is not
        hit_rate_limit(db, "key:vst_1", 600, 60, now + 60)
    rows = {r[0] for r in db.execute("SELECT bucket FROM rate_limits").fetchall()}
    assert rows == {"quote-client:demo:aaaa", "legacy", "key:vst_1"}
    with write_transaction(db):  # an hour later the quote counter goes; a row without expiry after a day
        hit_rate_limit(db, "key:vst_1", 600, 60, now + 3600)
    rows = {r[0] for r in db.execute("SELECT bucket FROM rate_limits").fetchall()}
    assert rows == {"legacy", "key:vst_1"}
    with write_transaction(db):
        hit_rate_limit(db, "key:vst_1", 600, 60, now + 86_400)
    assert {r[0] for r in db.execute("SELECT bucket FROM rate_limits").fetchall()} == {"key:vst_1"}
    db.conn.close()


def test_upgrading_deletes_the_rows_that_held_addresses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by its description, so renumbering the migrations does not break the test.
    ours = next(i for i, m in enumerate(MIGRATIONS) if m[1].startswith("rate limits: rows expire"))
    db = connect(tmp_path / "old.db")
    with monkeypatch.context() as patched:
        patched.setattr(storage_db, "MIGRATIONS", MIGRATIONS[:ours])
        migrate(db)
    sha = hashlib.sha256(b"192.0.2.7").hexdigest()[:32]
    rows = [("quote:demo:192.0.2.7", 1, 3), (f"login-addr:{sha}", 1, 2), ("key:vst_abc", 1, 9), ("job:purge", 1, 1)]
    with write_transaction(db):
        db.conn.executemany("INSERT INTO rate_limits (bucket, window_start, count) VALUES (?, ?, ?)", rows)
    assert MIGRATIONS[ours][0] in migrate(db)
    left = db.execute("SELECT bucket, window_start, count, expires_at FROM rate_limits ORDER BY bucket").fetchall()
    db.conn.close()
    assert left == [("job:purge", 1, 1, 0), ("key:vst_abc", 1, 9, 0)]


def test_every_counter_uses_the_one_keyed_hash_with_a_secret_per_purpose(intake: TestClient,
                                                                        intake_settings: Settings) -> None:
    body = fresh_body(intake)
    body["contact"]["email"] = "Jan+offerte@Example.nl"
    assert intake.post(URL, json=body, headers={"Idempotency-Key": "keyed-1"}).status_code == 201
    db = connect(intake_settings.db_path)
    try:
        (stored,) = db.execute("SELECT recipient_hash FROM confirmation_counts").fetchone()
        assert stored == recipient_hash(db, "jan@example.nl") == keyed_hash(db, "recipient", "jan@example.nl")
        assert client_key(db, "testclient") == keyed_hash(db, "client", "testclient")[:32]
        # One secret per purpose: the same text hashes differently for each, and the
        # confirmation counter no longer shares the form-token secret.
        values = {keyed_hash(db, purpose, "jan@example.nl") for purpose in ("client", "recipient", "reset-email")}
        assert len(values) == 3
        names = {r[0] for r in db.execute("SELECT name FROM server_secrets")}
        assert {"rate_limit_key", "hash:recipient"} <= names
        form_secret = db.execute("SELECT value FROM server_secrets WHERE name = 'form_token'").fetchone()
        if form_secret:
            old = hmac.new(form_secret[0].encode(), b"confirmation-recipient:jan@example.nl", hashlib.sha256)
            assert stored != old.hexdigest()
    finally:
        db.conn.close()
