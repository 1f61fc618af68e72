"""Unknown query parameters under ``/api/`` are a 422 naming them, on every route alike.

A typo such as ``?stauts=won`` or ``?updated_after=`` used to be ignored silently, so a
client believed it had filtered (or synced) when it had not. The names a route accepts are
read from its handler's signature (its ``QueryParameter``s and undeclared plain parameters,
which Litestar also reads from the query), so this list never drifts from the handlers.
"""

from __future__ import annotations

import weakref
from typing import Any
from urllib.parse import parse_qsl

import msgspec
from litestar.params import QueryParameter
from litestar.types import ASGIApp, Receive, Scope, Send

from server.errors import ErrorBody, FieldError
from server.messages import message

__all__ = ["UnknownQueryMiddleware", "accepted_query"]

_PREFIX = "/api/"
# Per handler object, weakly: keying by id() would hand a new app's handler the names of a
# collected one that happened to have the same id.
_cache: weakref.WeakKeyDictionary[Any, frozenset[str]] = weakref.WeakKeyDictionary()
# Names in a signature that are never query parameters: Litestar's reserved names and our dependencies.
_NOT_QUERY = frozenset({"request", "state", "scope", "socket", "headers", "cookies", "query", "body", "data",
                        "db", "key", "form", "session"})


def accepted_query(handler: Any) -> frozenset[str]:
    """The query parameter names ``handler`` reads (aliases included)."""
    found = _cache.get(handler)
    if found is not None:
        return found
    names: set[str] = set()
    for name, param in handler.parsed_fn_signature.parameters.items():
        kwarg = param.kwarg_definition
        if isinstance(kwarg, QueryParameter):
            names.add(kwarg.query or name)
        elif kwarg is None and name not in _NOT_QUERY:
            names.add(name)  # an undeclared plain parameter: Litestar reads it from the query
    _cache[handler] = found = frozenset(names)
    return found


class UnknownQueryMiddleware:
    """ASGI middleware: 422 in the error shape for a query parameter the route does not take."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        handler = scope.get("route_handler")
        if scope["type"] != "http" or not scope["path"].startswith(_PREFIX) or handler is None \
                or scope.get("method") == "OPTIONS":
            await self.app(scope, receive, send)
            return
        raw = scope.get("query_string", b"").decode("latin-1")
        sent = [key for key, _ in parse_qsl(raw, keep_blank_values=True)]
        known = accepted_query(handler)
        unknown = sorted({key for key in sent if key not in known})
        if not unknown:
            await self.app(scope, receive, send)
            return
        expected = ", ".join(sorted(known))
        said = message("http.query_unknown", {"expected": expected}) if expected else \
            message("http.query_none")
        # Answered here (not raised) so the answer still passes the CORS middleware outside us:
        # the widget must be able to read why it was refused.
        body = msgspec.json.encode(ErrorBody(
            status=422, detail=message("http.query_unknown_list", {"names": ", ".join(u[:64] for u in unknown[:20])}),
            errors=[FieldError(field=u[:64], message=said) for u in unknown[:20]]))
        await send({"type": "http.response.start", "status": 422, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body, "more_body": False})
