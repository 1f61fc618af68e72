"""The words on quotes and invoices: the ``document`` family of the gettext catalogs."""

from __future__ import annotations

from server.i18n.words import Words
from server.i18n.words import words as family

__all__ = ["words"]


def words(lang: str) -> Words:
    """The documents' words in ``lang`` (the catalogs' fallback rule for anything else)."""
    return family("document", lang)
