"""The elevation drawing: a window spec to a self-contained, CSP-safe SVG.

The drawing is at real size in mm (the viewBox), with margins for dimension lines.
Only presentation attributes are used (no ``style``, no ids, no references, no
scripts), so it can be inlined any number of times into a page with a strict CSP.
The same spec always gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from renderer.colour import INK, contrast_ink, mix, outline_for
from renderer.dimensions import horizontal_chain, vertical_chain
from renderer.geometry import Box, Layout, SectionLayout, layout
from renderer.handles import handle
from renderer.markup import FONT, attr, fmt, polygon, rect, text, text_width, xml_text
from renderer.spec import MIN_TEXT_PX, WindowSpec
from renderer.symbols import fixed_mark, leaf_symbol, opens_towards_viewer

__all__ = ["DEFAULT_GLASS", "Drawing", "document", "draw", "render_svg"]

DEFAULT_GLASS = "#d4e5ee"
GLAZING_BAR_MM = 26.0
SILL_OVERHANG_MM = 25.0
CAPTION_INK = "#4b555c"


@dataclass(frozen=True, slots=True)
class Drawing:
    """A drawing's elements without the root element, and the viewBox they need (mm)."""

    body: str
    x: float
    y: float
    w: float
    h: float
    title: str
    desc: str
    lang: str = "en"


@dataclass(frozen=True, slots=True)
class _Pen:
    """Sizes and colours shared by every part of one drawing."""

    face: str
    outline: str
    line: float
    text: float
    # The smallest font size any text may have (user units), so it reads at the width shown; 0: none.
    floor: float = 0.0


def _clip_band(g: Box, lo: float, hi: float) -> list[tuple[float, float]]:
    """The part of ``g`` between the 45-degree lines x + y = lo and x + y = hi."""
    pts = [(g.x, g.y), (g.right, g.y), (g.right, g.bottom), (g.x, g.bottom)]
    # Sutherland-Hodgman against two half-planes: x + y >= lo, then x + y <= hi.
    for c, sign in ((lo, 1.0), (hi, -1.0)):
        out: list[tuple[float, float]] = []
        for i, p in enumerate(pts):
            q = pts[i - 1]
            dp, dq = sign * (p[0] + p[1] - c), sign * (q[0] + q[1] - c)
            if (dp >= 0) != (dq >= 0):
                t = dq / (dq - dp)
                out.append((q[0] + (p[0] - q[0]) * t, q[1] + (p[1] - q[1]) * t))
            if dp >= 0:
                out.append(p)
        pts = out
        if not pts:
            break
    return pts


def _reflection(g: Box) -> str:
    # Two faint diagonal streaks, the usual shorthand for "this is glass".
    base, span = g.x + g.y, g.w + g.h
    out = []
    for a, b, opacity in ((0.16, 0.29, "0.35"), (0.33, 0.37, "0.3")):
        pts = _clip_band(g, base + a * span, base + b * span)
        if len(pts) >= 3:
            out.append(polygon(pts, f'fill="#ffffff" fill-opacity="{opacity}"'))
    return "".join(out)


def _glazing_bars(g: Box, rows: int, columns: int, pen: _Pen) -> str:
    if not rows and not columns:
        return ""
    # Bars never eat more than a third of the glass, however many are asked for.
    bw = min(GLAZING_BAR_MM, g.w / (3 * (columns + 1)), g.h / (3 * (rows + 1)))
    paint = f'fill="{pen.face}" stroke="{pen.outline}" stroke-width="{pen.line * 0.6:.2f}"'
    out = [rect(g.x, g.y + g.h * (i + 1) / (rows + 1) - bw / 2, g.w, bw, paint) for i in range(rows)]
    out += [rect(g.x + g.w * (i + 1) / (columns + 1) - bw / 2, g.y, bw, g.h, paint) for i in range(columns)]
    return f'<g data-part="glazing-bars">{"".join(out)}</g>'


def _mitres(outer: Box, inner: Box, pen: _Pen) -> str:
    # Welded profile corners: a short line from each outer corner to the inner one.
    corners = ((outer.x, outer.y, inner.x, inner.y), (outer.right, outer.y, inner.right, inner.y),
               (outer.right, outer.bottom, inner.right, inner.bottom),
               (outer.x, outer.bottom, inner.x, inner.bottom))
    d = "".join(f"M{fmt(a)} {fmt(b)}L{fmt(c)} {fmt(e)}" for a, b, c, e in corners)
    return f'<path d="{d}" fill="none" stroke="{pen.outline}" stroke-width="{pen.line * 0.6:.2f}"/>'


