"""Back-office sessions: a random 32-byte token in a cookie, stored only as its SHA-256.

A session ends after ``IDLE_S`` without a request or ``MAX_S`` after the login, whichever
comes first; logging out, resetting the password or disabling the user ends it at once.
Each session carries its own CSRF token for the forms it shows.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import NamedTuple

import sqlite_utils

from server.services.users import User, get_user
from server.storage.db import write_transaction

__all__ = ["IDLE_S", "MAX_S", "Session", "end_all_sessions", "end_session", "load_session", "start_session"]

IDLE_S = 12 * 3600
MAX_S = 7 * 86_400
# The idle expiry is pushed forward at most once a minute, so reading pages rarely writes.
_REFRESH_S = 60


class Session(NamedTuple):
    """A logged-in user: who, for which dealer, and the CSRF token of their forms."""

    user: User
    csrf: str
    id_hash: str
    expires_at: float

    @property
    def dealer(self) -> str:
        """The dealer whose data this session may see (and no other)."""
        return self.user.dealer


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(db: sqlite_utils.Database, user: User, now: float) -> str:
    """A new session for ``user``; returns the token for the cookie (only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    with write_transaction(db):
        db.conn.execute("DELETE FROM sessions WHERE expires_at < ? OR created_at < ?", (now, now - MAX_S))
        db.conn.execute(
            "INSERT INTO sessions (id_hash, user_id, dealer, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
            (_hash(token), user.id, user.dealer, secrets.token_urlsafe(32), now, min(now + IDLE_S, now + MAX_S)))
    return token


def load_session(db: sqlite_utils.Database, token: str | None, now: float) -> Session | None:
    """The live session of ``token`` (its idle expiry pushed forward), or None when unknown or ended."""
    if not token or len(token) > 200:
        return None
    id_hash = _hash(token)
    row = db.execute("SELECT user_id, dealer, csrf, created_at, expires_at FROM sessions WHERE id_hash = ?",
                     [id_hash]).fetchone()
    if row is None:
        return None
    user_id, dealer, csrf, created_at, expires_at = int(row[0]), str(row[1]), str(row[2]), row[3], row[4]
    user = get_user(db, user_id)
    if expires_at <= now or created_at + MAX_S <= now or user is None or user.disabled or user.dealer != dealer:
        end_session(db, token)
        return None
    fresh = min(now + IDLE_S, created_at + MAX_S)
    if fresh - expires_at >= _REFRESH_S:
        with write_transaction(db):
            db.conn.execute("UPDATE sessions SET expires_at = ? WHERE id_hash = ?", (fresh, id_hash))
        expires_at = fresh
    return Session(user=user, csrf=csrf, id_hash=id_hash, expires_at=expires_at)


def end_session(db: sqlite_utils.Database, token: str) -> None:
    """Log out: the session is gone from the database."""
    with write_transaction(db):
        db.conn.execute("DELETE FROM sessions WHERE id_hash = ?", (_hash(token),))


def end_all_sessions(db: sqlite_utils.Database, user_id: int) -> None:
    """End every session of a user (after a password change, or when disabling them)."""
    with write_transaction(db):
        db.conn.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))
