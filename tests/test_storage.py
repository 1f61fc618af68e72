from __future__ import annotations

import threading
from pathlib import Path

import pytest

from server.storage import connect, migrate, schema_version, write_transaction
from server.storage.migrations import MIGRATIONS


def test_a_new_database_gets_every_migration_once(tmp_path: Path) -> None:
    db = connect(tmp_path / "a.db")
    assert schema_version(db) == 0
    assert migrate(db) == [m[0] for m in MIGRATIONS]
    assert migrate(db) == []
    assert schema_version(db) == MIGRATIONS[-1][0]
    assert {"schema_migrations", "server_secrets", "catalog_versions"} <= set(db.table_names())


def test_two_processes_migrating_at_once_apply_each_version_once(tmp_path: Path) -> None:
    path = tmp_path / "b.db"
    results: list[list[int]] = []

    def run() -> None:
        db = connect(path)
        results.append(migrate(db))
        db.conn.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    applied = sorted(v for r in results for v in r)
    assert applied == [m[0] for m in MIGRATIONS]


def test_a_failed_write_transaction_leaves_nothing_behind(tmp_path: Path) -> None:
    db = connect(tmp_path / "c.db")
    migrate(db)
    with pytest.raises(RuntimeError), write_transaction(db):
        db.conn.execute(
            "INSERT INTO server_secrets (name, value, created_at) VALUES ('k', 'v', 'now')"
        )
        raise RuntimeError("crash mid-write")
    assert db.execute("SELECT COUNT(*) FROM server_secrets").fetchone()[0] == 0
