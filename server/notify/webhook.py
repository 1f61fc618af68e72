"""Webhooks to a dealer's administration software: a signed JSON envelope.

Signature: ``Venster-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`` with
the dealer's secret (``VENSTER_WEBHOOK_SECRET_<DEALER>``). ``Venster-Event`` names the
event, ``Venster-Delivery`` is the delivery's id (the same on every retry of it) and the
envelope's ``id`` is the event's id: a receiver deduplicates on either.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import UTC, datetime
from typing import Any

import msgspec

from server.notify.destinations import DestinationError, Resolver, bounded_resolver, resolve_destination
from server.notify.pinned_http import DeadlineExceeded, post_pinned

__all__ = ["TIMEOUT_S", "envelope", "send_webhook", "sign", "verify"]

# The whole delivery (resolve, connect, send, answer) must end within this, however the receiver behaves.
TIMEOUT_S = 10.0


def envelope(event: str, event_id: str, dealer: str, data: dict[str, Any], now: float) -> bytes:
    """The JSON body of a webhook."""
    return msgspec.json.encode({
        "version": 1, "id": event_id, "type": event, "dealer": dealer,
        "created_at": datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds"), "data": data,
    })


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The ``Venster-Signature`` header value."""
    mac = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(secret: str, header: str, body: bytes, now: float, tolerance_s: int = 300) -> bool:
    """What a receiver does: check the signature and that the timestamp is recent."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    if "t" not in parts or "v1" not in parts or not parts["t"].isdigit():
        return False
    expected = sign(secret, int(parts["t"]), body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts["v1"]) and abs(now - int(parts["t"])) <= tolerance_s


def send_webhook(url: str, secret: str, event: str, delivery_id: str, body: bytes, now: float, *,
                 allow_private: bool = False, resolve: Resolver | None = None,
                 deadline_s: float = TIMEOUT_S) -> tuple[bool, str]:
    """POST the envelope; (ok, detail) where ok means a 2xx answer.

    The host is resolved once and checked (every address public unless ``allow_private``);
    the connection goes to a checked address only, and the whole call, the name lookup
    included, ends by ``deadline_s``.
    """
    started = time.monotonic()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "venster-webhooks/1",
        "Venster-Event": event,
        "Venster-Delivery": delivery_id,
        "Venster-Signature": sign(secret, int(now), body),
    }
    try:
        # The lookup gets the deadline too: getaddrinfo has no timeout of its own.
        destination = resolve_destination(url, allow_private, bounded_resolver(deadline_s, resolve))
    except DestinationError as exc:
        return False, f"refused: {exc}"
    remaining = deadline_s - (time.monotonic() - started)
    if remaining <= 0:
        return False, f"no complete answer within {deadline_s:g} s"
    try:
        status, _address = post_pinned(destination, body, headers, remaining)
    except DeadlineExceeded:
        return False, f"no complete answer within {deadline_s:g} s"  # the whole budget, as the dealer set it
    except OSError as exc:
        return False, str(exc) or type(exc).__name__
    return 200 <= status < 300, f"HTTP {status}"
