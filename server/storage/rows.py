"""Rows by column name: the one way storage turns a cursor into structs (never by position)."""

from __future__ import annotations

import sqlite3
from typing import TypeVar

import msgspec

__all__ = ["decoded"]

T = TypeVar("T", bound=msgspec.Struct)


def decoded(cursor: sqlite3.Cursor, kind: type[T]) -> list[T]:
    """Every row of ``cursor`` as a ``kind``, matched by column name."""
    names = [d[0] for d in cursor.description]
    return [msgspec.convert(dict(zip(names, row, strict=True)), kind) for row in cursor.fetchall()]
