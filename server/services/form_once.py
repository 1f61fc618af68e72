"""Back-office forms that must act once: a reload re-posting the form is recognised, not obeyed.

The form carries a random token; posting it records the token in ``used_form_tokens`` (the
table the homeowner's form tokens use, under a prefix of its own), so a second post of the
same page, from any worker, is refused. Used for making an API key, whose answer page is the
only place the key is ever shown: a reload must not make (and show) a second key.
"""

from __future__ import annotations

import secrets

import sqlite_utils

from server.services.form_tokens import MAX_AGE_S
from server.storage.db import write_transaction
from server.storage.requests import use_form_token

__all__ = ["new_once", "use_once"]

_PREFIX = "once:"
_MAX = 64


def new_once() -> str:
    """A fresh token for one form."""
    return secrets.token_urlsafe(16)


def use_once(db: sqlite_utils.Database, dealer: str, token: str, now: float) -> bool:
    """Record ``token`` as used for ``dealer``; False when it is empty, too long, or was used already.

    Kept as long as the homeowners' tokens (the same clean-up deletes both).
    """
    if not token or len(token) > _MAX:
        return False
    with write_transaction(db):
        return use_form_token(db, dealer, _PREFIX + token, now, 2 * MAX_AGE_S)
