"""A refused command in words: the English text of a domain error, as the JSON API says it."""

from __future__ import annotations

import sys

from server.messages import message
from server.services.errors import DomainError

__all__ = ["refused", "text_of"]


def text_of(exc: DomainError) -> str:
    """The English of ``exc``: each field's problem when it names fields, else its own message."""
    if exc.problems:
        return "; ".join(message(p.code, p.params) for p in exc.problems)
    return message(exc.code, exc.params)


def refused(exc: DomainError) -> int:
    """Say on stderr why the command was refused; the exit status 1."""
    print(f"venster: {text_of(exc)}", file=sys.stderr)
    return 1
