"""venster's drawing library: a window spec to SVG, PNG and PDF.

Pure: it knows nothing of catalogs, prices or HTTP and never imports ``server``.
Build a :class:`WindowSpec` (see :mod:`renderer.spec` for the coordinate system and
the left/right conventions) and call :func:`render_svg`, :func:`render_png` or
:func:`render_pdf`.
"""

from __future__ import annotations

from renderer.errors import RenderError
from renderer.raster import (
    DEFAULT_PX,
    MAX_PX,
    MIN_PX,
    clamp_width,
    refuse_url,
    render_png,
    svg_to_pdf,
    svg_to_png,
)
from renderer.sheet import SheetSpec, render_pdf, sheet_svg
from renderer.spec import (
    MAX_SHOWN_PX,
    MIN_SHOWN_PX,
    MIN_TEXT_PX,
    OPENINGS,
    SectionSpec,
    WindowSpec,
    din_handing,
    hinge_side,
)
from renderer.svg import render_svg

__all__ = [
    "DEFAULT_PX",
    "MAX_PX",
    "MAX_SHOWN_PX",
    "MIN_PX",
    "MIN_SHOWN_PX",
    "MIN_TEXT_PX",
    "OPENINGS",
    "RenderError",
    "SectionSpec",
    "SheetSpec",
    "WindowSpec",
    "clamp_width",
    "din_handing",
    "hinge_side",
    "refuse_url",
    "render_pdf",
    "render_png",
    "render_svg",
    "sheet_svg",
    "svg_to_pdf",
    "svg_to_png",
]
