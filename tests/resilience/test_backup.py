"""``venster backup`` while the server writes, ``venster restore``, and every file restore must refuse."""

from __future__ import annotations

import itertools
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from litestar.testing import TestClient

from server.app import create_app
from server.cli import main
from server.services.keys import create_key
from server.settings import Settings
from server.storage.db import connect
from server.storage.migrations import MIGRATIONS
from tests.conftest import ROOT, SITE
from tests.resilience.conftest import (
    API,
    ITEMS,
    ServerProcess,
    gapless_problems,
    incomplete,
    quote_body,
    stored_requests,
)


def venster(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "server", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=60)


def _count(path: Path, table: str = "quote_requests") -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_backup_while_the_server_takes_requests_restores_every_request_answered_before_it(
        tmp_path: Path, catalogs_dir: Path) -> None:
    live = tmp_path / "live.db"
    server = ServerProcess(live, catalogs_dir, tmp_path / "mail", tmp_path / "server.log")
    base = server.start()
    answered: list[tuple[float, str, str]] = []  # (when the 201 arrived, reference, e-mail)
    refused: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    numbers = itertools.count(1)

    def client() -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            while not stop.is_set():
                n = next(numbers)
                token = http.get(f"{API}/form-token").json()["form_token"]  # a token makes one request
                answer = http.post(f"{API}/quote-requests", json=quote_body(token, n),
                                   headers={"Idempotency-Key": f"backup-{n}"})
                at = time.monotonic()
                with lock:
                    if answer.status_code == 201:
                        answered.append((at, answer.json()["reference"], f"client{n}@example.nl"))
                    else:
                        refused.append(f"{answer.status_code} {answer.text}")

    backup = tmp_path / "backups" / "venster.db"
    backup.parent.mkdir()
    threads = [threading.Thread(target=client) for _ in range(4)]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 15
        while len(answered) < 20 and time.monotonic() < deadline:
            time.sleep(0.02)
        started = time.monotonic()
        done = venster("backup", str(backup), "--db", str(live))
        ended = time.monotonic()
        time.sleep(0.3)  # and the server keeps taking requests after the backup
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        server.stop()
    assert done.returncode == 0, done.stderr
    assert refused == []
    assert f"to {backup}: " in done.stdout and " bytes, schema version " in done.stdout
    assert "quote_requests" in done.stdout and "outbox" in done.stdout
    assert not backup.with_name("venster.db.tmp").exists()
    before = [(ref, email) for at, ref, email in answered if at < started]
    during = sum(started <= at < ended for at, _, _ in answered)
    assert len(before) >= 20 and during > 0, (len(before), during)  # the server wrote while the backup ran

    restored = tmp_path / "elsewhere" / "venster.db"
    done = venster("restore", str(backup), "--db", str(restored))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"restored {backup} (schema version {MIGRATIONS[-1][0]}) into {restored}")
    conn = sqlite3.connect(restored)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert incomplete(conn, catalogs_dir, before) == []
        # One consistent snapshot: whatever else it holds is complete too, and numbered without gaps.
        stored = stored_requests(conn)
        assert incomplete(conn, catalogs_dir, stored) == []
        assert gapless_problems(conn) == []
    finally:
        conn.close()
    assert len(before) <= len(stored) < _count(live)

    # The restored copy serves: the dealer API reads a request answered before the backup.
    settings = Settings(db_path=restored, catalogs_dir=catalogs_dir, site_dir=SITE, outbox_worker=False)
    with TestClient(create_app(settings)) as http:
        db = connect(restored)
        key = create_key(db, "demo").key
        db.conn.close()
        answer = http.get(f"/api/v1/dealer/requests/{before[0][0]}", headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 200, answer.text
    assert len(answer.json()["items"]) == len(ITEMS)
    assert answer.json()["contact"]["email"] == before[0][1]


@pytest.fixture
def populated(tmp_path: Path, catalogs_dir: Path) -> Iterator[tuple[Path, TestClient]]:
    """A database with three real quote requests, and the client that keeps adding to it."""
    settings = Settings(db_path=tmp_path / "current.db", catalogs_dir=catalogs_dir, site_dir=SITE, form_min_age_s=0,
                        outbox_worker=False, rate_limit=1000)
    with TestClient(create_app(settings)) as http:
        for n in range(3):
            _submit(http, n)
        yield settings.db_path, http


def _submit(http: TestClient, n: int) -> None:
    token = http.get(f"{API}/form-token").json()["form_token"]
    answer = http.post(f"{API}/quote-requests", json=quote_body(token, n), headers={"Idempotency-Key": f"p-{n}"})
    assert answer.status_code == 201, answer.text


def test_backup_refuses_to_overwrite_unless_forced_and_needs_a_database(
        populated: tuple[Path, TestClient], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, _ = populated
    target = tmp_path / "b.db"
    assert main(["backup", str(target), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"backed up {db} to {target}: {target.stat().st_size:,} bytes" in out
    assert "  quote_requests           3\n" in out and "  quote_items              6\n" in out

    assert main(["backup", str(target), "--db", str(db)]) == 1
    assert capsys.readouterr().err == f"venster: {target} exists; pass --force to overwrite it\n"
    assert main(["backup", str(target), "--db", str(db), "--force"]) == 0
    assert main(["backup", str(db), "--db", str(db), "--force"]) == 1
    assert capsys.readouterr().err.endswith(f"venster: {db} is the database itself; choose another file\n")
    assert main(["backup", str(tmp_path / "c.db"), "--db", str(tmp_path / "missing.db")]) == 1
    missing = tmp_path / "missing.db"
    assert capsys.readouterr().err == f"venster: no database at {missing} (set VENSTER_DB or pass --db)\n"
    assert not (tmp_path / "missing.db").exists() and not (tmp_path / "c.db").exists()


def test_restore_sets_the_current_database_aside(populated: tuple[Path, TestClient], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    db, http = populated
    backup = tmp_path / "b.db"
    assert main(["backup", str(backup), "--db", str(db)]) == 0
    _submit(http, 3)  # a fourth request after the backup, only in the current database
    assert main(["restore", str(backup), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    kept = list(tmp_path.glob("current.db.before-restore-*"))
    assert len(kept) == 1 and kept[0].name.startswith("current.db.before-restore-20")
    assert f"the previous database is kept as {kept[0]}" in out
    assert _count(db) == 3 and _count(kept[0]) == 4  # the kept file is whole, WAL included
    assert not db.with_name("current.db.restore-tmp").exists()


def test_restore_refuses_while_the_database_is_held_open(populated: tuple[Path, TestClient], tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    db, _ = populated
    backup = tmp_path / "b.db"
    assert main(["backup", str(backup), "--db", str(db)]) == 0
    server_like = connect(db)  # what a running server's outbox worker holds
    try:
        assert main(["restore", str(backup), "--db", str(db)]) == 1
        err = capsys.readouterr().err
        assert err == f"venster: {db} is in use: stop the server (every `venster serve` on it) and try again\n"
        assert not list(tmp_path.glob("current.db.before-restore-*"))
    finally:
        server_like.conn.close()
    assert main(["restore", str(backup), "--db", str(db)]) == 0


def _damage(path: Path) -> None:
    """Overwrite the first page of the quote_items table with garbage."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'quote_items'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(bytes([0x0D, 0xFF, 0xFF, 0xFF]) * (page_size // 4))


def _make(kind: str, backup: Path, target: Path) -> str:
    """Write a bad file of ``kind`` to ``target``; return the message restore must give."""
    if kind == "text":
        target.write_text("id,name\n1,Anna\n" * 100)
        return "not a SQLite database (file is not a database)"
    if kind == "empty":
        target.write_bytes(b"")
        return "not a venster database (it has no schema_migrations table)"
    if kind == "other-sqlite":
        conn = sqlite3.connect(target)
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.commit()
        conn.close()
        return "not a venster database (it has no schema_migrations table)"
    if kind == "no-migration":
        target.write_bytes(backup.read_bytes())
        conn = sqlite3.connect(target)
        conn.execute("DELETE FROM schema_migrations")
        conn.commit()
        conn.close()
        return "not a venster database (no migration recorded in schema_migrations)"
    if kind == "newer":
        target.write_bytes(backup.read_bytes())
        conn = sqlite3.connect(target)
        conn.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', '2030-01-01')",
                     [MIGRATIONS[-1][0] + 1])
        conn.commit()
        conn.close()
        return (f"schema version {MIGRATIONS[-1][0] + 1} is newer than this venster's ({MIGRATIONS[-1][0]}); "
                "restore it with the venster release that wrote it")
    if kind == "truncated":
        data = backup.read_bytes()
        target.write_bytes(data[: len(data) // 2])
        return "damaged"
    if kind == "index-mismatch":  # readable, but its index no longer matches the rows
        target.write_bytes(backup.read_bytes())
        conn = sqlite3.connect(target)
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET sql = replace(sql, 'created_at', 'reference') "
                     "WHERE name = 'quote_requests_dealer_created'")
        conn.commit()
        conn.close()
        return ("damaged, PRAGMA integrity_check reports: row 1 missing from index quote_requests_dealer_created; "
                "row 2 missing from index quote_requests_dealer_created")
    assert kind == "damaged"
    target.write_bytes(backup.read_bytes())
    _damage(target)
    return "damaged"


@pytest.mark.parametrize("kind", ["text", "empty", "other-sqlite", "no-migration", "newer", "truncated", "damaged",
                                  "index-mismatch"])
def test_restore_refuses_a_file_that_is_not_a_sound_venster_backup(
        kind: str, populated: tuple[Path, TestClient], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, _ = populated
    good = tmp_path / "good.db"
    assert main(["backup", str(good), "--db", str(db)]) == 0
    bad = tmp_path / f"{kind}.db"
    message = _make(kind, good, bad)
    capsys.readouterr()
    assert main(["restore", str(bad), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"venster: {bad}: {message}"), err
    assert err.count("\n") == 1
    # Nothing happened to the current database.
    assert _count(db) == 3
    assert not list(tmp_path.glob("current.db.before-restore-*"))
    assert not db.with_name("current.db.restore-tmp").exists()