def _pane(g: Box, sec: SectionLayout, pen: _Pen) -> tuple[str, str]:
    """The glass or panel filling ``g``, and the colour symbols are drawn on."""
    s = sec.spec
    border = f'stroke="{pen.outline}" stroke-width="{pen.line:.2f}"'
    if s.fill == "panel":
        colour = (s.panel_colour or pen.face).lower()
        inner = g.inset(min(20.0, g.w / 8, g.h / 8))
        return (rect(*g, f'fill="{colour}" {border}')
                + rect(*inner, f'fill="none" stroke="{outline_for(colour)}" '
                                f'stroke-width="{pen.line * 0.5:.2f}"'), colour)
    colour = (s.glass_tint or DEFAULT_GLASS).lower()
    body = rect(*g, f'fill="{colour}" {border}') + _reflection(g)
    return body + _glazing_bars(g, s.bars_rows, s.bars_columns, pen), colour


def _section(spec: WindowSpec, lay: Layout, sec: SectionLayout, pen: _Pen) -> str:
    s = sec.spec
    out = [f'<g data-section="{attr(s.id)}" data-opening="{s.opening}">']
    solid = opens_towards_viewer(s.direction, lay.view)
    symbol_w = pen.line * 0.85
    ground = DEFAULT_GLASS
    if not sec.leaves:
        body, ground = _pane(sec.opening, sec, pen)
        out.append(body)
        if s.fill == "glass" and spec.fixed_mark:
            g = sec.opening
            if s.name and _name_upright(s.name, g, g.w, pen):
                # The name reads up the glass's left edge: the mark centres in the room beside it.
                aside = _name_size(g, pen) * 1.4
                g = Box(g.x + aside, g.y, g.w - aside, g.h)
            out.append(fixed_mark(g, spec.fixed_mark, pen.text * 0.9, contrast_ink(ground), pen.floor))
    for leaf in sec.leaves:
        out.append(rect(*leaf.sash, f'fill="{pen.face}" stroke="{pen.outline}" '
                                    f'stroke-width="{pen.line:.2f}"'))
        out.append(_mitres(leaf.sash, leaf.glass, pen))
        body, ground = _pane(leaf.glass, sec, pen)
        out.append(body)
        out.extend(leaf_symbol(leaf, s.opening, solid, contrast_ink(ground), symbol_w))
    for leaf in sec.leaves:
        if leaf.handle is not None:
            out.append(handle(leaf.handle, spec.handle_colour.lower(), outline_for(spec.handle_colour),
                              pen.line * 0.6))
    if s.name:
        out.append(_pane_name(s.name, sec.panes[0], sec.opening.w, pen, contrast_ink(ground)))
    # The section's label (a position number, DIN handing) arrives as text in the spec.
    caption = s.label or ""
    if caption:
        g = sec.panes[-1]
        size = max(pen.floor, min(pen.text * 0.7, g.h * 0.12))
        room = g.w * 0.9
        if text_width(caption, size) > room:
            size = max(size * room / text_width(caption, size), pen.text * 0.3, pen.floor)
        while len(caption) > 1 and text_width(caption, size) > room:
            caption = caption[:-2] + "…"
        out.append(text(g.cx, g.bottom - size * 0.6, size, caption, f'fill="{contrast_ink(ground)}"'))
    out.append("</g>")
    return "".join(out)


def _shortened(content: str, size: float, room: float) -> str:
    # Cut with an ellipsis rather than shrink below legibility or spill over the pane.
    while len(content) > 1 and text_width(content, size) > room:
        content = content[:-2] + "…"
    return content


def _pane_name(name: str, g: Box, room: float, pen: _Pen, ink: str) -> str:
    """The section's name at the top of its pane ``g``, so the picture names what the words name.

    It may reach over the sash to ``room`` (the frame opening's width). A narrow pane gets it on
    two lines ("Left" / "section"), one ``<text>`` each, rather than cut.
    """
    size = _name_size(g, pen)
    paint = f'data-part="pane-name" fill="{ink}"'
    if _name_upright(name, g, room, pen):
        # A tall narrow pane (a phone, three lights side by side): the name reads bottom-up
        # along the left edge of its glass, like the vertical dimension texts.
        return text(g.x + size * 1.1, g.cy, size, name, paint, rotate=True)
    lines = _wrapped(name, size, room * 0.96, most=2)
    return "".join(text(g.cx, g.y + size * (1.2 + 1.15 * i), size, line, paint) for i, line in enumerate(lines))


