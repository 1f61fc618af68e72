"""Migrations from every earlier schema version on a populated database.

The rows come from the real code: one database at the latest version is filled through
the HTTP API (quote requests, items, contacts, privacy records, outbox jobs sent and
pending, delivery attempts, keys, users, notes, audit log, settings). For each earlier
version v it is projected onto the tables and columns that existed at v (what the code
of that version wrote; migrations only ever add), migrated with the real ``migrate``,
and then must hold every row unchanged, have the latest schema with defaults in the new
columns, and serve its old requests through the dealer API and the idempotent replay.
"""

from __future__ import annotations

import email
import email.policy
import sqlite3
from pathlib import Path
from typing import Any

import msgspec
import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.services.catalogs import CatalogStore
from server.services.keys import create_key
from server.services.outbox_worker import run_once
from server.services.users import create_user
from server.settings import Settings
from server.storage import db as storage_db
from server.storage.db import connect, migrate, schema_version
from server.storage.migrations import MIGRATIONS
from tests.conftest import CATALOGS, SITE
from tests.resilience.conftest import API, quote_body

LATEST = MIGRATIONS[-1][0]
VERSIONS = [m[0] for m in MIGRATIONS]  # in order


def _upto(version: int) -> tuple:
    return MIGRATIONS[:VERSIONS.index(version) + 1]


_SKIP_TABLES = {"schema_migrations"}  # written by the migrate loop itself


class Source:
    """The populated latest-version database and what the API said about it."""

    def __init__(self, path: Path, bodies: dict[str, tuple[str, bytes, bytes]], details: dict[str, dict]) -> None:
        self.path = path
        self.bodies = bodies  # reference -> (idempotency key, request body, 201 answer)
        self.details = details  # reference -> the dealer API's detail


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    tmp = tmp_path_factory.mktemp("source")
    settings = Settings(db_path=tmp / "source.db", catalogs_dir=CATALOGS, site_dir=SITE, form_min_age_s=0,
                        outbox_worker=False, rate_limit=1000, mail_dir=tmp / "mail")
    bodies: dict[str, tuple[str, bytes, bytes]] = {}
    with TestClient(create_app(settings)) as http:
        for n in range(4):
            token = http.get(f"{API}/form-token").json()["form_token"]  # a token makes one request
            body = quote_body(token, n)
            if n == 1:
                body["items"] = body["items"][:1]
                body["lang"] = "en"
                body["contact"]["company"] = "Bakkerij \u00e9\u00e9n \u2013 \u05d0 \U0001f600"
            key = f"migrate-{n}"
            raw = msgspec.json.encode(body)
            answer = http.post(f"{API}/quote-requests", content=raw,
                               headers={"Idempotency-Key": key, "Content-Type": "application/json"})
            assert answer.status_code == 201, answer.text
            bodies[answer.json()["reference"]] = (key, raw, answer.content)
        db = connect(settings.db_path)
        store = CatalogStore(settings.catalogs_dir, settings.db_path)
        store.load_all()
        assert run_once(db, store, settings, "source") is not None  # one job sent, with its attempt; the rest pending
        create_user(db, "demo", "verkoop@kozijnen-demo.example", name="Verkoop")
        api_key = create_key(db, "demo", label="migration test").key
        db.conn.close()
        auth = {"Authorization": f"Bearer {api_key}"}
        first, second = list(bodies)[:2]
        assert http.patch(f"/api/v1/dealer/requests/{first}", json={"status": "contacted", "note": "called"},
                          headers=auth).status_code == 200
        assert http.patch(f"/api/v1/dealer/requests/{second}", json={"note": "wants a visit"},
                          headers=auth).status_code == 200
        current = http.get("/api/v1/dealer/settings", headers=auth).json()
        current["price_note"] = {"nl": "Prijs onder voorbehoud."}
        assert http.put("/api/v1/dealer/settings", json=current, headers=auth).status_code == 200
        details = {ref: http.get(f"/api/v1/dealer/requests/{ref}", headers=auth).json() for ref in bodies}
    return Source(settings.db_path, bodies, details)


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def _rows(conn: sqlite3.Connection, table: str, columns: list[str]) -> list[tuple[Any, ...]]:
    names = ", ".join(f'"{c}"' for c in columns)
    return conn.execute(f'SELECT {names} FROM "{table}" ORDER BY rowid').fetchall()


def _schema(conn: sqlite3.Connection) -> set[tuple[str, str, str | None]]:
    return {(r[0], r[1], r[2]) for r in conn.execute("SELECT type, name, sql FROM sqlite_master "
                                                     "WHERE name NOT LIKE 'sqlite_%'")}


