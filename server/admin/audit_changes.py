"""The audit page's "before -> after" column: a change's stored values as short lines a dealer reads.

A user change stores mappings (``{"role": "staff"}`` -> ``{"role": "owner"}``) and reads
"Role: Staff → Owner"; a setting or a company detail stores the field's values and reads
"Staff → Owner" under the field's name (the subject column). Lists are joined, an absent
value is a dash, and the audit service has already replaced anything secret with ``***``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from server.services.audit import AuditEntry

__all__ = ["change_lines"]

_NAMES = {"role": "user_role", "disabled": "status", "name": "user_name", "lang": "language"}
_EMPTY = "—"


def _value(t: Mapping[str, str], name: str, value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return _EMPTY
    if name == "role":
        return t.get(f"role_{value}", str(value))
    if name == "lang":
        return t.get(f"lang_name_{value}", str(value))
    if name == "disabled":
        return t["user_disabled_badge"] if value else t["user_active_badge"]
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def change_lines(t: Mapping[str, str], entry: AuditEntry) -> list[str]:
    """One line per changed value of ``entry`` ("Role: Staff → Owner"); none for an entry that changed nothing."""
    before, after = entry.before, entry.after
    if before is None and after is None:
        return []
    if isinstance(before, dict | type(None)) and isinstance(after, dict | type(None)) and (before or after):
        old, new = before or {}, after or {}
        names = list(dict.fromkeys([*old, *new]))
        return [f"{t[_NAMES[n]] if n in _NAMES else n}: {_value(t, n, old.get(n))} → {_value(t, n, new.get(n))}"
                for n in names if old.get(n) != new.get(n) or not (before and after)]
    return [f"{_value(t, entry.subject, before)} → {_value(t, entry.subject, after)}"]
