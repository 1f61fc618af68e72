"""The English message of each domain error code: the words of the JSON API's error shape.

The API speaks English (the contract): its words are the ``api`` gettext catalog, in English
only (the back office and homeowner pages read their own families of the ``venster`` catalogs
in their language). A message is a ``str.format`` template over the error's parameters; a code
without an entry is a programming error that ``tests/test_error_codes.py`` catches.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from server.i18n.words import api_messages

__all__ = ["MESSAGES", "message"]

# The ``api`` catalog (server/i18n/locale/en/LC_MESSAGES/api.po): code -> template.
MESSAGES: dict[str, str] = api_messages()


def message(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The English text of ``code`` with ``params`` filled in."""
    return MESSAGES[code].format(**(params or {}))
