"""Opening symbols drawn on a pane, the way window makers mark how a sash moves.

Both conventions draw the same shapes: lines start at the two corners on the hinge
side and meet in the middle of the opposite (handle) side, so the apex points to the
handle; a tilt sash (hinged at the bottom) gets an apex at the top, a top-hung sash
an apex at the bottom, a tilt-turn sash both triangles. Sliding leaves get an arrow
in the direction of travel, fixed glazing a small letter. What differs is the view
(VKG: outside, DIN: inside) and therefore the line style: a sash that opens towards
the viewer is drawn solid, one that opens away from the viewer dashed (VKG: outward
solid, inward dashed).
"""

from __future__ import annotations

from renderer.geometry import Box, Leaf
from renderer.markup import path, polygon, text

__all__ = ["fixed_mark", "leaf_symbol", "opens_towards_viewer"]


def opens_towards_viewer(direction: str | None, view: str) -> bool:
    """Whether a sash opening ``direction`` swings towards someone looking from ``view``."""
    return (direction == "outward") == (view == "outside")


# The data-symbol names by hinge side (in view terms), for the widget and for tests.
_KIND = {"left": "turn-hinge-left", "right": "turn-hinge-right", "bottom": "tilt", "top": "top-hung"}


def _apex_lines(g: Box, hinge: str) -> list[tuple[float, float]]:
    # A polyline hinge corner -> apex (middle of the opposite side) -> other hinge corner.
    if hinge == "left":
        return [(g.x, g.y), (g.right, g.cy), (g.x, g.bottom)]
    if hinge == "right":
        return [(g.right, g.y), (g.x, g.cy), (g.right, g.bottom)]
    if hinge == "bottom":
        return [(g.x, g.bottom), (g.cx, g.y), (g.right, g.bottom)]
    return [(g.x, g.y), (g.cx, g.bottom), (g.right, g.y)]  # top-hung


def _arrow(g: Box, towards: str, ink: str, width: float) -> list[str]:
    length = g.w * 0.5
    head = min(max(length * 0.17, width * 6), g.h * 0.3)
    y = g.cy
    start, end = (g.cx - length / 2, g.cx + length / 2)
    if towards == "left":
        start, end = end, start
    sign = 1 if end > start else -1
    shaft_end = end - sign * head * 0.9
    stroke = f'fill="none" stroke="{ink}" stroke-width="{width:.2f}" stroke-linecap="round"'
    tip = [(end, y), (end - sign * head, y - head * 0.45), (end - sign * head, y + head * 0.45)]
    return [f'<g data-symbol="slide-{towards}">', path([(start, y), (shaft_end, y)], stroke),
            polygon(tip, f'fill="{ink}"'), "</g>"]


def leaf_symbol(leaf: Leaf, opening: str, solid: bool, ink: str, width: float) -> list[str]:
    """SVG elements marking how ``leaf`` opens, drawn on its pane in ``ink``."""
    g = leaf.glass
    if leaf.slide is not None:
        return _arrow(g, leaf.slide, ink, width)
    dash = "" if solid else f' stroke-dasharray="{width * 5:.1f} {width * 3.5:.1f}"'
    stroke = f'fill="none" stroke="{ink}" stroke-width="{width:.2f}" stroke-linejoin="miter"{dash}'
    out = []
    if leaf.hinge is not None:
        out.append(path(_apex_lines(g, leaf.hinge), f'data-symbol="{_KIND[leaf.hinge]}" {stroke}'))
    if opening.startswith("tilt-turn"):
        out.append(path(_apex_lines(g, "bottom"), f'data-symbol="tilt" {stroke}'))
    return out


def fixed_mark(g: Box, letter: str, size: float, ink: str, floor: float = 0.0) -> str:
    """The small letter that marks fixed glazing, centred on the pane (never smaller than ``floor``)."""
    size = max(floor, min(size, g.h * 0.35, g.w * 0.8 / max(1, len(letter) * 0.6)))
    return text(g.cx, g.cy + size * 0.36, size, letter, f'data-symbol="fixed" fill="{ink}"')
