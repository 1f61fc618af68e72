"""What a rate-limit row may say about a client: a keyed hash of its address, never the address.

The key is a server secret (``server_secrets``, shared by every worker), so the table cannot
be turned back into addresses by hashing all 2^32 IPv4 addresses, as a plain SHA-256 could.
Rows expire: :func:`server.storage.requests.hit_rate_limit` deletes those whose window has passed.
"""

from __future__ import annotations

import hashlib
import hmac

import sqlite_utils

from server.storage.secrets import server_secret

__all__ = ["KEY_NAME", "client_key"]

KEY_NAME = "rate_limit_key"


def client_key(db: sqlite_utils.Database, address: str) -> str:
    """The HMAC-SHA256 of ``address`` under the server's rate-limit key (hex, 32 characters).

    Call outside a write transaction: the key is created on first use.
    """
    key = server_secret(db, KEY_NAME).encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]
