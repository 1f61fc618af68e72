"""The one JSON error shape of the API, built by one function.

Every error answer is ``{"status": int, "detail": str, "errors": [{"field", "message"}]}``.
Litestar's own exceptions (validation, 404, 405, 413, ...) and our domain errors are all
mapped here, once, so no handler builds an error by hand.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time
from collections.abc import Sequence
from typing import Any

import msgspec
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.types import ExceptionHandlersMap

from server.access_log import redact
from server.messages import message
from server.services.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, Stale, TooMany
from server.storage.db import is_unavailable

__all__ = [
    "RETRY_AFTER_S",
    "ApiError",
    "api_error",
    "status_of",
    "ErrorBody",
    "FieldError",
    "error_response",
    "exception_handlers",
    "log_unavailable",
]

_log = logging.getLogger("venster.errors")


class FieldError(msgspec.Struct, frozen=True, kw_only=True):
    """One problem with one field; ``field`` is a dotted path such as ``items[2].contact.email``."""

    field: str
    message: str


class ErrorBody(msgspec.Struct, frozen=True, kw_only=True):
    """The body of every error answer."""

    status: int
    detail: str
    errors: list[FieldError] = []


class ApiError(Exception):
    """A domain error with its HTTP status, raised anywhere below the handlers."""

    def __init__(
        self,
        status: int,
        detail: str,
        errors: Sequence[FieldError] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = list(errors)
        self.headers = headers or {}


def error_response(
    status: int,
    detail: str,
    errors: Sequence[FieldError] = (),
    headers: dict[str, str] | None = None,
) -> Response[bytes]:
    """Build the JSON error answer; the only place an error body is made."""
    body = msgspec.json.encode(ErrorBody(status=status, detail=detail, errors=list(errors)))
    return Response(content=body, status_code=status, media_type=MediaType.JSON, headers=headers)


# msgspec names a missing or unknown field only in its message, at the object that holds it.
_OBJECT_FIELD = re.compile(r"^Object (?:missing required|contains unknown) field `([^`]{1,64})`$")


def _field_from_key(key: Any, message: str = "") -> str:
    # msgspec writes a value inside a mapping as `divisions[...]` (it does not say which
    # key): name the mapping itself.
    where = str(key).removesuffix("[...]") if key not in (None, "") else "body"
    named = _OBJECT_FIELD.match(message)
    if named is None:
        return where
    # Litestar calls the body itself `data`: a field of the body is named on its own.
    return named.group(1) if where in ("data", "body") else f"{where}.{named.group(1)}"


def _handle_api_error(_: Request, exc: ApiError) -> Response[bytes]:
    return error_response(exc.status, exc.detail, exc.errors, exc.headers)


_STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (Invalid, 422), (NotFound, 404), (Stale, 412), (Conflict, 409), (Forbidden, 403), (TooMany, 429))


def status_of(exc: DomainError) -> int:
    """The HTTP status of a domain error (the one place a domain error meets HTTP)."""
    for kind, status in _STATUS:
        if isinstance(exc, kind):
            return status
    return 400


def api_error(exc: DomainError) -> ApiError:
    """The API's form of a domain error: its status, its English detail and one message per field."""
    headers = {"Retry-After": str(exc.retry_after_s)} if isinstance(exc, TooMany) else None
    fields = [FieldError(field=p.field, message=message(p.code, p.params)) for p in exc.problems]
    return ApiError(status_of(exc), message(exc.code, exc.params), fields, headers)


def _handle_domain(request: Request, exc: DomainError) -> Response[bytes]:
    return _handle_api_error(request, api_error(exc))


# Litestar names a missing parameter only in its message; the contract wants the field.
_MISSING = re.compile(r"Missing required (?:query|header|cookie|path) parameter '([^']{1,64})'")


def _handle_validation(_: Request, exc: ValidationException) -> Response[bytes]:
    errors: list[FieldError] = []
    from_body = False
    extra = exc.extra if isinstance(exc.extra, list) else []
    for item in extra:
        if isinstance(item, dict):
            from_body = from_body or item.get("source") == "body"
            text = str(item.get("message", "invalid value"))
            errors.append(FieldError(field=_field_from_key(item.get("key"), text), message=text))
    missing = _MISSING.search(str(exc.detail))
    if missing and not errors:
        errors.append(FieldError(field=missing.group(1), message=message("http.required")))
    # A body that is JSON but of the wrong shape is 422; malformed JSON and bad
    # query or path parameters stay 400.
    if from_body:
        return error_response(422, message("http.body_shape"), errors)
    return error_response(400, str(exc.detail) or message("http.invalid_request"), errors)


def _handle_http(_: Request, exc: HTTPException) -> Response[bytes]:
    headers = dict(exc.headers or {})
    return error_response(exc.status_code, str(exc.detail), (), headers or None)


def _handle_recursion(request: Request, exc: RecursionError) -> Response[bytes]:
    # msgspec (ours and Litestar's) gives up on JSON nested deeper than Python's recursion limit
    # (say 10,000 levels of brackets): input it cannot read is malformed, not a server fault.
    if "while deserializing" in str(exc):
        return error_response(400, message("http.json_too_deep"))
    return _handle_unexpected(request, exc)


RETRY_AFTER_S = 30
_LOG_EVERY_S = 60.0
_last_logged = [float("-inf")]
_log_lock = threading.Lock()


def log_unavailable(request: Request, exc: BaseException) -> None:
    """Log a database outage at ERROR once a minute per process, not a traceback per request."""
    now = time.monotonic()
    with _log_lock:
        if now - _last_logged[0] < _LOG_EVERY_S:
            return
        _last_logged[0] = now
    _log.error("database unavailable (%s: %s) on %s %s; answering 503 (logged at most once a minute)",
               type(exc).__name__, exc, request.method, redact(request.url.path))


def _handle_database(request: Request, exc: sqlite3.DatabaseError) -> Response[bytes]:
    if not is_unavailable(exc):
        return _handle_unexpected(request, exc)
    log_unavailable(request, exc)
    return error_response(503, message("http.unavailable"),
                          headers={"Retry-After": str(RETRY_AFTER_S)})


def _handle_unexpected(request: Request, exc: Exception) -> Response[bytes]:
    # Never leak internals: log the traceback, answer the shape.
    _log.exception("unhandled error on %s %s", request.method, redact(request.url.path), exc_info=exc)
    return error_response(500, message("http.internal"))


exception_handlers: ExceptionHandlersMap = {
    ApiError: _handle_api_error,
    DomainError: _handle_domain,
    ValidationException: _handle_validation,
    HTTPException: _handle_http,
    RecursionError: _handle_recursion,
    sqlite3.DatabaseError: _handle_database,
    Exception: _handle_unexpected,
}
