"""What the OpenAPI document cannot read from a handler's signature, declared next to each handler.

Litestar documents a handler's success answer and its own 400 shape. venster answers every
error with :class:`server.errors.ErrorBody`, serves files, and reads some JSON bodies itself
so that every field error is reported at once. A handler says so with:

- ``responses=errors(404, 422)``: these statuses answer with the error shape (this also
  replaces Litestar's own 400 shape, which venster never sends);
- ``operation_class=json_body(T)``: the request body is JSON of type ``T`` although the
  handler decodes it by hand (the schema is msgspec's own, so it is what the decoder checks);
- ``media_type=`` (Litestar's own decorator parameter) for files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec
from litestar.enums import MediaType
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType, Operation, RequestBody

from server.errors import ErrorBody

__all__ = ["NOT_MODIFIED", "errors", "json_body"]

_WHY = {
    400: "Malformed JSON, or a query, path or header parameter that is not valid",
    401: "No API key, or a key that is unknown or revoked",
    403: "Not allowed: a read-only key writing, or a website that may not send for this dealer",
    404: "No such dealer or record (another dealer's records answer the same)",
    409: "Conflicts with the record's state",
    412: "If-Match names an ETag that is no longer the record's: read it again",
    413: "The body is too large",
    415: "The body is not JSON (Content-Type: application/json)",
    422: "Well-formed, but with wrong values, or a query parameter the operation does not take; `errors` names "
         "every field",
    429: "Too many requests; `Retry-After` says when to try again",
    503: "The database is unavailable for a moment; `Retry-After` says when to try again",
}

# Every operation may answer these: an unknown query parameter is a 422 naming it
# (server/api/query_check.py), and a failing database a 503 (server/errors.py).
_ALWAYS = (422, 503)

NOT_MODIFIED = {304: ResponseSpec(data_container=None, description="Not modified: the copy named in "
                                                                     "If-None-Match is current",
                                  generate_examples=False)}


def errors(*statuses: int) -> dict[int, ResponseSpec]:
    """The ``responses`` of a handler that may answer ``statuses`` (and 422 and 503), each with the error shape."""
    return {status: ResponseSpec(data_container=ErrorBody, description=_WHY[status], media_type=MediaType.JSON,
                                 generate_examples=False) for status in sorted({*statuses, *_ALWAYS})}


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """msgspec's schema with every ``#/$defs/`` reference replaced by its definition (no recursive types)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def json_body(typ: Any, *, required: bool = True, description: str | None = None) -> type[Operation]:
    """An ``operation_class`` documenting a JSON request body of ``typ`` that the handler decodes itself."""
    raw = msgspec.json.schema(typ)
    schema = _inline(raw, raw.get("$defs", {}))

    @dataclass
    class _WithBody(Operation):
        def __post_init__(self) -> None:
            self.request_body = RequestBody(content={MediaType.JSON: OpenAPIMediaType(schema=schema)},
                                            required=required, description=description)

    _WithBody.__name__ = _WithBody.__qualname__ = f"OperationWith{getattr(typ, '__name__', 'Body')}"
    return _WithBody
