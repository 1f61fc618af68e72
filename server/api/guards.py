"""Small checks shared by API routes."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from server.errors import ApiError
from server.messages import message

__all__ = ["plausible_file_path", "require_json"]


def require_json(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """Refuse a request body that is not declared as JSON (415)."""
    content_type = connection.headers.get("content-type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise ApiError(415, message("http.body_not_json"))


def plausible_file_path(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """404 for a path no file can have (a NUL byte, a name over 255 bytes), before the file system raises on it."""
    path: str = connection.scope["path"]
    if "\x00" in path or any(len(part.encode()) > 255 for part in path.split("/")):
        raise ApiError(404, message("http.not_found"))
