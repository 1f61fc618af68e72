"""Decoding a JSON body into a typed input: the API's side of input checking.

The body is decoded as plain JSON first (malformed: 400), then converted to the typed model
with every type problem collected at once (422). Both refusals are domain errors, so the
one mapping in ``server/errors.py`` gives them the API's shape and words.
"""

from __future__ import annotations

from typing import Any

import msgspec

from server.services.errors import DomainError, FieldProblem, Invalid
from server.services.intake_checks import convert_all
from server.services.intake_model import QuoteRequestIn

__all__ = ["decode_object", "decode_request"]


def decode_object(body: bytes, typ: Any, what: str = "The body") -> Any:
    """A JSON object body as ``typ``: 400 when it is not JSON, :class:`Invalid` with every field problem."""
    try:
        data = msgspec.json.decode(body)
    except msgspec.DecodeError as exc:
        # Not a rule the input broke but input that cannot be read: the base domain error (400).
        raise DomainError("input.malformed_json", {"error": str(exc)}) from None
    if not isinstance(data, dict):
        raise Invalid([FieldProblem(field="body", code="input.expected_object")], code="input.not_object")
    value, problems = convert_all(data, typ)
    if problems:
        raise Invalid(problems, code="input.body_invalid", params={"what": what})
    return value


def decode_request(body: bytes) -> QuoteRequestIn:
    """Decode and type-check a quote request; 400 or :class:`Invalid` naming every field."""
    value: QuoteRequestIn = decode_object(body, QuoteRequestIn, "The quote request")
    return value