def _build_at(path: Path, version: int, source: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, list]:
    """A database with only migrations 1..version, filled with the source's rows as that version held them."""
    db = connect(path)
    with monkeypatch.context() as patched:
        patched.setattr(storage_db, "MIGRATIONS", _upto(version))
        assert migrate(db) == [m[0] for m in _upto(version)]
    assert schema_version(db) == version
    db.conn.close()
    conn = sqlite3.connect(path)
    conn.execute(f"ATTACH DATABASE '{source}' AS src")
    written: dict[str, list] = {}
    for table in _tables(conn):
        if table in _SKIP_TABLES:
            continue
        columns = _columns(conn, table)
        names = ", ".join(f'"{c}"' for c in columns)
        conn.execute(f'INSERT INTO main."{table}" ({names}) SELECT {names} FROM src."{table}" ORDER BY rowid')
        written[table] = _rows(conn, table, columns)
    conn.commit()
    conn.execute("DETACH DATABASE src")
    conn.close()
    return written


@pytest.mark.parametrize("version", VERSIONS[:-1])
def test_migrating_a_populated_database_from_every_earlier_version(
        version: int, source: Source, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / f"v{version}.db"
    written = _build_at(path, version, source.path, monkeypatch)
    conn = sqlite3.connect(path)
    old_columns = {t: _columns(conn, t) for t in written}
    conn.close()
    if version >= 2:
        assert len(written["quote_requests"]) == len(source.bodies)
        assert {"quote_items", "contacts", "privacy_records", "outbox", "delivery_attempts"} <= {
            t for t, rows in written.items() if rows}

    db = connect(path)
    assert migrate(db) == VERSIONS[VERSIONS.index(version) + 1:]
    db.conn.close()

    conn = sqlite3.connect(path)
    fresh = connect(tmp_path / "fresh.db")
    migrate(fresh)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # Every table, column and index of the latest schema, exactly as a new database has them.
        assert _schema(conn) == _schema(fresh.conn)
        for table, rows in written.items():
            # Every row survived, unchanged ...
            assert _rows(conn, table, old_columns[table]) == rows, table
            # ... and the columns added since hold their declared defaults.
            for _, name, _, _, default, _ in conn.execute(f'PRAGMA table_info("{table}")'):
                if name in old_columns[table]:
                    continue
                expected = conn.execute(f"SELECT {default}").fetchone()[0] if default is not None else None
                values = {r[0] for r in conn.execute(f'SELECT "{name}" FROM "{table}"')}
                assert values <= {expected}, (table, name, values, expected)
    finally:
        conn.close()
        fresh.conn.close()

    _serves_old_requests(path, version, source, tmp_path, "request_notes" in written,
                         "vat_breakdown" in old_columns.get("quote_requests", ()))


def _serves_old_requests(path: Path, version: int, source: Source, tmp_path: Path, had_notes: bool,
                         had_breakdown: bool) -> None:
    """The app starts on the migrated file; the dealer API and the idempotent replay read the old requests."""
    settings = Settings(db_path=path, catalogs_dir=CATALOGS, site_dir=SITE, form_min_age_s=0, outbox_worker=False,
                        rate_limit=1000, mail_dir=tmp_path / "mail")
    with TestClient(create_app(settings)) as http:
        assert http.get("/ready").status_code == 200
        assert http.get(f"{API}/form-token").status_code == 200
        if version < 2:
            return
        db = connect(path)
        key = create_key(db, "demo").key
        auth = {"Authorization": f"Bearer {key}"}
        listed = http.get("/api/v1/dealer/requests", headers=auth).json()
        assert {r["reference"] for r in listed["requests"]} == set(source.bodies), listed
        for reference, expected in source.details.items():
            got = http.get(f"/api/v1/dealer/requests/{reference}", headers=auth)
            assert got.status_code == 200, got.text
            detail = got.json()
            if not had_notes:  # request_notes came with schema 3: a schema-2 database has none
                expected = {**expected, "notes": []}
            if not had_breakdown:  # stored since schema 8; older requests keep their totals, with no breakdown
                expected = {**expected, "vat_breakdown": [], "order_lines": []}
            assert detail == expected
        for reference, (idem, raw, answer) in source.bodies.items():
            replay = http.post(f"{API}/quote-requests", content=raw,
                               headers={"Idempotency-Key": idem, "Content-Type": "application/json"})
            assert (replay.status_code, replay.content) == (201, answer), reference
        # The jobs the old version left pending are sent by this version's worker.
        store = CatalogStore(settings.catalogs_dir, settings.db_path)
        store.load_all()
        while run_once(db, store, settings, "after-migration") is not None:
            pass
        statuses = db.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status").fetchall()
        db.conn.close()
    src = sqlite3.connect(source.path)
    jobs, sent_before = src.execute("SELECT COUNT(*), SUM(status = 'sent') FROM outbox").fetchone()
    src.close()
    assert dict(statuses) == {"sent": jobs}
    subjects = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)["Subject"]
                for p in (tmp_path / "mail").glob("*.eml")]
    assert len(subjects) == jobs - sent_before  # what was sent before the migration is not sent again
    for reference in source.bodies:
        assert sum(reference in s for s in subjects) >= 1, (reference, subjects)
