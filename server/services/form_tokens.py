"""Signed form tokens: old enough (not a bot filling instantly), young enough (a day), used once.

A token is ``<unix time>.<nonce>.<signature>``; the signature is HMAC-SHA256 over the
dealer slug, time and nonce with the server secret, so a token works for one dealer only.
The nonce of a token that made a request is recorded in SQLite (``used_form_tokens``), so
every worker refuses it for a second, different request.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

__all__ = ["MAX_AGE_S", "issue_token", "token_code", "token_nonce"]

MAX_AGE_S = 86_400


def _sign(secret: str, dealer: str, issued: int, nonce: str) -> str:
    mac = hmac.new(secret.encode(), f"{dealer}.{issued}.{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def issue_token(secret: str, dealer: str, now: float) -> str:
    """A fresh token for ``dealer`` issued at ``now``."""
    issued = int(now)
    nonce = secrets.token_urlsafe(12)
    return f"{issued}.{nonce}.{_sign(secret, dealer, issued, nonce)}"


def token_code(secret: str, dealer: str, token: str, now: float, min_age_s: int) -> str | None:
    """Why ``token`` is not acceptable now, as a problem code (``form_token.*``), or None when it is."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit():
        return "form_token.invalid"
    issued, nonce, signature = int(parts[0]), parts[1], parts[2]
    if not hmac.compare_digest(signature, _sign(secret, dealer, issued, nonce)):
        return "form_token.invalid"
    age = now - issued
    if age < min_age_s:
        return "form_token.too_quick"
    if age > MAX_AGE_S:
        return "form_token.expired"
    return None


def token_nonce(token: str) -> str:
    """The nonce that identifies ``token`` (call only for a token :func:`token_code` accepted)."""
    return token.split(".")[1]
