"""The dealer's logo stamped onto PDF pages, kept to a fixed box with its aspect.

The pages are drawn as SVG by cairosvg with a URL fetcher that refuses everything (``data:``
URLs too), which is what keeps a document from ever loading anything. So the logo is not put
into the SVG: it is made a one-image PDF page of its own (Pillow) and laid onto each page
(pypdf), scaled into the box, right-aligned and centred in its height.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Literal

from PIL import Image
from pypdf import PdfReader, PdfWriter, Transformation

__all__ = ["SHEET_LOGO_BOX", "Align", "LogoBox", "stamp_logo"]

_PT_PER_MM = 72 / 25.4
LogoBox = tuple[float, float, float, float]  # x, y from the page's top-left, width, height: mm
Align = Literal["end", "centre"]
# A drawing sheet (the renderer's A4 layout) names the dealer at the left and the product,
# reference and date at the right of its head: the logo goes between them, 50 x 12 mm at most.
SHEET_LOGO_BOX: LogoBox = (80.0, 7.0, 50.0, 12.0)


def _logo_page(png: bytes) -> tuple[PdfReader, float, float]:
    """The logo as a one-page PDF (on white: PDF images have no alpha here) and its size in points."""
    with Image.open(io.BytesIO(png), formats=["PNG"]) as image:
        rgba = image.convert("RGBA")
    flat = Image.new("RGB", rgba.size, "#ffffff")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    out = io.BytesIO()
    flat.save(out, "PDF", resolution=72.0)  # one pixel, one point: the scale below is exact
    reader = PdfReader(io.BytesIO(out.getvalue()))
    box = reader.pages[0].mediabox
    return reader, float(box.width), float(box.height)


def stamp_logo(pdf: bytes, png: bytes, box: LogoBox, pages: Iterable[int] | None = None,
               align: Align = "end") -> bytes:
    """``pdf`` with ``png`` laid into ``box`` on each page of ``pages`` (default: every page).

    The logo keeps its aspect, as large as the box allows, at its right (``end``) or in its middle.
    """
    logo, width_pt, height_pt = _logo_page(png)
    x_mm, y_mm, w_mm, h_mm = box
    scale = min(w_mm * _PT_PER_MM / width_pt, h_mm * _PT_PER_MM / height_pt)
    shown_w, shown_h = width_pt * scale, height_pt * scale
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    wanted = set(range(len(writer.pages)) if pages is None else pages)
    for index, page in enumerate(writer.pages):
        if index not in wanted:
            continue
        page_h = float(page.mediabox.height)
        # Right-aligned (or centred) in the box, centred in its height; PDF counts y from the bottom.
        right = (x_mm + w_mm) * _PT_PER_MM
        left = right - shown_w if align == "end" else (x_mm + w_mm / 2) * _PT_PER_MM - shown_w / 2
        bottom = page_h - (y_mm + h_mm / 2) * _PT_PER_MM - shown_h / 2
        page.merge_transformed_page(logo.pages[0], Transformation().scale(scale, scale).translate(left, bottom))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
