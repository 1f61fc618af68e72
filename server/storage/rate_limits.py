"""What a rate-limit row may say about a client: a keyed hash of its address, never the address.

The hash is :func:`server.storage.keyed_hash.keyed_hash` (purpose ``client``), so the table
cannot be turned back into addresses by hashing all 2^32 IPv4 addresses, as a plain SHA-256 could.
Rows expire: :func:`server.storage.requests.hit_rate_limit` deletes those whose window has passed.
"""

from __future__ import annotations

import sqlite_utils

from server.storage.keyed_hash import keyed_hash, secret_name

__all__ = ["KEY_NAME", "client_key"]

KEY_NAME = secret_name("client")


def client_key(db: sqlite_utils.Database, address: str) -> str:
    """The HMAC-SHA256 of ``address`` under the server's rate-limit key (hex, 32 characters).

    Call outside a write transaction: the key is created on first use.
    """
    return keyed_hash(db, "client", address)[:32]
