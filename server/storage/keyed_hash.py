"""One keyed hash for every counter that must not hold what it counts (addresses, e-mails, accounts).

HMAC-SHA256 under a server secret per purpose (``server_secrets``, shared by every worker and
restart), so a table of counters cannot be turned back into addresses or e-mails by hashing
guesses, as a plain SHA-256 could, and a value of one purpose says nothing about another.
"""

from __future__ import annotations

import hashlib
import hmac

import sqlite_utils

from server.storage.secrets import server_secret

__all__ = ["keyed_hash", "secret_name"]

# Purposes whose secret predates this module keep its name, so the values already stored
# (rate-limit buckets, login failure rows) stay meaningful across the upgrade.
_LEGACY_SECRETS = {"client": "rate_limit_key", "login": "login_throttle"}


def secret_name(purpose: str) -> str:
    """The ``server_secrets`` row that keys ``purpose``."""
    return _LEGACY_SECRETS.get(purpose, f"hash:{purpose}")


def keyed_hash(db: sqlite_utils.Database, purpose: str, *parts: str) -> str:
    """Hex HMAC-SHA256 of ``parts`` (joined by NUL) under the server secret of ``purpose``.

    The secret is created on first use (inside the caller's write transaction if there is one).
    """
    key = server_secret(db, secret_name(purpose)).encode()
    return hmac.new(key, "\0".join(parts).encode(), hashlib.sha256).hexdigest()
