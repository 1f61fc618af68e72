"""SVG to PNG and PDF through cairosvg, with every URL refused and pixel sizes bounded.

cairosvg would otherwise read files and URLs that an SVG names (images, stylesheets,
``<use>`` targets). Our own drawings name none, but the converters here also take
arbitrary SVG text, so they pass a fetcher that refuses everything, keep cairosvg's
``unsafe=False`` (no XML entities, no huge trees), and never allocate a bitmap larger
than ``MAX_PX`` on a side.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, NoReturn

from cairosvg.parser import Tree
from cairosvg.surface import PDFSurface, PNGSurface
from PIL import Image

from renderer.errors import RenderError
from renderer.png import encode_png
from renderer.spec import WindowSpec
from renderer.svg import document, draw

__all__ = [
    "DEFAULT_PX",
    "MAX_PX",
    "MIN_PX",
    "Background",
    "clamp_width",
    "refuse_url",
    "render_png",
    "svg_to_pdf",
    "svg_to_png",
]

MIN_PX = 16
MAX_PX = 4000
DEFAULT_PX = 800
MIN_DPI, MAX_DPI = 10, 1200
MM_PER_INCH = 25.4
# The SVG's width/height state the drawing at 1:10, so dpi is about that printed size.
PRINT_SCALE = 10

Background = Literal["white", "transparent"]
_BACKGROUNDS = {"white": "#ffffff", "transparent": None}


def refuse_url(url: str, resource_type: str) -> NoReturn:
    """A cairosvg ``url_fetcher`` that fetches nothing: every URL raises :class:`RenderError`.

    cairosvg 2.9 calls it as ``url_fetcher(url, resource_type)`` for images, external
    ``<use>`` targets and stylesheets (``data:`` URLs included).
    """
    raise RenderError(f"external resources are not allowed in drawings (asked for {url[:80]!r})")


def _check_px(name: str, value: object, low: int = MIN_PX) -> int:
    if type(value) is not int or not low <= value <= MAX_PX:
        raise RenderError(f"{name}: expected whole pixels from {low} to {MAX_PX}, got {value!r}")
    return value


def _guard(work: Callable[[], bytes]) -> bytes:
    try:
        return work()
    except RenderError:
        raise
    except Exception as exc:  # cairosvg raises parser, cairo and value errors alike
        raise RenderError(f"cannot render this SVG: {type(exc).__name__}: {exc}") from exc


def _rasterise(svg: str, width: int, height: int, background: str | None) -> bytes:
    # cairosvg's own PNG output spends most of its time in libpng's filter search; we
    # take the pixels from its cairo surface instead and encode them ourselves.
    tree = Tree(bytestring=svg.encode("utf-8"), url_fetcher=refuse_url, unsafe=False)
    surface = PNGSurface(tree, None, 96, output_width=width, output_height=height,
                         background_color=background)
    image = surface.cairo
    image.flush()
    w, h, stride = image.get_width(), image.get_height(), image.get_stride()
    # cairo stores native-endian premultiplied ARGB: B, G, R, A in memory here.
    raw = bytes(image.get_data())
    surface.finish()
    if background is None:
        pixels = Image.frombuffer("RGBA", (w, h), raw, "raw", "BGRa", stride, 1).tobytes()
        return encode_png(pixels, w, h, 4)
    pixels = Image.frombuffer("RGB", (w, h), raw, "raw", "BGRX", stride, 1).tobytes()
    return encode_png(pixels, w, h, 3)


def svg_to_png(svg: str, *, width_px: int, height_px: int, background: Background = "white") -> bytes:
    """Rasterise an SVG document to a PNG of exactly ``width_px`` x ``height_px`` pixels.

    Both sizes are required and at most ``MAX_PX`` (else :class:`RenderError`),
    so memory is bounded whatever the SVG claims its size is. External resources are
    refused: an SVG that names one raises :class:`RenderError`.
    """
    _check_px("width_px", width_px, 1)
    _check_px("height_px", height_px, 1)
    if background not in _BACKGROUNDS:
        raise RenderError(f"background: expected 'white' or 'transparent', got {background!r}")
    return _guard(lambda: _rasterise(svg, width_px, height_px, _BACKGROUNDS[background]))


def svg_to_pdf(svg: str) -> bytes:
    """Convert an SVG document to a one-page PDF at the size its width/height state.

    External resources are refused, as in :func:`svg_to_png`.
    """
    def convert() -> bytes:
        out = PDFSurface.convert(bytestring=svg.encode("utf-8"), url_fetcher=refuse_url, unsafe=False)
        assert isinstance(out, bytes)
        return out
    return _guard(convert)


def clamp_width(width_px: int | None, spec: WindowSpec | None = None) -> int:
    """A safe PNG width for a requested one: never raises.

    ``None`` gives ``DEFAULT_PX``; others are clamped to ``MIN_PX..MAX_PX``. With a
    ``spec`` the width is also lowered so the picture is at most ``MAX_PX`` tall.
    Servers call it on a query parameter before :func:`render_png`.
    """
    width = DEFAULT_PX if width_px is None else max(MIN_PX, min(MAX_PX, int(width_px)))
    if spec is not None:
        d = draw(spec)
        width = min(width, int(MAX_PX * d.w / d.h))
        width = max(width, MIN_PX)
    return width


def render_png(spec: WindowSpec, width_px: int | None = None, dpi: int | None = None,
               background: Background = "white") -> bytes:
    """The drawing of ``spec`` as PNG.

    Give ``width_px`` (``MIN_PX..MAX_PX``), or ``dpi`` to print the 1:10 drawing at that
    resolution, or neither for ``DEFAULT_PX``. Out-of-range requests, including a
    height above ``MAX_PX``, raise :class:`RenderError`; see :func:`clamp_width`.
    ``background`` is ``"white"`` or ``"transparent"``.
    """
    d = draw(spec)
    if width_px is not None and dpi is not None:
        raise RenderError("give width_px or dpi, not both")
    if dpi is not None:
        if type(dpi) is not int or not MIN_DPI <= dpi <= MAX_DPI:
            raise RenderError(f"dpi: expected a whole number from {MIN_DPI} to {MAX_DPI}, got {dpi!r}")
        width_px = round(d.w / PRINT_SCALE / MM_PER_INCH * dpi)
        if not MIN_PX <= width_px <= MAX_PX:
            raise RenderError(f"dpi: at {dpi} dpi the drawing would be {width_px} px wide; "
                              f"the limit is {MIN_PX}..{MAX_PX} px")
    width = _check_px("width_px", DEFAULT_PX if width_px is None else width_px)
    height = round(width * d.h / d.w)
    if height > MAX_PX:
        raise RenderError(f"width_px: {width} px wide makes this drawing {height} px tall; "
                          f"the limit is {MAX_PX} px (at most {int(MAX_PX * d.w / d.h)} px wide)")
    return svg_to_png(document(d), width_px=width, height_px=max(height, 1), background=background)
