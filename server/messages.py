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
}


def message(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The English text of ``code`` with ``params`` filled in."""
    return MESSAGES[code].format(**(params or {}))
