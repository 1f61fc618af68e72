"""SQL for the audit log: append one entry, read the newest."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlite_utils

__all__ = ["VALUE_MAX", "append_entry", "entry_rows"]

VALUE_MAX = 2000  # characters of ``before`` and of ``after``; server/services/audit.py shortens values to fit


def append_entry(db: sqlite_utils.Database, dealer: str, actor: str, action: str, subject: str, detail: str,
                 at: str, before: str | None = None, after: str | None = None) -> None:
    """Append one entry, each text cut to its column's length (inside the caller's transaction when there is one).

    ``before`` and ``after`` are what the change found and left (short JSON), None when it changes nothing.
    The audit service hands them in at most :data:`VALUE_MAX` characters (values shortened before
    encoding), so the cut here never falls inside a valid entry's JSON.
    """
    db.conn.execute("INSERT INTO audit_log (dealer, actor, action, subject, detail, at, before, after) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (dealer, actor[:200], action[:50], subject[:200], detail[:1000], at,
                     None if before is None else before[:VALUE_MAX], None if after is None else after[:VALUE_MAX]))


def entry_rows(db: sqlite_utils.Database, dealer: str, limit: int) -> Iterator[dict[str, Any]]:
    """The newest ``limit`` entries of ``dealer``, newest first."""
    return db.query("SELECT actor, action, subject, detail, at, before, after FROM audit_log WHERE dealer = ? "
                    "ORDER BY id DESC LIMIT ?", [dealer, limit])
