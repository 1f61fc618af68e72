"""The dealer's logo, public: ``GET /api/v1/dealers/{dealer}/logo`` (the widget, the pages and the e-mails link it).

One URL per dealer, the bytes stored at upload (re-encoded, or sanitised for SVG), with a
strong ETag (their hash) and a 304 for ``If-None-Match``. ``nosniff`` keeps a browser from
reading the bytes as anything but the stored type, and an SVG opened on its own at this URL
gets a policy that runs nothing and loads nothing (``default-src 'none'``), even if the
sanitiser had missed something. A dealer without a stored logo is a 404 (a catalog's
``logo_url`` is an address elsewhere, not served here).
"""

from __future__ import annotations

from typing import Annotated

from litestar import Response, get
from litestar.datastructures import State
from litestar.di import Provide
from litestar.params import QueryParameter

from server.api.openapi import NOT_MODIFIED, errors
from server.api.params import DealerSlug
from server.api.public import find_dealer
from server.api.widget import IfNoneMatch, etag_matches
from server.errors import ApiError
from server.messages import message
from server.services.branding import logo_file
from server.web_shared import Db, provide_db

__all__ = ["LOGO_CSP", "dealer_logo", "stored_image"]

CACHE_CONTROL = "public, max-age=300"
LOGO_CSP = "default-src 'none'; style-src 'unsafe-inline'"
VersionQuery = Annotated[str | None, QueryParameter(
    max_length=64, description="The logo's version as the configurator answer's `logo_url` writes it; only makes "
                               "a new logo a new URL for caches (any value gets the current logo)")]


@get("/api/v1/dealers/{dealer:str}/logo", tags=["widget"], sync_to_thread=True, media_type="image/png",
     dependencies={"db": Provide(provide_db)}, responses={**NOT_MODIFIED, **errors(400, 404)},
     summary="The dealer's logo (ETag, 304)",
     description="PNG, JPEG, WebP or SVG as the dealer uploaded it (checked and re-encoded; an SVG sanitised), "
                 "`Content-Type` the stored type, a strong `ETag`, `X-Content-Type-Options: nosniff`; an SVG also "
                 f"`Content-Security-Policy: {LOGO_CSP}`. 404 when the dealer has no logo stored.")
def dealer_logo(state: State, dealer: DealerSlug, db: Db, if_none_match: IfNoneMatch = None,
                v: VersionQuery = None) -> Response[bytes]:
    """The stored logo, or 304 when the browser's copy is current; 404 for a dealer without one."""
    loaded = find_dealer(state, dealer)
    stored = logo_file(db, loaded.slug)
    if stored is None:
        raise ApiError(404, message("http.no_logo", {"dealer": loaded.slug}))
    return stored_image(stored.body, stored.media_type, stored.etag, if_none_match)


def stored_image(body: bytes, media_type: str, etag: str, if_none_match: str | None,
                 cache_control: str = CACHE_CONTROL) -> Response[bytes]:
    """A checked, stored image (a logo, an option value's picture) with its ETag; 304 when the copy is current.

    Served to other origins' pages (the widget), never sniffed, and an SVG under a policy that runs nothing.
    """
    quoted = f'"{etag}"'
    headers = {"ETag": quoted, "Cache-Control": cache_control, "X-Content-Type-Options": "nosniff",
               "Cross-Origin-Resource-Policy": "cross-origin"}
    if media_type == "image/svg+xml":
        headers["Content-Security-Policy"] = LOGO_CSP
    if etag_matches(if_none_match, quoted):
        return Response(b"", status_code=304, headers=headers, media_type=media_type)
    return Response(body, headers=headers, media_type=media_type)
