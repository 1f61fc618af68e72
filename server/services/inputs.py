"""The one base of every typed input a service takes (request bodies, back-office forms).

Unknown fields are errors and inputs never change once decoded. msgspec passes these options
on to subclasses; a subclass still writes ``frozen=True, kw_only=True`` because type checkers
do not inherit those two (they then refuse an assignment and accept defaults before required
fields, as msgspec does).
"""

from __future__ import annotations

import msgspec

__all__ = ["Input"]


class Input(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, frozen=True):
    """Base of typed inputs: keyword-only, unknown fields refused, immutable."""
