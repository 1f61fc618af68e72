"""Rows by column name: the one way storage turns a cursor into structs (never by position)."""

from __future__ import annotations

import sqlite3
from typing import Any, TypeVar

import msgspec

__all__ = ["decoded", "named", "named_all"]

T = TypeVar("T", bound=msgspec.Struct)


def decoded(cursor: sqlite3.Cursor, kind: type[T]) -> list[T]:
    """Every row of ``cursor`` as a ``kind``, matched by column name."""
    names = [d[0] for d in cursor.description]
    return [msgspec.convert(dict(zip(names, row, strict=True)), kind) for row in cursor.fetchall()]


def named(cursor: sqlite3.Cursor) -> dict[str, Any] | None:
    """The next row of ``cursor`` as a dict by column name, or None when there is none."""
    row = cursor.fetchone()
    return None if row is None else dict(zip([d[0] for d in cursor.description], row, strict=True))


def named_all(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    """Every row of ``cursor`` as a dict by column name."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
