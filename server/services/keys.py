"""Dealer API keys: ``vst_`` + 160 random bits, shown once, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import secrets

import msgspec
import sqlite_utils

from server.services.audit import now_iso, record
from server.services.errors import Conflict, NotFound
from server.storage import keys as store
from server.storage.db import write_transaction

__all__ = ["MAX_ACTIVE_KEYS", "ApiKey", "NewKey", "authenticate", "create_key", "list_keys", "revoke_key"]

MAX_ACTIVE_KEYS = 10
PREFIX = "vst_"


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


def _key(row: store.KeyRow) -> ApiKey:
    return ApiKey(**msgspec.structs.asdict(row))


def create_key(db: sqlite_utils.Database, dealer: str, *, read_only: bool = False, label: str = "",
               actor: str = "cli") -> NewKey:
    """Make a key for ``dealer``; raises :class:`Conflict` (``key.limit``) when 10 are already active."""
    secret = secrets.token_urlsafe(20)  # 160 bits
    key = PREFIX + secret
    row = store.KeyRow(prefix=key[:12], dealer=dealer, label=label[:100], read_only=read_only, created_at=now_iso(),
                       last_used_at=None, revoked_at=None)
    with write_transaction(db):
        if store.active_key_count(db, dealer) >= MAX_ACTIVE_KEYS:
            raise Conflict("key.limit", {"dealer": dealer, "max": MAX_ACTIVE_KEYS})
        store.insert_key(db, row, _hash(key))
        kind = "read-only" if read_only else "read-write"
        record(db, dealer, actor, "key.create", row.prefix, kind, after={"name": row.label, "kind": kind})
    return NewKey(key=key, info=_key(row))


def list_keys(db: sqlite_utils.Database, dealer: str) -> list[ApiKey]:
    """Every key of ``dealer``, active first."""
    return [_key(row) for row in store.keys_of_dealer(db, dealer)]


def revoke_key(db: sqlite_utils.Database, prefix: str, *, dealer: str | None = None, actor: str = "cli") -> ApiKey:
    """Revoke the key with ``prefix`` (of ``dealer`` when given); raises :class:`NotFound` (``key.not_found``)."""
    with write_transaction(db):
        row = store.key_by_prefix(db, prefix)
        if row is None or (dealer is not None and row.dealer != dealer):
            raise NotFound("key.not_found", {"prefix": prefix[:20]})
        if row.revoked_at is None:
            at = now_iso()
            store.revoke(db, prefix, at)
            record(db, row.dealer, actor, "key.revoke", prefix, before={"revoked_at": None}, after={"revoked_at": at})
        row = store.key_by_prefix(db, prefix)
    assert row is not None  # revoking never deletes
    return _key(row)


def authenticate(db: sqlite_utils.Database, key: str) -> ApiKey | None:
    """The active key matching ``key``, or None. Looked up by hash, so timing reveals nothing of the key."""
    if not key.startswith(PREFIX) or len(key) > 100:
        return None
    row = store.key_by_hash(db, _hash(key))
    if row is None:
        return None
    # last_used_at is informative; a minute's precision saves a write on every call.
    at = now_iso()
    if row.last_used_at is None or row.last_used_at[:16] != at[:16]:
        store.touch_key(db, row.prefix, at)
    return _key(row)
