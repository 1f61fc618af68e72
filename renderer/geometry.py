"""Where everything goes: the window laid out in the coordinates of the chosen view.

The spec speaks in outside-view coordinates and inside-view handing; this module
turns both into one frame of reference, the drawing's own, so the rest of the
renderer never thinks about mirroring again. All lengths are mm.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from renderer.spec import SectionSpec, WindowSpec, hinge_side, slide_direction

__all__ = ["Box", "HandleSpot", "Layout", "Leaf", "SectionLayout", "layout"]

Side = Literal["left", "right", "top", "bottom"]

# Door leaves carry their handle at the usual lock height, windows in the middle.
DOOR_LEAF_MM = 1800
HANDLE_HEIGHT_MM = 1050


class Box(NamedTuple):
    """An axis-aligned rectangle: top-left corner, width and height."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def inset(self, d: float) -> Box:
        """The box shrunk by ``d`` on every side."""
        return Box(self.x + d, self.y + d, self.w - 2 * d, self.h - 2 * d)


class HandleSpot(NamedTuple):
    """Where a handle's spindle sits, which way its lever points when closed, and its length."""

    x: float
    y: float
    lever: Literal["down", "left"]
    length: float = 125.0


@dataclass(frozen=True, slots=True)
class Leaf:
    """One sash: its outer edge, its glass (or panel) and how it moves, in view terms."""

    sash: Box
    glass: Box
    hinge: Side | None
    slide: Literal["left", "right"] | None
    handle: HandleSpot | None


@dataclass(frozen=True, slots=True)
class SectionLayout:
    """A section in view coordinates: its cell, clear frame opening, leaves and glass."""

    spec: SectionSpec
    cell: Box
    opening: Box
    leaves: tuple[Leaf, ...]

    @property
    def panes(self) -> tuple[Box, ...]:
        """The glass (or panel) areas: one per leaf, or the frame opening when fixed."""
        return tuple(leaf.glass for leaf in self.leaves) or (self.opening,)


@dataclass(frozen=True, slots=True)
class Layout:
    """The whole window in the coordinates of its view (origin: top-left outer frame corner)."""

    width: int
    height: int
    view: Literal["outside", "inside"]
    bars: tuple[Box, ...]
    sections: tuple[SectionLayout, ...]
    x_edges: tuple[int, ...]
    y_edges: tuple[int, ...]


def _to_view(side: Side | None, inside: bool) -> Side | None:
    # Handing is defined from inside; the outside view sees left and right swapped.
    if inside or side in (None, "top", "bottom"):
        return side
    return "right" if side == "left" else "left"


def _merge(segments: dict[int, list[tuple[int, int]]]) -> list[tuple[int, int, int]]:
    merged: list[tuple[int, int, int]] = []
    for at in sorted(segments):
        spans = sorted(segments[at])
        lo, hi = spans[0]
        for a, b in spans[1:]:
            if a <= hi:
                hi = max(hi, b)
            else:
                merged.append((at, lo, hi))
                lo, hi = a, b
        merged.append((at, lo, hi))
    return merged


def _bars(cells: list[Box], width: int, height: int, frame: int, mullion: int) -> tuple[Box, ...]:
    """Mullions and transoms: one bar on every edge two cells share.

    Collinear pieces merge into one member. Verticals run through crossings; a member
    that ends against another stops at that member's face, so each joint is drawn once,
    the way the profiles are actually cut.
    """
    vertical: dict[int, list[tuple[int, int]]] = {}
    horizontal: dict[int, list[tuple[int, int]]] = {}
    for i, a in enumerate(cells):
        for b in cells[i + 1:]:
            for p, q in ((a, b), (b, a)):
                if p.right == q.x:
                    lo, hi = max(p.y, q.y), min(p.bottom, q.bottom)
                    if lo < hi:
                        vertical.setdefault(int(q.x), []).append((int(lo), int(hi)))
                if p.bottom == q.y:
                    lo, hi = max(p.x, q.x), min(p.right, q.right)
                    if lo < hi:
                        horizontal.setdefault(int(q.y), []).append((int(lo), int(hi)))
    half = mullion / 2
    verticals = _merge(vertical)
    horizontals = _merge(horizontal)
    out: list[Box] = []
    for x, y0, y1 in verticals:
        top = frame if y0 == 0 else y0 + half
        bottom = height - frame if y1 == height else y1 - half
        out.append(Box(x - half, top, mullion, bottom - top))
    for y, x0, x1 in horizontals:
        start = frame if x0 == 0 else x0 + half
        end = width - frame if x1 == width else x1 - half
        cuts = sorted(x for x, v0, v1 in verticals if x0 < x < x1 and v0 < y < v1)
        for cut in cuts:
            out.append(Box(start, y - half, cut - half - start, mullion))
            start = cut + half
        out.append(Box(start, y - half, end - start, mullion))
    return tuple(out)


