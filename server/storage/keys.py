"""SQL for dealer API keys (``api_keys``): looked up by prefix or by the SHA-256 of the key."""

from __future__ import annotations

import msgspec
import sqlite_utils

__all__ = ["KeyRow", "active_key_count", "insert_key", "key_by_hash", "key_by_prefix", "keys_of_dealer",
           "revoke", "touch_key"]


class KeyRow(msgspec.Struct, frozen=True, kw_only=True):
    """An ``api_keys`` row without the hash."""

    prefix: str
    dealer: str
    label: str
    read_only: bool
    created_at: str
    last_used_at: str | None
    revoked_at: str | None


_SELECT = "SELECT prefix, dealer, label, read_only, created_at, last_used_at, revoked_at FROM api_keys"


def _rows(db: sqlite_utils.Database, where: str, params: list[object]) -> list[KeyRow]:
    # read_only is stored as 0/1; strict=False lets msgspec read it as the bool it means.
    return [msgspec.convert(row, KeyRow, strict=False) for row in db.query(f"{_SELECT} {where}", params)]


def active_key_count(db: sqlite_utils.Database, dealer: str) -> int:
    """How many keys of ``dealer`` are not revoked."""
    row = db.execute("SELECT COUNT(*) FROM api_keys WHERE dealer = ? AND revoked_at IS NULL", [dealer]).fetchone()
    return int(row[0])


def insert_key(db: sqlite_utils.Database, row: KeyRow, key_hash: str) -> None:
    """Store a new key by its hash. Inside a write transaction."""
    db.conn.execute("INSERT INTO api_keys (dealer, prefix, key_hash, label, read_only, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (row.dealer, row.prefix, key_hash, row.label, int(row.read_only), row.created_at))


def keys_of_dealer(db: sqlite_utils.Database, dealer: str) -> list[KeyRow]:
    """Every key of ``dealer``, active first, newest first."""
    return _rows(db, "WHERE dealer = ? ORDER BY revoked_at IS NOT NULL, created_at DESC", [dealer])


def key_by_prefix(db: sqlite_utils.Database, prefix: str) -> KeyRow | None:
    """The key with ``prefix`` (revoked or not), or None."""
    rows = _rows(db, "WHERE prefix = ?", [prefix])
    return rows[0] if rows else None


def key_by_hash(db: sqlite_utils.Database, key_hash: str) -> KeyRow | None:
    """The active key whose SHA-256 is ``key_hash``, or None."""
    rows = _rows(db, "WHERE key_hash = ? AND revoked_at IS NULL", [key_hash])
    return rows[0] if rows else None


def revoke(db: sqlite_utils.Database, prefix: str, at: str) -> None:
    """Mark the key revoked. Inside a write transaction."""
    db.conn.execute("UPDATE api_keys SET revoked_at = ? WHERE prefix = ?", (at, prefix))


def touch_key(db: sqlite_utils.Database, prefix: str, at: str) -> None:
    """Note when the key was last used (outside any transaction: informative only)."""
    db.conn.execute("UPDATE api_keys SET last_used_at = ? WHERE prefix = ?", (at, prefix))
