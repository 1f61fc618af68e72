"""At most a few homeowner confirmations per recipient address and day.

The confirmation goes to whatever address the form was given, so without a limit the
form would mail anyone, as often as asked, from the dealer's name. The address is
normalised (case, spaces, a ``+tag`` in the local part: all reach one inbox) and kept
only as an HMAC keyed with the server secret, so the counter table holds no address and
cannot be reversed by hashing guesses without the key.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

import sqlite_utils

from server.storage.confirmations import take_confirmation

__all__ = ["may_confirm", "normalise_address", "recipient_hash"]


def normalise_address(address: str) -> str:
    """The inbox an address reaches: trimmed, lower case, without a ``+tag`` in the local part."""
    local, at, domain = address.strip().lower().rpartition("@")
    if not at:
        return address.strip().lower()
    return f"{local.split('+', 1)[0]}@{domain}"


def recipient_hash(secret: str, address: str) -> str:
    """The keyed hash stored for ``address`` (hex HMAC-SHA256 of its normalised form)."""
    message = b"confirmation-recipient:" + normalise_address(address).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def may_confirm(db: sqlite_utils.Database, secret: str, address: str, per_day: int, now: float) -> bool:
    """Count a confirmation to ``address`` today (UTC); False when it already had ``per_day`` of them."""
    day = datetime.fromtimestamp(now, UTC).date().isoformat()
    return take_confirmation(db, recipient_hash(secret, address), day, per_day)