def _name_size(g: Box, pen: _Pen) -> float:
    return max(pen.floor, min(pen.text * 0.7, g.h * 0.12))


def _name_upright(name: str, g: Box, room: float, pen: _Pen) -> bool:
    """Whether a pane's name reads bottom-up: it fits the tall pane only that way, uncut."""
    size = _name_size(g, pen)
    return (_cut(_wrapped(name, size, room * 0.96, most=2), name) and g.h > g.w
            and text_width(name, size) <= g.h * 0.9)


def _cut(lines: list[str], content: str) -> bool:
    """Whether wrapping had to cut ``content`` (an ellipsis it did not have)."""
    return any(line.endswith("…") for line in lines) and not content.endswith("…")


def _wrapped(content: str, size: float, room: float, sep: str = " · ", most: int = 4) -> list[str]:
    """``content`` in at most ``most`` lines of at most ``room`` wide: broken after ``sep`` first,
    then between words; what still does not fit is cut with an ellipsis."""
    lines: list[str] = []
    for part in content.split(sep):
        if lines and text_width(f"{lines[-1]}{sep}{part}", size) <= room:
            lines[-1] = f"{lines[-1]}{sep}{part}"
            continue
        line = ""
        for word in part.split(" "):
            joined = f"{line} {word}" if line else word
            if line and text_width(joined, size) > room:
                lines.append(line)
                line = word
            else:
                line = joined
        lines.append(line)
    if len(lines) > most:
        lines = [*lines[:most - 1], " ".join(lines[most - 1:])]
    return [_shortened(line, size, room) for line in lines]


def _sill(spec: WindowSpec, pen: _Pen) -> tuple[str, float]:
    # Seen level, a sloped sill shows its top surface foreshortened (about 6 degrees
    # of fall, so a tenth of its depth) above its nose; both are drawn.
    top = spec.sill_depth_mm * 0.105
    nose = 28.0
    x0, x1, y0 = -SILL_OVERHANG_MM, spec.width_mm + SILL_OVERHANG_MM, float(spec.height_mm)
    sill = spec.sill_colour.lower()
    paint = f'stroke="{outline_for(sill)}" stroke-width="{pen.line * 0.8:.2f}"'
    lit = mix(sill, "#ffffff", 0.45)
    surface = rect(x0, y0, x1 - x0, top, f'fill="{lit}" {paint}')
    front = rect(x0, y0 + top, x1 - x0, nose, f'fill="{sill}" {paint}')
    body = f'<g data-part="sill">{surface}{front}</g>'
    return body, top + nose


def _dimensions(spec: WindowSpec, lay: Layout, bottom: float, right: float,
                pen: _Pen) -> tuple[list[str], float, float]:
    """Chain (when there is more than one field) and overall rows below and to the right.

    Returns the elements and the positions of the outermost rows.
    """
    t, thin, floor = pen.text, pen.line * 0.55, pen.floor
    out = []
    row = bottom + 1.9 * t
    if len(lay.x_edges) > 2:
        out.append(horizontal_chain(lay.x_edges, row, bottom, t * 0.8, INK, thin, spec.length_text, floor))
        row += 1.6 * t
    out.append(horizontal_chain((0, lay.width), row, bottom, t, INK, thin, spec.length_text, floor))
    col = right + 1.9 * t
    if len(lay.y_edges) > 2:
        out.append(vertical_chain(lay.y_edges, col, right, t * 0.8, INK, thin, spec.length_text, floor))
        col += 1.6 * t
    out.append(vertical_chain((0, lay.height), col, right, t, INK, thin, spec.length_text, floor))
    return out, row, col


def draw(spec: WindowSpec) -> Drawing:
    """Compose the drawing of ``spec``: the elements and the viewBox (mm) they need.

    With ``spec.shown_px`` every text is at least ``MIN_TEXT_PX`` CSS px at that width. The
    viewBox grows with the text (its margins hold the dimension rows), so the size is found
    by a few rounds: each round's text fits the previous, wider viewBox, and the growth
    shrinks geometrically while the text needs less room than the window (``MIN_SHOWN_PX``).
    """
    d = _compose(spec, 0.0)
    if spec.shown_px is None:
        return d
    floor = 0.0
    for _ in range(40):
        # CSS px per user unit is the smaller of the two fits: text must read at that scale.
        per_px = max(d.w / spec.shown_px, d.h / spec.shown_height_px if spec.shown_height_px else 0.0)
        need = MIN_TEXT_PX * per_px
        if floor - 0.1 >= need:  # sizes are written to 0.1: rounding must not take them under
            break
        floor = need * 1.03  # a little ahead, so the rounds end soon
        d = _compose(spec, floor)
    return d


