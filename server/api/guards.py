"""Small checks shared by API routes."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from server.errors import ApiError

__all__ = ["require_json"]


def require_json(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """Refuse a request body that is not declared as JSON (415)."""
    content_type = connection.headers.get("content-type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise ApiError(415, "The body must be JSON (Content-Type: application/json)")
