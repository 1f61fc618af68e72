"""The widget bundle (``GET /widget.js``); the hosted configurator page is in ``server/pages/hosted.py``.

The bundle is one hand-written file, ``widget/venster.js``, served without its comment
lines and indentation (:func:`compact_js`) with a strong ETag (a hash of the served bytes),
so browsers revalidate cheaply after a short ``max-age``. The hosted page gives a dealer
without a website the same configurator on this server, under a strict Content Security
Policy that the widget is built to live with.
"""

from __future__ import annotations

import hashlib
import re
import threading
from pathlib import Path
from typing import Annotated

from litestar import Response, get
from litestar.params import HeaderParameter

from server.api.openapi import NOT_MODIFIED, errors
from server.errors import ApiError
from server.resources import resource

__all__ = ["WIDGET_JS", "WidgetBundle", "compact_js", "etag_matches", "widget_js"]

WIDGET_JS = resource("widget", "venster.js")  # the source tree's, or the copy installed with the package
CACHE_CONTROL = "public, max-age=300"
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def compact_js(source: str) -> str:
    """The widget source without comment lines, indentation and blank lines: the served form.

    A deliberately small "build": whole-line ``//`` comments and ``/* ... */`` blocks that start
    a line go, every line loses its indentation; lines inside template literals are kept as
    they are. Comments after code and ``/*!`` banners stay. The browser tests run this output.
    """
    out: list[str] = []
    in_template = False
    in_comment = False
    for line in source.splitlines():
        if in_template:
            out.append(line)
        else:
            text = line.strip()
            if in_comment:
                in_comment = "*/" not in text
                continue
            if text.startswith("//") or not text:
                continue
            if text.startswith("/*") and not text.startswith("/*!"):
                in_comment = "*/" not in text
                continue
            out.append(text)
        if (line.count("`") - line.count("\\`")) % 2:
            in_template = not in_template
    return "\n".join(out) + "\n"


class WidgetBundle:
    """The bundle's served bytes and ETag, rebuilt when the file changes (so `make run` picks up edits)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._body = b""
        self._etag = ""

    def current(self) -> tuple[bytes, str]:
        """``(body, etag)``; raises :class:`ApiError` 404 when the file is missing."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            raise ApiError(404, "The widget bundle is missing") from None
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if stamp != self._stamp:
                body = compact_js(self.path.read_text(encoding="utf-8")).encode("utf-8")
                self._body, self._etag = body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
                self._stamp = stamp
            return self._body, self._etag


_bundle = WidgetBundle(WIDGET_JS)
IfNoneMatch = Annotated[str | None, HeaderParameter(name="If-None-Match", required=False,
                                                    description="The ETag of the copy the browser holds")]


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison of an ``If-None-Match`` list against our ETag."""
    if not if_none_match:
        return False
    wanted = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False


@get("/widget.js", tags=["widget"], sync_to_thread=False, summary="The widget bundle (ETag, 304)",
     media_type="text/javascript", responses={**NOT_MODIFIED, **errors(400, 404)},
     description="The `<venster-configurator>` custom element. Cacheable; send `If-None-Match` for a 304.")
def widget_js(if_none_match: IfNoneMatch = None) -> Response[bytes]:
    """The bundle, or 304 when the browser's copy is current."""
    body, etag = _bundle.current()
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "X-Content-Type-Options": "nosniff",
               "Cross-Origin-Resource-Policy": "cross-origin"}
    if etag_matches(if_none_match, etag):
        return Response(b"", status_code=304, headers=headers, media_type="text/javascript")
    return Response(body, headers=headers, media_type="text/javascript")
