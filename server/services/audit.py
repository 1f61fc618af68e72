"""The audit log: who viewed, exported, erased or changed what, per dealer."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
import sqlite_utils

from server.storage.audit import append_entry, entry_rows

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
    append_entry(db, dealer, actor, action, subject, detail, now_iso())


def list_audit(db: sqlite_utils.Database, dealer: str, limit: int = 200) -> list[AuditEntry]:
    """The newest entries of ``dealer``."""
    return msgspec.convert(list(entry_rows(db, dealer, limit)), list[AuditEntry])