def _handle(leaf: Box, hinge: Side | None, slide: str | None, sash: float, door: bool) -> HandleSpot:
    if hinge == "bottom":  # tilt: operated from the top rail
        return HandleSpot(leaf.cx, leaf.y + sash / 2, "left")
    if hinge == "top":  # top-hung: operated from the bottom rail
        return HandleSpot(leaf.cx, leaf.bottom - sash / 2, "left")
    if slide is not None:
        # The lock sits on the stile that leads when the leaf closes.
        side = "right" if slide == "left" else "left"
    else:
        side = "right" if hinge == "left" else "left"
    x = leaf.x + sash / 2 if side == "left" else leaf.right - sash / 2
    y = max(leaf.y + 2 * sash, leaf.bottom - HANDLE_HEIGHT_MM) if door else leaf.cy
    # Lift-and-slide leaves are heavy: their lever is about twice a window handle's.
    return HandleSpot(x, y, "down", 250.0 if slide is not None else 125.0)


def _leaves(s: SectionSpec, opening: Box, sash: float, inside: bool) -> tuple[Leaf, ...]:
    if s.opening == "fixed":
        return ()
    hinge = _to_view(hinge_side(s.opening), inside)
    slide = _to_view(slide_direction(s.opening), inside)
    if s.opening.startswith("dutch"):
        upper_h = round(opening.h / 2)
        boxes = [Box(opening.x, opening.y, opening.w, upper_h),
                 Box(opening.x, opening.y + upper_h, opening.w, opening.h - upper_h)]
    else:
        boxes = [opening]
    door = s.opening.startswith(("dutch", "sliding")) or opening.h >= DOOR_LEAF_MM
    leaves = []
    for i, box in enumerate(boxes):
        # The upper half of a Dutch door keeps its handle in the middle of the leaf.
        spot = _handle(box, hinge, slide, sash, door and i == len(boxes) - 1) if s.has_handle else None
        leaves.append(Leaf(box, box.inset(sash), hinge, slide, spot))  # type: ignore[arg-type]  # left/right stays left/right
    return tuple(leaves)


def layout(spec: WindowSpec) -> Layout:
    """Lay ``spec`` out in the coordinates of its view (mirrored for the inside view)."""
    view = spec.effective_view
    inside = view == "inside"
    width, height, frame = spec.width_mm, spec.height_mm, spec.frame_mm
    half = spec.mullion / 2
    cells = [Box(width - s.x_mm - s.width_mm if inside else s.x_mm, s.y_mm, s.width_mm, s.height_mm)
             for s in spec.sections]
    sections = []
    for s, cell in zip(spec.sections, cells, strict=True):
        left = frame if cell.x == 0 else half
        right = frame if cell.right == width else half
        top = frame if cell.y == 0 else half
        bottom = frame if cell.bottom == height else half
        opening = Box(cell.x + left, cell.y + top, cell.w - left - right, cell.h - top - bottom)
        sections.append(SectionLayout(s, cell, opening, _leaves(s, opening, spec.sash_mm, inside)))
    x_edges = sorted({int(c.x) for c in cells} | {int(c.right) for c in cells})
    y_edges = sorted({int(c.y) for c in cells} | {int(c.bottom) for c in cells})
    return Layout(width, height, view, _bars(cells, width, height, frame, spec.mullion),
                  tuple(sections), tuple(x_edges), tuple(y_edges))
