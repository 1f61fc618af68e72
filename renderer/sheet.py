"""The A4 sheet a dealer sends on: header, the drawing scaled to fit, a spec table, footer.

Built as one SVG page in mm and converted to PDF by cairosvg, so the sheet and the
on-screen drawing share every line of drawing code. The renderer has no clock: the
date arrives as text in the :class:`SheetSpec`.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from renderer.checks import check_colour, check_text
from renderer.colour import INK
from renderer.markup import FONT, fmt, line, rect, text, text_width, xml_text
from renderer.raster import svg_to_pdf
from renderer.spec import MAX_SHOWN_PX, MIN_SHOWN_PX, WindowSpec
from renderer.svg import Drawing, draw

__all__ = ["MAX_ROWS", "SheetSpec", "render_pdf", "sheet_svg"]

MAX_ROWS = 30
MARGIN = 14.0
MUTED = "#5b656c"
RULE = "#c9cfd3"
STRIPE = "#f2f4f5"

Short = Annotated[str, Meta(max_length=120)]


class SheetSpec(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What goes on the sheet around the drawing.

    ``rows`` are (label, value) pairs for the specification table, in order (e.g.
    ("Product", "PVC tilt-turn window"), ("Size", "1800 x 1400 mm")). ``dealer`` heads the
    page, ``title`` and ``reference`` and ``date`` (text, e.g. "24 November 2026") sit top
    right, ``note`` in the footer. ``accent`` colours the header rule (the dealer's brand
    colour). ``orientation`` "auto" turns the page landscape for wide drawings.
    """

    rows: Annotated[list[tuple[Short, Annotated[str, Meta(max_length=300)]]],
                    Meta(max_length=MAX_ROWS)] = []
    dealer: Short | None = None
    title: Short | None = None
    reference: Short | None = None
    date: Short | None = None
    # The page line, ready-made: "Pagina 1 van 1", or "Pagina 2 van 3" on a longer document (a quote).
    # None prints no page line (the renderer prints no word of its own).
    page: Short | None = None
    note: Annotated[str, Meta(max_length=300)] | None = None
    accent: Annotated[str, Meta(pattern="^#[0-9a-fA-F]{6}$")] | None = None
    orientation: Literal["portrait", "landscape", "auto"] = "auto"

    def __post_init__(self) -> None:
        if not isinstance(self.rows, list | tuple) or len(self.rows) > MAX_ROWS:
            raise ValueError(f"rows: expected at most {MAX_ROWS} (label, value) pairs")
        for i, row in enumerate(self.rows):
            if not isinstance(row, list | tuple) or len(row) != 2:
                raise ValueError(f"rows[{i}]: expected a (label, value) pair, got {row!r}")
            check_text(f"rows[{i}] label", row[0], 120, optional=False)
            check_text(f"rows[{i}] value", row[1], 300, optional=False)
        for name in ("dealer", "title", "reference", "date", "page"):
            check_text(name, getattr(self, name), 120)
        check_text("note", self.note, 300)
        check_colour("accent", self.accent, optional=True)
        if self.orientation not in ("portrait", "landscape", "auto"):
            raise ValueError(f"orientation: expected portrait, landscape or auto, got {self.orientation!r}")


def _fit(value: str, size: float, room: float) -> str:
    # Truncate rather than overflow: the sheet must never spill off the page.
    if text_width(value, size) <= room:
        return value
    while len(value) > 1 and text_width(value + "…", size) > room:
        value = value[:-1]
    return value.rstrip() + "…"


def _table(rows: list[tuple[str, str]] | tuple[tuple[str, str], ...], x: float, y: float, w: float,
           row_h: float) -> str:
    size = row_h * 0.5
    label_w = w * 0.34
    out = []
    for i, (label, value) in enumerate(rows):
        top = y + i * row_h
        if i % 2 == 0:
            out.append(rect(x, top, w, row_h, f'fill="{STRIPE}"'))
        base = top + row_h * 0.66
        out.append(text(x + 2, base, size, _fit(label, size, label_w - 4), f'fill="{MUTED}"', anchor="start"))
        out.append(text(x + label_w, base, size, _fit(value, size, w - label_w - 2), f'fill="{INK}"',
                        anchor="start"))
    if rows:
        out.append(line(x, y + len(rows) * row_h, x + w, y + len(rows) * row_h,
                        f'stroke="{RULE}" stroke-width="0.3"'))
    return f'<g data-part="table">{"".join(out)}</g>'


def _nested(d: Drawing, x: float, y: float, w: float, h: float) -> str:
    return (f'<svg x="{fmt(x)}" y="{fmt(y)}" width="{fmt(w)}" height="{fmt(h)}" '
            f'viewBox="{fmt(d.x)} {fmt(d.y)} {fmt(d.w)} {fmt(d.h)}" preserveAspectRatio="xMidYMid meet">'
            f"{d.body}</svg>")


