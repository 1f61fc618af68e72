"""Quote and invoice rows are read by column name: the order of a SELECT's columns does not matter."""

from __future__ import annotations

import sqlite3

import msgspec

from server.storage.rows import decoded


class Pair(msgspec.Struct, frozen=True, kw_only=True):
    number: str
    version: int


def test_rows_are_matched_to_fields_by_column_name_not_position() -> None:
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE TABLE quotes (number TEXT, version INTEGER)")
        conn.execute("INSERT INTO quotes VALUES ('Q-2026-0001', 2)")
        forwards = decoded(conn.execute("SELECT number, version FROM quotes"), Pair)
        backwards = decoded(conn.execute("SELECT version, number FROM quotes"), Pair)
    finally:
        conn.close()
    assert forwards == backwards == [Pair(number="Q-2026-0001", version=2)]
