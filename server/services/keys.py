"""Dealer API keys: ``vst_`` + 160 random bits, shown once, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets

import msgspec
import sqlite_utils

from server.services.audit import now_iso, record
from server.storage.db import write_transaction

__all__ = ["MAX_ACTIVE_KEYS", "ApiKey", "KeyError_", "NewKey", "authenticate", "create_key", "list_keys",
           "revoke_key"]

MAX_ACTIVE_KEYS = 10
PREFIX = "vst_"


class KeyError_(ValueError):  # noqa: N801 - not the builtin KeyError
    """A key cannot be created or revoked (limit reached, unknown prefix)."""


class ApiKey(msgspec.Struct, frozen=True, kw_only=True):
    """A key as listed: never the key itself."""

    prefix: str
    dealer: str
    label: str
    read_only: bool
    created_at: str
    last_used_at: str | None
    revoked_at: str | None


class NewKey(msgspec.Struct, frozen=True, kw_only=True):
    """A freshly made key: ``key`` is shown once and never stored."""

    key: str
    info: ApiKey


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _row(r: tuple) -> ApiKey:
    return ApiKey(prefix=r[0], dealer=r[1], label=r[2], read_only=bool(r[3]), created_at=r[4], last_used_at=r[5],
                  revoked_at=r[6])


_COLUMNS = "prefix, dealer, label, read_only, created_at, last_used_at, revoked_at"


def create_key(db: sqlite_utils.Database, dealer: str, *, read_only: bool = False, label: str = "",
               actor: str = "cli") -> NewKey:
    """Make a key for ``dealer``; raises :class:`KeyError_` when 10 are already active."""
    secret = secrets.token_urlsafe(20)  # 160 bits
    key = PREFIX + secret
    prefix = key[:12]
    with write_transaction(db):
        active = db.execute("SELECT COUNT(*) FROM api_keys WHERE dealer = ? AND revoked_at IS NULL",
                            [dealer]).fetchone()[0]
        if active >= MAX_ACTIVE_KEYS:
            raise KeyError_(f"{dealer} already has {MAX_ACTIVE_KEYS} active keys; revoke one first")
        at = now_iso()
        db.conn.execute("INSERT INTO api_keys (dealer, prefix, key_hash, label, read_only, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)", (dealer, prefix, _hash(key), label[:100], int(read_only), at))
        record(db, dealer, actor, "key.create", prefix, "read-only" if read_only else "read-write")
    info = ApiKey(prefix=prefix, dealer=dealer, label=label[:100], read_only=read_only, created_at=at,
                  last_used_at=None, revoked_at=None)
    return NewKey(key=key, info=info)


def list_keys(db: sqlite_utils.Database, dealer: str) -> list[ApiKey]:
    """Every key of ``dealer``, active first."""
    rows = db.execute(f"SELECT {_COLUMNS} FROM api_keys WHERE dealer = ? "
                      "ORDER BY revoked_at IS NOT NULL, created_at DESC", [dealer]).fetchall()
    return [_row(r) for r in rows]


def revoke_key(db: sqlite_utils.Database, prefix: str, *, dealer: str | None = None, actor: str = "cli") -> ApiKey:
    """Revoke the key with ``prefix`` (of ``dealer`` when given); raises :class:`KeyError_` when unknown."""
    with write_transaction(db):
        row = db.execute(f"SELECT {_COLUMNS} FROM api_keys WHERE prefix = ?", [prefix]).fetchone()
        if row is None or (dealer is not None and row[1] != dealer):
            raise KeyError_(f"no key with prefix {prefix[:20]}")
        if row[6] is None:
            db.conn.execute("UPDATE api_keys SET revoked_at = ? WHERE prefix = ?", (now_iso(), prefix))
            record(db, row[1], actor, "key.revoke", prefix)
        row = db.execute(f"SELECT {_COLUMNS} FROM api_keys WHERE prefix = ?", [prefix]).fetchone()
    return _row(row)


def authenticate(db: sqlite_utils.Database, key: str) -> ApiKey | None:
    """The active key matching ``key``, or None. Looked up by hash, so timing reveals nothing of the key."""
    if not key.startswith(PREFIX) or len(key) > 100:
        return None
    row = db.execute(f"SELECT {_COLUMNS} FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL",
                     [_hash(key)]).fetchone()
    if row is None:
        return None
    # last_used_at is informative; a minute's precision saves a write on every call.
    at = now_iso()
    if row[5] is None or row[5][:16] != at[:16]:
        db.conn.execute("UPDATE api_keys SET last_used_at = ? WHERE prefix = ?", (at, row[0]))
    return _row(row)
