"""The widget bundle (``GET /widget.js``); the hosted configurator page is in ``server/pages/hosted.py``.

The bundle is ``widget/dist/venster.js``, built by esbuild from the ES modules in ``widget/src/``
(``make widget``) and committed; it is served as it is, with a strong ETag (a hash of the served
bytes), so browsers revalidate cheaply after a short ``max-age``. A browser that accepts gzip gets
the same bytes gzipped once per build (about a third of the size on the wire), with its own strong
ETag and ``Vary: Accept-Encoding`` so no cache hands one encoding to a client that asked for the
other. Brotli would save a little more but needs a library this project does not carry. ``tests/test_widget_build.py``
fails when the committed bundle is not what ``widget/src`` builds to. The hosted page gives a
dealer without a website the same configurator on this server, under a strict Content Security
Policy that the widget is built to live with.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from pathlib import Path
from typing import Annotated

from litestar import Response, get
from litestar.params import HeaderParameter

from server.api.openapi import NOT_MODIFIED, errors
from server.errors import ApiError
from server.messages import message
from server.resources import resource

__all__ = ["WIDGET_JS", "WidgetBundle", "accepts_gzip", "etag_matches", "widget_js"]

# The built bundle: the source tree's widget/dist, or the copy installed with the package.
WIDGET_JS = resource("widget", "dist", "venster.js")
CACHE_CONTROL = "public, max-age=300"


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


class WidgetBundle:
    """The bundle's served bytes and ETag, read again when the file changes (`make widget` during `make run`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._body = b""
        self._etag = ""
        self._gzipped = b""
        self._gzip_etag = ""

    def current(self) -> tuple[bytes, str]:
        """``(body, etag)``; raises :class:`ApiError` 404 when the file is missing."""
        return self._load()[:2]

    def gzipped(self) -> tuple[bytes, str]:
        """``(gzipped body, its etag)``: the same bytes gzipped, with an ETag of their own."""
        return self._load()[2:]

    def _load(self) -> tuple[bytes, str, bytes, str]:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            raise ApiError(404, message("http.widget_missing")) from None
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if stamp != self._stamp:
                body = self.path.read_bytes()
                # Compressed once per build, not per request; mtime=0 keeps the bytes (and ETag) stable.
                packed = gzip.compress(body, 9, mtime=0)
                self._body, self._etag = body, _etag(body)
                self._gzipped, self._gzip_etag = packed, _etag(packed)
                self._stamp = stamp
            return self._body, self._etag, self._gzipped, self._gzip_etag


_bundle = WidgetBundle(WIDGET_JS)
AcceptEncoding = Annotated[str | None, HeaderParameter(name="Accept-Encoding", required=False,
                                                       description="`gzip` for the gzipped bundle")]
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


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an ``Accept-Encoding`` value (RFC 9110) allows gzip: named, or ``*``, with a q above 0."""
    if not accept_encoding:
        return False
    quality: dict[str, float] = {}
    for item in accept_encoding.split(","):
        name, _, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
        quality[name.strip().lower()] = q
    for name in ("gzip", "x-gzip"):
        if name in quality:
            return quality[name] > 0
    return quality.get("*", 0.0) > 0


@get("/widget.js", tags=["widget"], sync_to_thread=False, summary="The widget bundle (ETag, 304)",
     media_type="text/javascript", responses={**NOT_MODIFIED, **errors(400, 404)},
     description="The `<venster-configurator>` custom element, gzipped when `Accept-Encoding` allows it (each "
                 "encoding its own strong ETag). Cacheable; send `If-None-Match` for a 304.")
def widget_js(if_none_match: IfNoneMatch = None, accept_encoding: AcceptEncoding = None) -> Response[bytes]:
    """The bundle (gzipped if accepted), or 304 when the browser's copy of that encoding is current."""
    packed = accepts_gzip(accept_encoding)
    body, etag = _bundle.gzipped() if packed else _bundle.current()
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "X-Content-Type-Options": "nosniff",
               "Cross-Origin-Resource-Policy": "cross-origin", "Vary": "Accept-Encoding"}
    if etag_matches(if_none_match, etag):
        return Response(b"", status_code=304, headers=headers, media_type="text/javascript")
    if packed:
        headers["Content-Encoding"] = "gzip"
    return Response(body, headers=headers, media_type="text/javascript")
