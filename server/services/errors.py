"""Domain errors: what went wrong, as a stable code with parameters; never HTTP, never user text.

A service raises one of these; each face says it once in its own way:

* the JSON API (``server/errors.py``) maps the class to a status and the code to the English
  message of the contract (``server/messages.py``);
* the back office (``server/admin/errors.py``) and the homeowner pages
  (``server/pages/errors.py``) map the code to words in the user's language.

Codes are dotted, domain first (``quote.line.vat_range``, ``contact.email_taken``); parameters
are plain JSON values (numbers, short strings) that a message may interpolate. Rewording a
message never changes a code, so no page depends on the wording of another face's text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import msgspec

__all__ = ["Conflict", "DomainError", "FieldProblem", "Forbidden", "Invalid", "NotFound", "Stale", "TooMany"]


class FieldProblem(msgspec.Struct, frozen=True, kw_only=True):
    """One problem with one input field; ``field`` is a dotted path such as ``lines[2].vat_rate``."""

    field: str
    code: str
    params: dict[str, Any] = {}


class DomainError(Exception):
    """Base of every domain error: a code, its parameters and, for invalid input, the field problems."""

    def __init__(self, code: str, params: Mapping[str, Any] | None = None,
                 problems: Sequence[FieldProblem] = ()) -> None:
        super().__init__(code)
        self.code = code
        self.params: dict[str, Any] = dict(params or {})
        self.problems = list(problems)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.params!r}, {self.problems!r})"


class Invalid(DomainError):
    """The input breaks a rule; ``problems`` names each field (the API answers 422)."""

    def __init__(self, problems: Sequence[FieldProblem], code: str = "invalid",
                 params: Mapping[str, Any] | None = None) -> None:
        super().__init__(code, params, problems)


class NotFound(DomainError):
    """The thing does not exist for this dealer (the API answers 404; another dealer's row is not found too)."""


class Conflict(DomainError):
    """The thing exists but its state forbids the action (the API answers 409)."""


class Stale(Conflict):
    """The caller changed an older copy than the one stored (an ETag that no longer matches; the API answers 412)."""


class Forbidden(DomainError):
    """The caller may not do this (a read-only key, a disabled user; the API answers 403)."""


class TooMany(DomainError):
    """Over a rate limit; ``retry_after_s`` says when to try again (the API answers 429)."""

    def __init__(self, code: str, retry_after_s: int, params: Mapping[str, Any] | None = None) -> None:
        super().__init__(code, params)
        self.retry_after_s = retry_after_s
