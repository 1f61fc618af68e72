"""The widget bundle (``GET /widget.js``); the hosted configurator page is in ``server/pages/hosted.py``.

The bundle is ``widget/dist/venster.js``, built by esbuild from the ES modules in ``widget/src/``
(``make widget``) and committed; it is served as it is, with a strong ETag (a hash of the served
bytes), so browsers revalidate cheaply after a short ``max-age``. A browser that accepts brotli
gets the same bytes brotli-compressed, one that accepts only gzip gets them gzipped (each once per
build; brotli about a tenth smaller than gzip, both about a third of the bundle), each encoding with
its own strong ETag and ``Vary: Accept-Encoding`` so no cache hands one encoding to a client that
asked for another. ``tests/test_widget_build.py``
fails when the committed bundle is not what ``widget/src`` builds to. The hosted page gives a
dealer without a website the same configurator on this server, under a strict Content Security
Policy that the widget is built to live with.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from pathlib import Path
from typing import Annotated, Literal

import brotli
from litestar import Response, get
from litestar.params import HeaderParameter

from server.api.openapi import NOT_MODIFIED, errors
from server.errors import ApiError
from server.messages import message
from server.resources import resource

__all__ = ["WIDGET_JS", "Encoding", "WidgetBundle", "chosen_encoding", "etag_matches", "widget_js"]

# The built bundle: the source tree's widget/dist, or the copy installed with the package.
WIDGET_JS = resource("widget", "dist", "venster.js")
CACHE_CONTROL = "public, max-age=300"


Encoding = Literal["br", "gzip", "identity"]


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


class WidgetBundle:
    """The served bytes and ETag per encoding, read again when the file changes (`make widget` in `make run`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._encoded: dict[Encoding, tuple[bytes, str]] = {}

    def current(self) -> tuple[bytes, str]:
        """``(body, etag)``; raises :class:`ApiError` 404 when the file is missing."""
        return self.encoded("identity")

    def encoded(self, encoding: Encoding) -> tuple[bytes, str]:
        """``(body in that encoding, its etag)``: the same bytes compressed, each with an ETag of its own."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            raise ApiError(404, message("http.widget_missing")) from None
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if stamp != self._stamp:
                body = self.path.read_bytes()
                # Compressed once per build, not per request, at the best settings (about 0.2 s);
                # gzip's mtime=0 keeps its bytes (and ETag) stable.
                packed: dict[Encoding, bytes] = {"identity": body, "gzip": gzip.compress(body, 9, mtime=0),
                                                 "br": brotli.compress(body, mode=brotli.MODE_TEXT, quality=11)}
                self._encoded = {name: (data, _etag(data)) for name, data in packed.items()}
                self._stamp = stamp
            return self._encoded[encoding]


_bundle = WidgetBundle(WIDGET_JS)
AcceptEncoding = Annotated[str | None, HeaderParameter(name="Accept-Encoding", required=False,
                                                       description="`br` or `gzip` for a compressed bundle")]
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


def _qualities(accept_encoding: str) -> dict[str, float]:
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
    return quality


def chosen_encoding(accept_encoding: str | None) -> Encoding:
    """The encoding to send for an ``Accept-Encoding`` value (RFC 9110, q-values read).

    Brotli when allowed (named or ``*``, with a q above 0) and liked at least as well as gzip,
    else gzip when allowed, else the plain bundle.
    """
    if not accept_encoding:
        return "identity"
    quality = _qualities(accept_encoding)
    anything = quality.get("*", 0.0)
    br = quality.get("br", anything)
    gz = next((quality[name] for name in ("gzip", "x-gzip") if name in quality), anything)
    if br > 0 and br >= gz:
        return "br"
    return "gzip" if gz > 0 else "identity"


@get("/widget.js", tags=["widget"], sync_to_thread=False, summary="The widget bundle (ETag, 304)",
     media_type="text/javascript", responses={**NOT_MODIFIED, **errors(400, 404)},
     description="The `<venster-configurator>` custom element, brotli- or gzip-compressed as `Accept-Encoding` "
                 "allows (each encoding its own strong ETag). Cacheable; send `If-None-Match` for a 304.")
def widget_js(if_none_match: IfNoneMatch = None, accept_encoding: AcceptEncoding = None) -> Response[bytes]:
    """The bundle (compressed if accepted), or 304 when the browser's copy of that encoding is current."""
    encoding = chosen_encoding(accept_encoding)
    body, etag = _bundle.encoded(encoding)
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "X-Content-Type-Options": "nosniff",
               "Cross-Origin-Resource-Policy": "cross-origin", "Vary": "Accept-Encoding"}
    if etag_matches(if_none_match, etag):
        return Response(b"", status_code=304, headers=headers, media_type="text/javascript")
    if encoding != "identity":
        headers["Content-Encoding"] = encoding
    return Response(body, headers=headers, media_type="text/javascript")
