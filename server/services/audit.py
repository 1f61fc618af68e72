"""The audit log: who viewed, exported, erased or changed what, per dealer, and for changes what was before and after.

``before`` and ``after`` are plain values (a role, a setting's list, ``{"disabled": true}``),
stored as JSON. A value whose name says it is a secret is never stored: :func:`record`
writes ``"***"`` in its place, so the audit page cannot show one even by mistake.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
import sqlite_utils

from server.storage.audit import append_entry, entry_rows

__all__ = ["AuditEntry", "hide_secrets", "list_audit", "now_iso", "record"]

_SECRET_WORDS = ("secret", "password", "token", "key_hash")


class AuditEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One line of the audit log; ``before``/``after`` are the decoded values of a change (None when none)."""

    actor: str
    action: str
    subject: str
    detail: str
    at: str
    before: Any = None
    after: Any = None


def now_iso() -> str:
    """The current UTC time as stored everywhere in the database."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def hide_secrets(value: Any) -> Any:
    """``value`` with every mapping entry whose name looks like a secret replaced by ``"***"`` (at any depth)."""
    if isinstance(value, dict):
        return {k: "***" if any(w in str(k).lower() for w in _SECRET_WORDS) else hide_secrets(v)
                for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [hide_secrets(v) for v in value]
    return value


def _encoded(value: Any) -> str | None:
    return None if value is None else msgspec.json.encode(hide_secrets(value)).decode()


def record(db: sqlite_utils.Database, dealer: str, actor: str, action: str, subject: str, detail: str = "",
           before: Any = None, after: Any = None) -> None:
    """Append one entry, with what a change found (``before``) and left (``after``) when it changes something.

    Call inside the caller's write transaction when there is one.
    """
    append_entry(db, dealer, actor, action, subject, detail, now_iso(), _encoded(before), _encoded(after))


def _decoded(raw: str | None) -> Any:
    if raw is None:
        return None
    try:
        return msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return raw


def list_audit(db: sqlite_utils.Database, dealer: str, limit: int = 200) -> list[AuditEntry]:
    """The newest entries of ``dealer``."""
    return [AuditEntry(actor=row["actor"], action=row["action"], subject=row["subject"], detail=row["detail"],
                       at=row["at"], before=_decoded(row["before"]), after=_decoded(row["after"]))
            for row in entry_rows(db, dealer, limit)]