def _compose(spec: WindowSpec, floor: float) -> Drawing:
    lay = layout(spec)
    W, H = spec.width_mm, spec.height_mm
    big = max(W, H)
    face = spec.colour_outside if lay.view == "outside" else spec.colour_inside
    # The smallest texts (caption, labels) are 0.7 of the pen's: they stay at the floor or above.
    pen = _Pen(face=face.lower(), outline=outline_for(face.lower()), line=max(1.0, big * 0.0015),
               text=max(24.0, big * 0.03, floor / 0.7), floor=floor)
    t = pen.text
    out = ['<g data-part="frame">',
           rect(0, 0, W, H, f'fill="{pen.face}" stroke="{pen.outline}" stroke-width="{pen.line:.2f}"'),
           _mitres(Box(0, 0, W, H), Box(spec.frame_mm, spec.frame_mm, W - 2 * spec.frame_mm,
                                        H - 2 * spec.frame_mm), pen)]
    paint = f'fill="{pen.face}" stroke="{pen.outline}" stroke-width="{pen.line:.2f}"'
    out += [rect(*bar, paint) for bar in lay.bars]
    out.append("</g>")
    out += [_section(spec, lay, sec, pen) for sec in lay.sections]

    bottom, right, left = float(H), float(W), 0.0
    # The outside sill is hidden by the wall when the window is seen from inside.
    if spec.sill and lay.view == "outside":
        body, depth = _sill(spec, pen)
        out.insert(0, body)
        bottom += depth
        right += SILL_OVERHANG_MM
        left -= SILL_OVERHANG_MM
    edge_right = right
    if spec.dimensions:
        rows, bottom, right = _dimensions(spec, lay, bottom, right, pen)
        out += rows
    colour_label = spec.colour_outside_label if lay.view == "outside" else spec.colour_inside_label
    # Without a caption from the caller the line says only what needs no word: the colour's name.
    caption = spec.caption if spec.caption is not None else (colour_label or "")
    cap_size = t * 0.7
    # Shown at a given width, the caption wraps and the title is cut to the drawing's width:
    # text as wide as the viewBox would widen it, and so shrink everything, without end.
    room = right - left if floor else None
    for n, caption_line in enumerate(_wrapped(caption, cap_size, room) if room and caption else [caption]):
        bottom += (1.5 if n == 0 else 1.1) * t
        if caption_line:
            out.append(text(0, bottom, cap_size, caption_line, f'fill="{CAPTION_INK}"', anchor="start"))
    pad = 0.8 * t
    top = -pad
    # Shown small (``room``), a title that does not fit on one line is left out: it stays the SVG's
    # <title> (the page around the drawing names the product) and the window keeps the room.
    if spec.title and (not room or text_width(spec.title, t * 1.1) <= room):
        top -= 1.6 * t
        out.append(text(0, -0.9 * t, t * 1.1, spec.title, f'fill="{INK}" font-weight="bold"', anchor="start"))
        right = max(right, text_width(spec.title, t * 1.1))
    right = max(right, 0 if room else text_width(caption, cap_size), edge_right)
    x0, y0 = left - pad, top
    title = spec.title or f"{W} × {H} mm"
    desc = spec.description if spec.description is not None else f"{W} × {H} mm"
    # Rounded here, once, so the SVG and the PNG size computed from it agree exactly.
    x, y, w, h = (round(v, 1) for v in (x0, y0, right + 1.4 * pad - x0, bottom + pad * 0.6 - y0))
    return Drawing("".join(out), x, y, w, h, title, desc, spec.lang)


def render_svg(spec: WindowSpec) -> str:
    """The drawing of ``spec`` as a standalone SVG document (UTF-8 text).

    The viewBox is in mm at real size; ``width``/``height`` state the drawing at scale
    1:10 in mm, a sensible default size wherever the SVG is shown as it is.
    """
    return document(draw(spec))


def document(d: Drawing) -> str:
    """Wrap a :class:`Drawing` in its root ``<svg>`` element, with title, description and language."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{fmt(d.x)} {fmt(d.y)} {fmt(d.w)} {fmt(d.h)}" '
            f'width="{fmt(d.w / 10)}mm" height="{fmt(d.h / 10)}mm" role="img" lang="{attr(d.lang)}" '
            f'font-family="{FONT}">'
            f"<title>{xml_text(d.title)}</title><desc>{xml_text(d.desc)}</desc>{d.body}</svg>\n")
