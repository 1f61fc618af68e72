"""Which browser origins may call a dealer's public endpoints.

A dealer lists its website origins in the catalog (``allowed_origins``); the server's
own pages (the sample page, the hosted configurator ``/d/{dealer}``) are always allowed.
Requests without an ``Origin`` header (servers, curl) are not browser requests and pass.
"""

from __future__ import annotations

from litestar.connection import ASGIConnection

from server.engine.catalog import Dealer

__all__ = ["own_origin", "origin_allowed"]


def own_origin(connection: ASGIConnection, public_url: str = "") -> str:
    """This server's origin as the browser sees it (``scheme://host[:port]``)."""
    if public_url:
        scheme, _, rest = public_url.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}".lower()
    host = connection.headers.get("host", "")
    return f"{connection.url.scheme}://{host}".lower()


def origin_allowed(dealer: Dealer, origin: str | None, own: str) -> bool:
    """True when ``origin`` may use the dealer's public API (or is not a browser request)."""
    if origin is None:
        return True
    origin = origin.strip().lower().rstrip("/")
    if origin == own:
        return True
    return origin in {o.lower().rstrip("/") for o in dealer.allowed_origins}
