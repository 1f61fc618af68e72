"""Drawings of a configured window: ``drawing.svg|png?c=`` (cacheable) and ``render.svg|png`` (body).

``c`` is the base64url of the configuration's canonical JSON, as in the ``drawing`` URLs of
the evaluate answer. The ETag is known before anything is drawn (catalog version, drawing
code, request), so a browser revalidating its copy costs no rendering at all.

These endpoints are public, so their cost is bounded: PNGs are at most ``MAX_PUBLIC_PX``
wide (a wider request is a 400 naming ``width``, like any out-of-range parameter, rather
than a smaller picture than asked for; the dealer API draws up to the renderer's limit),
rendered bytes are cached by ETag, and each client address may have
``VENSTER_RENDER_RATE_LIMIT`` renders a minute (answers from the cache do not count).
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any, Literal

import msgspec
from litestar import Request, Response, get, post
from litestar.datastructures import State
from litestar.params import JSONBody, QueryParameter

from renderer import MAX_SHOWN_PX, MIN_PX, MIN_SHOWN_PX
from server.api.drawing_cache import public_etag
from server.api.evaluation import field_errors
from server.api.guards import require_json
from server.api.openapi import NOT_MODIFIED, errors
from server.api.params import DealerSlug, LangQuery
from server.api.public import find_dealer, pick_lang
from server.api.render_limit import charge_render
from server.api.widget import IfNoneMatch, etag_matches
from server.drawing import DrawingFormat, View, drawing_etag, render_drawing
from server.engine.configuration import Configuration, canonical_json
from server.engine.evaluate import evaluate
from server.errors import ApiError, FieldError
from server.messages import message
from server.services.catalogs import LoadedCatalog
from server.services.errors import Invalid
from server.services.intake_checks import convert_all

__all__ = ["MAX_PUBLIC_PX", "drawing_png", "drawing_svg", "render_png_body", "render_svg_body"]

MAX_PUBLIC_PX = 2000  # a public PNG wider than this costs a lot and shows nothing a screen needs
MAX_C_CHARS = 8192  # a GET URL stays well under common 16 KB limits; longer ones use POST render

ConfigQuery = Annotated[str, QueryParameter(
    description="base64url (no padding) of the configuration's canonical JSON, as in the evaluate answer",
    min_length=1, max_length=MAX_C_CHARS)]
ViewQuery = Annotated[View | None, QueryParameter(
    description="inside or outside; default the dealer's drawing convention (vkg: outside, din: inside)")]
WidthQuery = Annotated[int, QueryParameter(
    description=f"PNG width in pixels, {MIN_PX}..{MAX_PUBLIC_PX}; wider is a 400 naming `width`",
    ge=MIN_PX, le=MAX_PUBLIC_PX)]
ShownQuery = Annotated[int | None, QueryParameter(
    description=(f"the width in CSS px the SVG is shown at, {MIN_SHOWN_PX}..{MAX_SHOWN_PX}: its text is sized "
                 "to read there (at least 11 px); round it (the widget uses steps of 40) so the cache works"),
    ge=MIN_SHOWN_PX, le=MAX_SHOWN_PX)]
ShownHeightQuery = Annotated[int | None, QueryParameter(
    description=(f"with `w`: the most height in CSS px the SVG may take there, {MIN_SHOWN_PX}..{MAX_SHOWN_PX} "
                 "(a box with a height limit shows a tall drawing narrower than `w`)"),
    ge=MIN_SHOWN_PX, le=MAX_SHOWN_PX)]
BackgroundQuery = Annotated[Literal["white", "transparent"], QueryParameter(description="PNG background")]

_MEDIA = {"svg": "image/svg+xml", "png": "image/png"}
_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # An SVG opened on its own must not run anything; the renderer writes none, this makes sure.
    "Content-Security-Policy": "default-src 'none'; sandbox",
    # Dealers may show the PNG in an <img> on their own site.
    "Cross-Origin-Resource-Policy": "cross-origin",
    "Vary": "Origin",
}
CACHE_CONTROL = "public, max-age=3600"


def decode_c(c: str) -> Configuration:
    """The configuration in a ``c`` parameter; 400 naming ``c`` when it is not base64url JSON, 422 for its fields."""
    try:
        raw = base64.urlsafe_b64decode(c + "=" * (-len(c) % 4))
        data: Any = msgspec.json.decode(raw)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise ApiError(400, message("http.c_not_base64"),
                       [FieldError(field="c", message=message("http.c_expected_base64"))]) from None
    if not isinstance(data, dict):
        raise ApiError(422, message("http.c_not_object"),
                       [FieldError(field="c", message=message("http.expected_object"))])
    config, errors = convert_all(data, Configuration, "c")
    if errors:
        raise Invalid(errors, code="drawing.configuration.shape")
    return config


def _valid(loaded: LoadedCatalog, config: Configuration, lang: str, prefix: str) -> Configuration:
    """The normalised configuration, or 422 with the engine's field errors: only real windows are drawn."""
    result = evaluate(loaded.compiled, config, lang)
    if not result.valid:
        raise ApiError(422, message("http.not_a_window"),
                       field_errors(result.errors, lang, loaded.catalog.dealer.length_units, prefix))
    return result.configuration


def _answer(body: bytes | None, fmt: DrawingFormat, etag: str, cache: str) -> Response[bytes]:
    headers = {**_HEADERS, "ETag": etag, "Cache-Control": cache}
    if body is None:
        return Response(b"", status_code=304, headers=headers, media_type=_MEDIA[fmt])
    return Response(body, headers=headers, media_type=_MEDIA[fmt])


