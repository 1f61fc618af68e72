"""At most a few homeowner confirmations per recipient address and day.

The confirmation goes to whatever address the form was given, so without a limit the
form would mail anyone, as often as asked, from the dealer's name. The address is
normalised (case, spaces, a ``+tag`` in the local part: all reach one inbox) and kept
only as :func:`server.storage.keyed_hash.keyed_hash` (purpose ``recipient``), so the counter
table holds no address and cannot be reversed by hashing guesses without the key.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlite_utils

from server.storage.confirmations import take_confirmation
from server.storage.keyed_hash import keyed_hash

__all__ = ["may_confirm", "normalise_address", "recipient_hash"]


def normalise_address(address: str) -> str:
    """The inbox an address reaches: trimmed, lower case, without a ``+tag`` in the local part."""
    local, at, domain = address.strip().lower().rpartition("@")
    if not at:
        return address.strip().lower()
    return f"{local.split('+', 1)[0]}@{domain}"


def recipient_hash(db: sqlite_utils.Database, address: str) -> str:
    """The keyed hash stored for ``address`` (hex HMAC-SHA256 of its normalised form)."""
    return keyed_hash(db, "recipient", normalise_address(address))


def may_confirm(db: sqlite_utils.Database, address: str, per_day: int, now: float) -> bool:
    """Count a confirmation to ``address`` today (UTC); False when it already had ``per_day`` of them.

    Call inside the request's write transaction.
    """
    day = datetime.fromtimestamp(now, UTC).date().isoformat()
    return take_confirmation(db, recipient_hash(db, address), day, per_day)
