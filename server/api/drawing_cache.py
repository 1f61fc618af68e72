"""The public drawings' ETag and rendered bytes, shared by ``drawing.svg`` and the configurator answer.

``GET .../configurator?evaluation=true`` carries the first drawing inline (``drawing_svg``), so
the widget's first picture needs no request of its own. That text must be the very bytes the
evaluation's drawing URL answers: both go through :func:`public_etag` (the URL's ETag) and the
same :class:`server.render_cache.RenderCache` entry, so whichever is asked first draws it and the
other answers from the cache.
"""

from __future__ import annotations

from litestar.datastructures import State

from server.drawing import DrawingFormat, View, drawing_etag, render_drawing
from server.engine.configuration import Configuration
from server.services.catalogs import LoadedCatalog

__all__ = ["inline_svg", "public_etag"]


def public_etag(loaded: LoadedCatalog, fmt: DrawingFormat, c: str, lang: str, view: View | None,
                width: int | None = None, transparent: bool = False, *shown: str) -> str:
    """The strong ETag of ``drawing.<fmt>?c=<c>&lang=<lang>[&view=]`` (a PNG's width and background; the
    size an SVG is shown at, ``w=``/``h=``, when given)."""
    return drawing_etag(loaded.version, fmt, c, lang, view, width, transparent, *shown)


def inline_svg(state: State, loaded: LoadedCatalog, config: Configuration, c: str, lang: str,
               view: View | None) -> str:
    """The SVG ``drawing.svg?c=<c>&lang=<lang>[&view=]`` answers, from the render cache or drawn into it.

    ``config`` is the normalised configuration ``c`` encodes (a valid evaluation's). Not charged to
    the client's render limit: the configurator only ever draws the first product's defaults, one
    drawing per catalog version, language and view, so a client cannot make it draw more.
    """
    etag = public_etag(loaded, "svg", c, lang, view)
    body = state.render_cache.get(etag)
    if body is None:
        body = render_drawing(loaded.compiled, config, lang, "svg", width_px=None, view=view, transparent=False)
        state.render_cache.put(etag, body)
    return body.decode()
