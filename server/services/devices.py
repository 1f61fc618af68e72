"""Known devices: a signed cookie that says "this browser has logged in to this account before".

A browser that logged in successfully gets a long-lived cookie ``<nonce>.<mac>``, where the
mac is the keyed hash (server secret, purpose ``device``) of the user's id and a random nonce.
It identifies the (account, browser) pair, not the person, and cannot be made for another
account without the secret. The login throttle counts a known device's failures on their own
key, so strangers failing from the same (shared) address never slow it down.
"""

from __future__ import annotations

import hmac
import secrets

import sqlite_utils

from server.storage.keyed_hash import keyed_hash

__all__ = ["DEVICE_COOKIE", "DEVICE_MAX_AGE_S", "device_throttle_key", "known_device", "new_device_token"]

DEVICE_COOKIE = "venster_device"
DEVICE_MAX_AGE_S = 400 * 86_400  # the longest lifetime browsers accept
_MAX_TOKEN = 200


def _mac(db: sqlite_utils.Database, user_id: int, nonce: str) -> str:
    return keyed_hash(db, "device", str(user_id), nonce)


def new_device_token(db: sqlite_utils.Database, user_id: int) -> str:
    """A fresh cookie value marking this browser as a known device of ``user_id``."""
    nonce = secrets.token_urlsafe(16)
    return f"{nonce}.{_mac(db, user_id, nonce)}"


def known_device(db: sqlite_utils.Database, token: str, user_id: int) -> str | None:
    """The nonce of ``token`` when it is a genuine device cookie of ``user_id``, else None."""
    nonce, dot, mac = token[:_MAX_TOKEN].partition(".")
    if not dot or not nonce or not mac or not token.isascii():
        return None
    return nonce if hmac.compare_digest(mac, _mac(db, user_id, nonce)) else None


def device_throttle_key(db: sqlite_utils.Database, user_id: int, nonce: str) -> str:
    """The login-failure key of one (account, known device) pair."""
    return keyed_hash(db, "login-device", str(user_id), nonce)
