"""Domain errors in the back office's words: the one place a code becomes Dutch, English or German.

A code's words are the message ``admin.<code>`` of the gettext catalogs (``server/admin/texts.py``
reads the ``admin`` family; a ``str.format`` template over the error's parameters).
A form shows :func:`field_words` next to each field; a domain error that reaches no form becomes
an error page through :func:`page_words`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from server.services.errors import DomainError, FieldProblem

__all__ = ["field_words", "form_errors", "page_words", "words"]


# Parameters that are a state's code (or a list of them, joined by ", "), shown by its label:
# code -> {parameter: label key prefix}.
_LABELLED: dict[str, dict[str, str]] = {
    "invoice.quote_not_accepted": {"status": "qstatus_"},
    "invoice.seller_incomplete": {"missing": "legal_field_"},
    "request.status.allowed": {"current": "status_", "allowed": "status_"},
    "request.status.final": {"current": "status_"},
    "role.too_low": {"role": "role_", "minimum": "role_"},
}


def words(t: Mapping[str, str], code: str, params: Mapping[str, Any] | None = None) -> str:
    """The words of ``code`` in the language of ``t``, its parameters filled in."""
    values = dict(params or {})
    for name, prefix in _LABELLED.get(code, {}).items():
        if name in values:
            values[name] = ", ".join(t.get(f"{prefix}{state}", state) for state in str(values[name]).split(", "))
    return t[code].format(**values)


def field_words(t: Mapping[str, str], problem: FieldProblem) -> str:
    """What to write next to the field of ``problem``."""
    return words(t, problem.code, problem.params)


def form_errors(t: Mapping[str, str], exc: DomainError) -> dict[str, str]:
    """Field path -> words, the first problem of each field (the order the service found them)."""
    out: dict[str, str] = {}
    for problem in exc.problems:
        out.setdefault(problem.field, field_words(t, problem))
    return out


def page_words(t: Mapping[str, str], exc: DomainError) -> str:
    """The sentence of an error page for ``exc``."""
    return words(t, exc.code, exc.params)
