"""The back office's words: the ``admin`` family of the gettext catalogs (server/i18n/locale)."""

from __future__ import annotations

from server.i18n.words import Words, words
from server.services.users import LANGS  # the languages a back-office user may choose (one list)

__all__ = ["LANGS", "texts"]


def texts(lang: str) -> Words:
    """The back office's words in ``lang`` (the catalogs' fallback rule for anything else: Dutch)."""
    return words("admin", lang)
