"""The e-mails' words: the ``mail`` family of the gettext catalogs (server/i18n/locale)."""

from __future__ import annotations

from server.i18n.words import Words, words

__all__ = ["texts"]


def texts(lang: str) -> Words:
    """The e-mails' words in ``lang`` (the catalogs' fallback rule for anything else)."""
    return words("mail", lang)
