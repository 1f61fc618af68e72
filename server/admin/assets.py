"""The back office's stylesheet and the dealer's accent colour, both plain CSS files (no inline styles)."""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path
from typing import Annotated

from litestar import Response, get
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter

from server.colours import ink_on

__all__ = ["ROUTES", "css_version"]

CSS = Path(__file__).resolve().parent / "static" / "admin.css"
_HEX6 = re.compile(r"^[0-9a-f]{6}$")


@functools.cache
def _css(stamp: tuple[int, int]) -> tuple[bytes, str]:
    body = CSS.read_bytes()
    return body, hashlib.sha256(body).hexdigest()[:16]


def _current() -> tuple[bytes, str]:
    stat = CSS.stat()
    return _css((stat.st_mtime_ns, stat.st_size))


def css_version() -> str:
    """A hash of the stylesheet, put in its URL so a changed file is fetched at once."""
    return _current()[1]


@get("/static/admin.css", opt={"anonymous": True}, sync_to_thread=False, include_in_schema=False)
def admin_css() -> Response[bytes]:
    """The stylesheet; its URL carries the version, so it may be cached."""
    body, version = _current()
    return Response(body, media_type="text/css",
                    headers={"Cache-Control": "public, max-age=86400", "ETag": f'"{version}"'})


ThemeName = Annotated[str, PathParameter(max_length=16, description="RRGGBB.css")]


@get("/theme/{name:str}", opt={"anonymous": True}, sync_to_thread=False, include_in_schema=False)
def theme_css(name: ThemeName) -> Response[bytes]:
    """``:root`` with the accent colour (``RRGGBB.css`` in the path) and a readable text colour on it."""
    colour = name.lower().removesuffix(".css")
    if not name.endswith(".css") or not _HEX6.match(colour):
        raise NotFoundException()
    body = f":root {{ --accent: #{colour}; --accent-ink: {ink_on(colour)}; }}\n".encode()
    return Response(body, media_type="text/css", headers={"Cache-Control": "public, max-age=86400"})


ROUTES = [admin_css, theme_css]
