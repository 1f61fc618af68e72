"""The audit log: who viewed, exported, erased or changed what, per dealer."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
import sqlite_utils

__all__ = ["AuditEntry", "list_audit", "now_iso", "record"]


class AuditEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One line of the audit log."""

    actor: str
    action: str
    subject: str
    detail: str
    at: str


def now_iso() -> str:
    """The current UTC time as stored everywhere in the database."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def record(db: sqlite_utils.Database, dealer: str, actor: str, action: str, subject: str, detail: str = "") -> None:
    """Append one entry; call inside the caller's write transaction when there is one."""
    db.conn.execute("INSERT INTO audit_log (dealer, actor, action, subject, detail, at) VALUES (?, ?, ?, ?, ?, ?)",
                    (dealer, actor[:200], action[:50], subject[:200], detail[:1000], now_iso()))


def list_audit(db: sqlite_utils.Database, dealer: str, limit: int = 200) -> list[AuditEntry]:
    """The newest entries of ``dealer``."""
    rows = db.execute("SELECT actor, action, subject, detail, at FROM audit_log WHERE dealer = ? "
                      "ORDER BY id DESC LIMIT ?", [dealer, limit]).fetchall()
    return [AuditEntry(actor=r[0], action=r[1], subject=r[2], detail=r[3], at=r[4]) for r in rows]
