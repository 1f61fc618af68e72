"""Back-office sessions: a random 32-byte token in a cookie, stored only as its SHA-256.

A session ends after ``IDLE_S`` without a request or ``MAX_S`` after the login, whichever
comes first; logging out, resetting the password or disabling the user ends it at once.
Each session carries its own CSRF token for the forms it shows.
"""

from __future__ import annotations

import hashlib
import secrets

import msgspec
import sqlite_utils

from server.services.users import User, get_user
from server.storage.db import write_transaction
from server.storage.sessions import (
    SessionRow,
    delete_session,
    insert_session,
    session_row,
    touch_session,
)

__all__ = ["IDLE_S", "MAX_S", "Session", "end_session", "load_session", "start_session"]

IDLE_S = 12 * 3600
MAX_S = 7 * 86_400
# The idle expiry is pushed forward at most once a minute, so reading pages rarely writes.
_REFRESH_S = 60


class Session(msgspec.Struct, frozen=True, kw_only=True):
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
    row = SessionRow(id_hash=_hash(token), user_id=user.id, dealer=user.dealer, csrf=secrets.token_urlsafe(32),
                     created_at=now, expires_at=min(now + IDLE_S, now + MAX_S))
    with write_transaction(db):
        insert_session(db, row, MAX_S)
    return token


def load_session(db: sqlite_utils.Database, token: str | None, now: float) -> Session | None:
    """The live session of ``token`` (its idle expiry pushed forward), or None when unknown or ended."""
    if not token or len(token) > 200:
        return None
    id_hash = _hash(token)
    row = session_row(db, id_hash)
    if row is None:
        return None
    user = get_user(db, row.user_id)
    if row.expires_at <= now or row.created_at + MAX_S <= now or user is None or user.disabled \
            or user.dealer != row.dealer:
        end_session(db, token)
        return None
    expires_at = row.expires_at
    fresh = min(now + IDLE_S, row.created_at + MAX_S)
    if fresh - expires_at >= _REFRESH_S:
        with write_transaction(db):
            touch_session(db, id_hash, fresh)
        expires_at = fresh
    return Session(user=user, csrf=row.csrf, id_hash=id_hash, expires_at=expires_at)


def end_session(db: sqlite_utils.Database, token: str) -> None:
    """Log out: the session is gone from the database."""
    with write_transaction(db):
        delete_session(db, _hash(token))
