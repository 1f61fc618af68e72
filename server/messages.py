"""The English message of each domain error code: the words of the JSON API's error shape.

One table for the API (the back office and homeowner pages have their own words in their
language). A message is a ``str.format`` template over the error's parameters; a code
without an entry is a programming error that ``tests/test_error_codes.py`` catches.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["MESSAGES", "message"]

MESSAGES: dict[str, str] = {
    "invalid": "The request is not valid",
    # users, API keys (platform)
    "user.invalid": "The user is not valid",
    "user.email_invalid": "Expected an e-mail address, got {email!r}",
    "user.lang_invalid": "Expected a language of {langs}, got {lang!r}",
    "user.password_short": "Expected a password of at least {min} characters",
    "user.password_long": "Expected a password of at most {max} characters",
    "user.email_taken": "A user with e-mail {email} already exists",
    "user.not_found": "No user {email} for dealer {dealer}",
    "user.disable_self": "You cannot disable yourself",
    "user.last_active": "{email} is the last active user of {dealer}; add or enable another first",
    "key.limit": "{dealer} already has {max} active keys; revoke one first",
    "key.not_found": "no key with prefix {prefix}",
}


def message(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The English text of ``code`` with ``params`` filled in."""
    return MESSAGES[code].format(**(params or {}))
