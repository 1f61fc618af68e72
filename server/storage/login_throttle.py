"""SQL for the login throttle: failed logins per key ((account, address), address, or (account, device))."""

from __future__ import annotations

import sqlite_utils

from server.storage.rows import named

__all__ = ["clear_failures", "count_failure", "failures_of", "settle_failure"]


def failures_of(db: sqlite_utils.Database, key: str, forget_before: float) -> tuple[int, float]:
    """``(failures, time of the last one)`` for ``key``; (0, 0) when none since ``forget_before``."""
    row = named(db.execute("SELECT failures, last_failure FROM login_failures WHERE key = ?", [key]))
    if row is None or row["last_failure"] < forget_before:
        return 0, 0.0
    return int(row["failures"]), float(row["last_failure"])


def count_failure(db: sqlite_utils.Database, key: str, now: float, forget_before: float) -> None:
    """One more failure for ``key`` at ``now`` (a count older than ``forget_before`` starts again).

    Call inside a write transaction.
    """
    db.conn.execute("DELETE FROM login_failures WHERE last_failure < ?", (forget_before,))
    db.conn.execute(
        "INSERT INTO login_failures (key, failures, last_failure) VALUES (?, 1, ?) ON CONFLICT (key) DO UPDATE SET "
        "failures = failures + 1, last_failure = excluded.last_failure", (key, now))


def clear_failures(db: sqlite_utils.Database, key: str) -> None:
    """A successful login: this account from this address (or device) starts with a clean slate.

    Call inside a write transaction.
    """
    db.conn.execute("DELETE FROM login_failures WHERE key = ?", (key,))


def settle_failure(db: sqlite_utils.Database, key: str) -> None:
    """Take back one failure counted for ``key`` before a check that then succeeded.

    Call inside a write transaction.
    """
    db.conn.execute("UPDATE login_failures SET failures = failures - 1 WHERE key = ? AND failures > 0", (key,))
    db.conn.execute("DELETE FROM login_failures WHERE key = ? AND failures <= 0", (key,))