def _rendered(request: Request, state: State, loaded: LoadedCatalog, config: Configuration, etag: str,
              fmt: DrawingFormat, lang: str, view: View | None, width: int | None, transparent: bool,
              shown: tuple[int | None, int | None] = (None, None)) -> bytes:
    """From the cache when this ETag was drawn before (free), else counted against the client's limit and drawn."""
    cache = state.render_cache
    body = cache.get(etag)
    if body is None:
        charge_render(request, state)
        body = render_drawing(loaded.compiled, config, lang, fmt, width_px=width, view=view, transparent=transparent,
                              shown_px=shown[0], shown_height_px=shown[1])
        cache.put(etag, body)
    return body


def _shown_key(shown: tuple[int | None, int | None]) -> tuple[str, ...]:
    # The shown size joins the ETag only when given, so the ETags of older links stay as they were.
    w, h = shown
    return () if w is None else (f"w={w}",) if h is None else (f"w={w}", f"h={h}")


def _get(request: Request, state: State, dealer: str, c: str, fmt: DrawingFormat, lang: str | None,
         view: View | None, if_none_match: str | None, width: int | None = None,
         transparent: bool = False, shown: tuple[int | None, int | None] = (None, None)) -> Response[bytes]:
    loaded = find_dealer(state, dealer)
    chosen = pick_lang(loaded, lang)
    # The configurator's inline SVG (unsized) has this ETag too.
    etag = public_etag(loaded, fmt, c, chosen, view, width, transparent, *_shown_key(shown))
    if etag_matches(if_none_match, etag):
        return _answer(None, fmt, etag, CACHE_CONTROL)
    config = _valid(loaded, decode_c(c), chosen, "c")
    body = _rendered(request, state, loaded, config, etag, fmt, chosen, view, width, transparent, shown)
    return _answer(body, fmt, etag, CACHE_CONTROL)


def _post(request: Request, state: State, dealer: str, data: Configuration, fmt: DrawingFormat, lang: str | None,
          view: View | None, width: int | None = None, transparent: bool = False,
          shown: tuple[int | None, int | None] = (None, None)) -> Response[bytes]:
    loaded = find_dealer(state, dealer)
    chosen = pick_lang(loaded, lang)
    config = _valid(loaded, data, chosen, "")
    etag = drawing_etag(loaded.version, fmt, canonical_json(config), chosen, view, width, transparent,
                        *_shown_key(shown))
    body = _rendered(request, state, loaded, config, etag, fmt, chosen, view, width, transparent, shown)
    return _answer(body, fmt, etag, "no-store")


@get("/api/v1/dealers/{dealer:str}/drawing.svg", tags=["widget"], sync_to_thread=True,
     media_type="image/svg+xml", responses={**NOT_MODIFIED, **errors(400, 404, 422, 429)},
     summary="The drawing of a configuration as SVG (ETag, 304, cacheable)",
     description="Only a valid configuration is drawn; an invalid one is a 422 naming its fields.")
def drawing_svg(request: Request, state: State, dealer: DealerSlug, c: ConfigQuery, lang: LangQuery = None,
                view: ViewQuery = None, if_none_match: IfNoneMatch = None, w: ShownQuery = None,
                h: ShownHeightQuery = None) -> Response[bytes]:
    """SVG with a viewBox in mm, presentation attributes only, ``data-section`` on every section."""
    return _get(request, state, dealer, c, "svg", lang, view, if_none_match, shown=(w, h if w else None))


@get("/api/v1/dealers/{dealer:str}/drawing.png", tags=["widget"], sync_to_thread=True,
     media_type="image/png", responses={**NOT_MODIFIED, **errors(400, 404, 422, 429)},
     summary="The drawing of a configuration as PNG (ETag, 304, cacheable)")
def drawing_png(request: Request, state: State, dealer: DealerSlug, c: ConfigQuery, width: WidthQuery = 800,
                background: BackgroundQuery = "white", lang: LangQuery = None, view: ViewQuery = None,
                if_none_match: IfNoneMatch = None) -> Response[bytes]:
    """PNG at ``width`` pixels (lowered when a very tall window would exceed the pixel limit)."""
    return _get(request, state, dealer, c, "png", lang, view, if_none_match, width, background == "transparent")


@post("/api/v1/dealers/{dealer:str}/render.svg", tags=["widget"], guards=[require_json], sync_to_thread=True,
      status_code=200, media_type="image/svg+xml", responses=errors(400, 404, 413, 415, 422, 429),
      summary="The drawing of a configuration in the body, as SVG")
def render_svg_body(request: Request, state: State, dealer: DealerSlug, data: JSONBody[Configuration],
                    lang: LangQuery = None, view: ViewQuery = None, w: ShownQuery = None,
                    h: ShownHeightQuery = None) -> Response[bytes]:
    """For configurations too long for a URL."""
    return _post(request, state, dealer, data, "svg", lang, view, shown=(w, h if w else None))


@post("/api/v1/dealers/{dealer:str}/render.png", tags=["widget"], guards=[require_json], sync_to_thread=True,
      status_code=200, media_type="image/png", responses=errors(400, 404, 413, 415, 422, 429),
      summary="The drawing of a configuration in the body, as PNG")
def render_png_body(request: Request, state: State, dealer: DealerSlug, data: JSONBody[Configuration],
                    width: WidthQuery = 800, background: BackgroundQuery = "white", lang: LangQuery = None,
                    view: ViewQuery = None) -> Response[bytes]:
    """For configurations too long for a URL."""
    return _post(request, state, dealer, data, "png", lang, view, width, background == "transparent")