# CSS px per mm: a PDF is read at its printed size, so "11 px" there is 11/96 of an inch.
PX_PER_MM = 96 / 25.4


def _shown_px(d: Drawing, box: tuple[float, float, float, float]) -> float:
    """How wide ``d`` comes out in CSS px when fitted into ``box`` (mm), as ``_nested`` places it."""
    scale = min(box[2] / d.w, box[3] / d.h)
    return d.w * scale * PX_PER_MM


def _legible(spec: WindowSpec, d: Drawing, box: tuple[float, float, float, float]) -> Drawing:
    """``d`` redrawn so its text is at least 11 CSS px at the size the sheet prints it.

    Larger text widens the viewBox, which prints the drawing a little smaller: a few rounds,
    each asking for the size the previous one printed at, until the text fits.
    """
    for _ in range(8):
        shown = int(_shown_px(d, box))
        if spec.shown_px is not None and shown >= spec.shown_px:
            return d
        spec = msgspec.structs.replace(spec, shown_px=max(MIN_SHOWN_PX, min(MAX_SHOWN_PX, shown)))
        d = draw(spec)
    return d


def sheet_svg(spec: WindowSpec, sheet: SheetSpec) -> str:
    """The sheet as an SVG page (A4, in mm): what :func:`render_pdf` converts.

    The drawing's text is sized for the size it is printed at (at least 11 CSS px, as on screen).
    """
    d = draw(spec)
    orientation = sheet.orientation
    if orientation == "auto":
        orientation = "landscape" if d.w / d.h > 1.4 else "portrait"
    page_w, page_h = (297.0, 210.0) if orientation == "landscape" else (210.0, 297.0)
    inner_w = page_w - 2 * MARGIN
    accent = (sheet.accent or INK).lower()
    out = [rect(0, 0, page_w, page_h, 'fill="#ffffff"')]

    # Header: dealer on the left, title / reference / date on the right, accent rule below.
    head_base = MARGIN + 6
    if sheet.dealer:
        out.append(text(MARGIN, head_base, 6.2, _fit(sheet.dealer, 6.2, inner_w * 0.5),
                        f'fill="{INK}" font-weight="bold"', anchor="start"))
    right_lines = [(sheet.title, 4.2, INK, ' font-weight="bold"'), (sheet.reference, 3.4, INK, ""),
                   (sheet.date, 3.4, MUTED, "")]
    y = MARGIN + 2.4
    for content, size, colour, weight in right_lines:
        if content:
            y += size * 1.25
            out.append(text(page_w - MARGIN, y, size, _fit(content, size, inner_w * 0.48),
                            f'fill="{colour}"{weight}', anchor="end"))
    rule_y = max(head_base + 4, y + 3)
    out.append(rect(MARGIN, rule_y, inner_w, 0.9, f'fill="{accent}"'))

    # Footer: note left, page right, hairline above.
    foot_y = page_h - MARGIN
    out.append(line(MARGIN, foot_y - 5, page_w - MARGIN, foot_y - 5, f'stroke="{RULE}" stroke-width="0.3"'))
    right_text = sheet.page or ""
    if right_text:
        out.append(text(page_w - MARGIN, foot_y, 2.8, right_text, f'fill="{MUTED}"', anchor="end"))
    if sheet.note:
        room = inner_w - (text_width(right_text, 2.8) + 8 if right_text else 0)
        out.append(text(MARGIN, foot_y, 2.8, _fit(sheet.note, 2.8, room), f'fill="{MUTED}"', anchor="start"))

    # Body: drawing and table share the space between header and footer.
    top, bottom = rule_y + 8, foot_y - 11
    row_h = 6.4
    table_h = len(sheet.rows) * row_h
    if orientation == "landscape" and sheet.rows:
        table_w = 92.0
        draw_box = (MARGIN, top, inner_w - table_w - 10, bottom - top)
        out.append(_table(sheet.rows, page_w - MARGIN - table_w, top, table_w, row_h))
    else:
        draw_h = bottom - top - (table_h + 10 if sheet.rows else 0)
        draw_box = (MARGIN, top, inner_w, draw_h)
        if sheet.rows:
            out.append(_table(sheet.rows, MARGIN, bottom - table_h, inner_w, row_h))
    out.append(_nested(_legible(spec, d, draw_box), *draw_box))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{fmt(page_w)}mm" height="{fmt(page_h)}mm" '
            f'viewBox="0 0 {fmt(page_w)} {fmt(page_h)}" font-family="{FONT}">'
            f"<title>{xml_text(sheet.title or d.title)}</title>{''.join(out)}</svg>\n")


def render_pdf(spec: WindowSpec, sheet: SheetSpec | None = None) -> bytes:
    """A one-page A4 PDF of ``spec`` with the header, table and footer from ``sheet``."""
    return svg_to_pdf(sheet_svg(spec, sheet or SheetSpec()))
