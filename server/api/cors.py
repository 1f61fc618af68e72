"""Per-dealer CORS for the public API under ``/api/v1/dealers/{dealer}/``.

Litestar's ``CORSConfig`` is one static list for the whole app; each dealer has its own
website origins (``allowed_origins`` in its catalog), so this small ASGI middleware
decides per request. It answers preflights itself (204 for an allowed origin, 403 in
the error shape otherwise, 404 for an unknown dealer) and adds
``Access-Control-Allow-Origin: <origin>`` to the answers of allowed origins, error
answers included, so the widget can read why a request failed.

A request from an origin the dealer does not allow never reaches a handler: it gets a
403 in the error shape, readable by that page (its own origin in the allow header), so a
misconfigured embed can say "this website is not linked yet" instead of "no connection".
That answer holds no catalog data, only the refusal. An unknown dealer's 404 is readable
too, for the same reason (dealer slugs are public: the hosted page is ``/d/{dealer}``).
Never ``*``, never credentials; ``Vary: Origin`` on every answer under the prefix so a
shared cache never hands one site's answer to another.
"""

from __future__ import annotations

import msgspec
from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from server.errors import ErrorBody
from server.messages import message
from server.origins import origin_allowed, own_origin
from server.services.catalog_preview import is_preview_alias
from server.services.catalogs import CatalogStore

__all__ = ["ALLOW_HEADERS", "ALLOW_METHODS", "DealerCorsMiddleware", "NOT_ALLOWED", "PREFIX"]

PREFIX = "/api/v1/dealers/"
ALLOW_METHODS = "GET, POST"
ALLOW_HEADERS = "Content-Type, Idempotency-Key"
# Retry-After is not a safelisted response header; the widget reads it on a 429.
EXPOSE_HEADERS = "Retry-After"
MAX_AGE_S = "600"
# The refusal's words name the catalog field a dealer's web developer has to change.
NOT_ALLOWED = message("http.origin_not_allowed")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def _with_vary_origin(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """``headers`` with ``Origin`` in ``Vary`` exactly once (a handler may have set it already)."""
    out: list[tuple[bytes, bytes]] = []
    names: list[str] = []
    for key, value in headers:
        if key.lower() == b"vary":
            names += [n.strip() for n in value.decode("latin-1").split(",") if n.strip()]
        else:
            out.append((key, value))
    if not any(n.lower() == "origin" for n in names):
        names.append("Origin")
    out.append((b"vary", ", ".join(names).encode("latin-1")))
    return out


async def _send_simple(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes = b"") -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def _send_error(send: Send, status: int, detail: str, extra: list[tuple[bytes, bytes]]) -> None:
    """An error answer in the API's error shape, ``Vary: Origin`` and ``extra`` headers added."""
    body = msgspec.json.encode(ErrorBody(status=status, detail=detail, errors=[]))
    await _send_simple(send, status, [(b"content-type", b"application/json"),
                                      (b"content-length", str(len(body)).encode()),
                                      (b"vary", b"Origin"), *extra], body)


class DealerCorsMiddleware:
    """ASGI middleware: CORS for the public dealer API, origins taken from each dealer's catalog."""

    def __init__(self, app: ASGIApp, store: CatalogStore, public_url: str = "") -> None:
        self.app = app
        self.store = store
        self.public_url = public_url

    def _decide(self, scope: Scope, origin: str) -> tuple[bool, bool]:
        """(dealer known, origin allowed) for this request."""
        slug = scope["path"][len(PREFIX):].split("/", 1)[0]
        own = own_origin(ASGIConnection(scope), self.public_url)
        if is_preview_alias(slug):
            # A draft's preview runs in the back office only: the server's own origin, no dealer website.
            return True, origin.lower() == own
        loaded = self.store.get(slug) if slug else None
        if loaded is None:
            return False, False
        return True, origin_allowed(loaded.catalog.dealer, origin, own)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # The enum member (a str, equal to "http"), so type checkers know the scope is HTTP below.
        if scope["type"] != ScopeType.HTTP or not scope["path"].startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        origin = _header(scope, b"origin")
        if origin is None:  # not a browser's cross-origin request: nothing to add
            await self.app(scope, receive, send)
            return
        known, allowed = self._decide(scope, origin)
        if scope["method"] == "OPTIONS" and _header(scope, b"access-control-request-method") is not None:
            await self._preflight(send, origin, known, allowed)
            return
        readable = [(b"access-control-allow-origin", origin.encode("latin-1")),
                    (b"access-control-expose-headers", EXPOSE_HEADERS.encode())]
        if known and not allowed:
            # Refused before any handler runs, so nothing of the dealer's leaks; readable, so the
            # widget can tell a misconfigured embed from an outage.
            await _send_error(send, 403, NOT_ALLOWED, readable)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = _with_vary_origin(list(message.get("headers", [])))
                # An allowed origin reads every answer; any other origin only an unknown dealer's
                # 404 (see the module's docstring), never an answer a handler made with data.
                if allowed or (not known and message["status"] == 404):
                    headers += readable
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cors)

    @staticmethod
    async def _preflight(send: Send, origin: str, known: bool, allowed: bool) -> None:
        if not allowed:
            # The same words as the refusal of the request itself (the preflight's are not readable).
            status, detail = (403, NOT_ALLOWED) if known else (404, message("http.dealer_unknown"))
            await _send_error(send, status, detail, [])
            return
        await _send_simple(send, 204, [
            (b"access-control-allow-origin", origin.encode("latin-1")),
            (b"access-control-allow-methods", ALLOW_METHODS.encode()),
            (b"access-control-allow-headers", ALLOW_HEADERS.encode()),
            (b"access-control-max-age", MAX_AGE_S.encode()),
            (b"vary", b"Origin"),
        ])
