"""The audit log: who viewed, exported, erased or changed what, per dealer, and for changes what was before and after.

``before`` and ``after`` are plain values (a role, a setting's list, ``{"disabled": true}``),
stored as JSON. A value whose name says it is a secret is never stored: :func:`record`
writes ``"***"`` in its place, so the audit page cannot show one even by mistake; the same
when the entry's subject names a secret (``webhook_secret``), whatever the values look like.

Each of ``before`` and ``after`` is stored in at most :data:`VALUE_MAX` characters of valid
JSON: a value too long is shortened before it is encoded (long strings end in ``…``, long lists
and mappings keep their first items and say how many more there were), never cut mid-way.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
import sqlite_utils

from server.storage.audit import VALUE_MAX, append_entry, entry_rows

__all__ = ["VALUE_MAX", "AuditEntry", "encode_value", "hide_secrets", "list_audit", "now_iso", "record"]

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
        return {k: "***" if _names_secret(str(k)) else hide_secrets(v)
                for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [hide_secrets(v) for v in value]
    return value


def _names_secret(name: str) -> bool:
    return any(w in name.lower() for w in _SECRET_WORDS)


def _shortened(value: Any, max_chars: int, max_items: int) -> Any:
    """``value`` with strings over ``max_chars`` cut (ending in "…") and lists and mappings kept to ``max_items``.

    A shortened list ends with a string saying how many items were left off ("… +17"); a shortened
    mapping gets the key "…" with that count.
    """
    if isinstance(value, str):
        return value if len(value) <= max_chars else value[:max_chars] + "…"
    if isinstance(value, dict):
        items = list(value.items())
        kept = {_shortened(str(k), max_chars, max_items): _shortened(v, max_chars, max_items)
                for k, v in items[:max_items]}
        if len(items) > max_items:
            kept["…"] = f"+{len(items) - max_items}"
        return kept
    if isinstance(value, list | tuple):
        head = [_shortened(v, max_chars, max_items) for v in value[:max_items]]
        return head + ([f"… +{len(value) - max_items}"] if len(value) > max_items else [])
    return value


def encode_value(value: Any, limit: int = VALUE_MAX) -> str:
    """``value`` as JSON in at most ``limit`` characters, secrets hidden; shortened before encoding when too long."""
    value = hide_secrets(value)
    text = msgspec.json.encode(value).decode()
    max_chars, max_items = limit, 100
    while len(text) > limit and (max_chars > 8 or max_items > 1):
        # Fewer items first (the ones kept stay whole and readable), then shorter strings, then fewer still.
        if max_items > 5:
            max_items //= 2
        elif max_chars > 8:
            max_chars = max(8, max_chars // 2)
        else:
            max_items = max(1, max_items // 2)
        text = msgspec.json.encode(_shortened(value, max_chars, max_items)).decode()
    # Still too long (say, nesting hundreds deep): the JSON text itself, as one shortened string.
    cut = limit
    while len(text) > limit:
        cut = cut * 3 // 4
        text = msgspec.json.encode(msgspec.json.encode(value).decode()[:cut] + "…").decode()
    return text


def _encoded(value: Any, subject: str) -> str | None:
    if value is None:
        return None
    # A subject naming a secret (a setting such as webhook_secret) hides its values whatever they are;
    # an e-mail subject (a user) is a person's address, not a secret's name.
    if "@" not in subject and _names_secret(subject):
        value = "***"
    return encode_value(value)


def record(db: sqlite_utils.Database, dealer: str, actor: str, action: str, subject: str, detail: str = "",
           before: Any = None, after: Any = None) -> None:
    """Append one entry, with what a change found (``before``) and left (``after``) when it changes something.

    Call inside the caller's write transaction when there is one.
    """
    append_entry(db, dealer, actor, action, subject, detail, now_iso(), _encoded(before, subject),
                 _encoded(after, subject))


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
