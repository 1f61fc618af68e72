"""The audit page's "before -> after" column: a change's stored values as short lines a dealer reads.

A user change stores mappings (``{"role": "staff"}`` -> ``{"role": "owner"}``) and reads
"Role: Staff → Owner"; a setting or a company detail stores the field's values and reads
"Staff → Owner" under the field's name (the subject column). Lists are joined, an absent
value is a dash, and the audit service has already replaced anything secret with ``***``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from server.services.audit import AuditEntry

__all__ = ["change_lines", "field_label"]

_NAMES = {"role": "user_role", "disabled": "status", "name": "user_name", "lang": "language", "kind": "keys_kind",
          "products": "onboarding_products_title", "revoked_at": "keys_revoke"}
# Where the back office already words a field: company details, branding, then settings (by its own name).
_FIELD_WORDS = ("legal_field_{}", "branding_field_{}", "{}")
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_EMPTY = "—"


def field_label(t: Mapping[str, str], name: str) -> str:
    """A changed field as the back office names it elsewhere ("IBAN", "Accentkleur"); the name itself if nowhere."""
    if name in _NAMES and _NAMES[name] in t:
        return t[_NAMES[name]]
    return next((t[key] for key in (pattern.format(name) for pattern in _FIELD_WORDS) if key in t), name)


def _value(t: Mapping[str, str], name: str, value: Any, when: Callable[[str], str] | None = None) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return _EMPTY
    if isinstance(value, str) and when is not None and _STAMP.match(value):
        return when(value)  # a moment, in the dealer's time zone like the page's "when" column
    if name == "kind":
        return t.get(f"keys_{str(value).replace('-', '_')}", str(value))
    if isinstance(value, bool) and name == "products":
        return t["onboarding_done"] if value else _EMPTY
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


def change_lines(t: Mapping[str, str], entry: AuditEntry, when: Callable[[str], str] | None = None) -> list[str]:
    """One line per changed value of ``entry`` ("Role: Staff → Owner"); none for an entry that changed nothing.

    ``when`` writes a stored moment (a key revoked at ...) as the page writes its times.
    """
    before, after = entry.before, entry.after
    if before is None and after is None:
        return []
    if isinstance(before, dict | type(None)) and isinstance(after, dict | type(None)) and (before or after):
        old, new = before or {}, after or {}
        names = list(dict.fromkeys([*old, *new]))
        return [f"{field_label(t, n)}: {_value(t, n, old.get(n), when)} → {_value(t, n, new.get(n), when)}"
                for n in names if old.get(n) != new.get(n) or not (before and after)]
    return [f"{_value(t, entry.subject, before, when)} → {_value(t, entry.subject, after, when)}"]
